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

    /// <summary>File name patterns of an HPO ontology release, most preferred first.</summary>
    public static IReadOnlyList<string> OntologyPatterns { get; } = ["hp*.json.gz", "hp*.json", "hp*.obo.gz", "hp*.obo"];

    /// <summary>File name patterns of an HPO annotation release, most preferred first.</summary>
    public static IReadOnlyList<string> AnnotationPatterns { get; } = ["phenotype*.hpoa.gz", "phenotype*.hpoa"];

    /// <summary>File name patterns of HPO's gene–disease links, most preferred first.</summary>
    public static IReadOnlyList<string> GeneLinkPatterns { get; } = ["genes_to_disease*.txt.gz", "genes_to_disease*.txt"];

    /// <summary>The gene–disease links in an HPO data directory, or null when there are none (they are optional).</summary>
    public static string? FindGeneLinks(string directory) => FindFirst(directory, GeneLinkPatterns);

    /// <summary>The ontology file in an HPO data directory, or null when there is none.</summary>
    public static string? FindOntology(string directory) => FindFirst(directory, OntologyPatterns);

    /// <summary>The annotation file in an HPO data directory, or null when there is none.</summary>
    public static string? FindAnnotations(string directory) => FindFirst(directory, AnnotationPatterns);

    /// <summary>
    /// The first pattern with matches wins; within it the lexically smallest name (the oldest dated release, which pairs
    /// with the annotations shipped beside it).
    /// </summary>
    private static string? FindFirst(string directory, IReadOnlyList<string> patterns)
    {
        foreach (var pattern in patterns)
        {
            var files = Directory.GetFiles(directory, pattern).Order(StringComparer.Ordinal).ToArray();
            if (files.Length > 0)
            {
                return files[0];
            }
        }
        return null;
    }

    /// <summary>Opens <paramref name="path"/> as UTF-8 text, plain or gzip.</summary>
    public static TextReader OpenText(string path) => new StreamReader(OpenRead(path), Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
}
