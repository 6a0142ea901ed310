using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Consilium.Medications.Knowledge.Import;

/// <summary>Finding a source's files in the operator's directory, and fingerprinting them.</summary>
internal static partial class SourceFiles
{
    /// <summary>The first file (in path order) under <paramref name="dir"/> whose name matches, at any depth.</summary>
    public static string? Find(string dir, string pattern) =>
        Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).FirstOrDefault();

    public static string[] FindAll(string dir, string pattern) =>
        Directory.EnumerateFiles(dir, pattern, SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();

    /// <summary>First 12 hex digits of the SHA-256 of the files' contents, in the order given.</summary>
    public static string Sha256(IEnumerable<string> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        foreach (var f in files)
        {
            using var s = File.OpenRead(f);
            int n;
            while ((n = s.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, n);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset())[..12];
    }

    public static KnowledgeSource Source(string name, string version, string root, IReadOnlyList<string> files) =>
        new(name, version, Sha256(files), files.Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).ToList());

    /// <summary>A year-month stated in a file name (<c>all_eng_tables_sept2016.xml</c> → 2016-09), or null.</summary>
    public static string? VersionFromName(string path)
    {
        var m = MonthYear().Match(Path.GetFileName(path));
        if (!m.Success)
        {
            return null;
        }
        var month = Array.FindIndex(Months, x => m.Groups[1].Value.StartsWith(x, StringComparison.OrdinalIgnoreCase)) + 1;
        return string.Create(CultureInfo.InvariantCulture, $"{m.Groups[2].Value}-{month:00}");
    }

    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    [GeneratedRegex(@"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[_\-]?((?:19|20)\d\d)", RegexOptions.IgnoreCase)]
    private static partial Regex MonthYear();

    /// <summary>The lines of a text file whatever its line endings (CRLF, CR or LF), BOM removed.</summary>
    public static IEnumerable<string> Lines(string path) =>
        File.ReadAllText(path).TrimStart('\uFEFF').Split(["\r\n", "\r", "\n"], StringSplitOptions.None);
}
