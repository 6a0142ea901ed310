using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Consilium.Imaging.Synthetic;

/// <summary>A series to generate: modality, body part, description, how many images and their size.</summary>
public sealed record SyntheticSeries(string Modality, string BodyPart, string Description, int Images, int Rows = 64, int Columns = 64);

/// <summary>
/// Writes a synthetic, multi-series DICOM study (no patient data: a made-up patient and pixel gradients) with DCMTK's
/// <c>dump2dcm</c> (Debian package <c>dcmtk</c>): one file per image, real DICOM Part 10 files that any archive reads.
/// Used by the imaging tests and by <c>consilium bench imaging</c>.
/// </summary>
public static class SyntheticStudy
{
    /// <summary>The dump2dcm binary, or null when dcmtk is not installed.</summary>
    public static string? Dump2Dcm() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append("/usr/bin").Select(d => Path.Combine(d, "dump2dcm")).FirstOrDefault(File.Exists);

    /// <summary>A new UID under the UUID-derived root 2.25 (PS3.5 B.2).</summary>
    public static string NewUid() => "2.25." + new System.Numerics.BigInteger(Guid.NewGuid().ToByteArray().Append((byte)0).ToArray()).ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Writes the study into <paramref name="directory"/> (one sub-folder per series) and returns its StudyInstanceUID and the
    /// files written, in order.
    /// </summary>
    public static async Task<(string StudyInstanceUid, IReadOnlyList<string> Files)> WriteAsync(
        string directory, IReadOnlyList<SyntheticSeries> series, string description = "SYNTHETIC STUDY", string studyDate = "20240115", IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(series);
        var dump2dcm = Dump2Dcm() ?? throw new InvalidOperationException("dump2dcm (Debian package dcmtk) is not installed.");
        var studyUid = NewUid();
        var files = new List<string>();
        var patientId = "SYN-" + Guid.NewGuid().ToString("N")[..8];
        for (var s = 0; s < series.Count; s++)
        {
            var spec = series[s];
            var seriesUid = NewUid();
            var folder = Path.Combine(directory, $"series{s + 1}");
            Directory.CreateDirectory(folder);
            var pixels = Path.Combine(folder, "pixels.raw");
            await File.WriteAllBytesAsync(pixels, Gradient(spec.Rows, spec.Columns, s), cancellationToken);
            for (var i = 0; i < spec.Images; i++)
            {
                var dump = Path.Combine(folder, $"IM{i + 1:D4}.txt");
                var file = Path.Combine(folder, $"IM{i + 1:D4}.dcm");
                await File.WriteAllTextAsync(dump, Dump(spec, studyUid, seriesUid, NewUid(), s + 1, i + 1, patientId, description, studyDate, pixels), Encoding.ASCII, cancellationToken);
                await RunAsync(dump2dcm, ["--write-file", dump, file], cancellationToken);
                File.Delete(dump);
                files.Add(file);
                progress?.Report(files.Count);
            }
            File.Delete(pixels);
        }
        return (studyUid, files);
    }

    private static string Dump(SyntheticSeries spec, string studyUid, string seriesUid, string instanceUid, int seriesNumber, int instanceNumber, string patientId, string description, string studyDate, string pixels) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            (0002,0002) UI =SecondaryCaptureImageStorage
            (0002,0003) UI [{instanceUid}]
            (0002,0010) UI =LittleEndianExplicit
            (0008,0016) UI =SecondaryCaptureImageStorage
            (0008,0018) UI [{instanceUid}]
            (0008,0020) DA [{studyDate}]
            (0008,0060) CS [{spec.Modality}]
            (0008,1030) LO [{description}]
            (0008,103e) LO [{spec.Description}]
            (0010,0010) PN [Synthetic^Patient]
            (0010,0020) LO [{patientId}]
            (0018,0015) CS [{spec.BodyPart}]
            (0020,000d) UI [{studyUid}]
            (0020,000e) UI [{seriesUid}]
            (0020,0011) IS [{seriesNumber}]
            (0020,0013) IS [{instanceNumber}]
            (0028,0002) US 1
            (0028,0004) CS [MONOCHROME2]
            (0028,0010) US {spec.Rows}
            (0028,0011) US {spec.Columns}
            (0028,0100) US 16
            (0028,0101) US 12
            (0028,0102) US 11
            (0028,0103) US 0
            (7fe0,0010) OW ={pixels}

            """);

    private static byte[] Gradient(int rows, int columns, int seed)
    {
        var bytes = new byte[rows * columns * 2];
        for (var y = 0; y < rows; y++)
        {
            for (var x = 0; x < columns; x++)
            {
                var value = (ushort)(((x * 4095 / Math.Max(1, columns - 1)) + (y * 97) + (seed * 400)) % 4096);
                var at = ((y * columns) + x) * 2;
                bytes[at] = (byte)(value & 0xff);
                bytes[at + 1] = (byte)(value >> 8);
            }
        }
        return bytes;
    }

    private static async Task RunAsync(string executable, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in arguments)
        {
            start.ArgumentList.Add(a);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        _ = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(executable)} failed ({process.ExitCode}): {await error}");
        }
    }
}
