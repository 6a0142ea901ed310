using System.IO.Compression;
using System.Text;

namespace Consilium.Phenotypes;

/// <summary>Opens reference data files, plain or gzip-compressed (detected from the content, not the name).</summary>
public static class DataFiles
{
    /// <summary>Opens <paramref name="path"/> for reading, decompressing gzip on the fly.</summary>
    public static Stream OpenRead(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        Span<byte> magic = stackalloc byte[2];
        var read = file.Read(magic);
        file.Position = 0;
        if (read == 2 && magic[0] == 0x1f && magic[1] == 0x8b)
        {
            return new BufferedStream(new GZipStream(file, CompressionMode.Decompress), 1 << 16);
        }
        return file;
    }

    /// <summary>Opens <paramref name="path"/> as UTF-8 text, plain or gzip.</summary>
    public static TextReader OpenText(string path) => new StreamReader(OpenRead(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
}
