using PdfSharp.Fonts;

namespace Consilium.Web.Features.Reports;

/// <summary>The DejaVu fonts could not be found: the message says where it looked and how to install them.</summary>
public sealed class ReportFontsMissingException : Exception
{
    public ReportFontsMissingException(string message) : base(message) { }
    public ReportFontsMissingException() { }
    public ReportFontsMissingException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Gives PDFsharp the DejaVu Sans fonts (regular and bold; Debian package <c>fonts-dejavu-core</c>). Looks in the configured directory
/// (<c>Consilium:Reports:FontDirectory</c>), then the usual font directories, then anywhere under them. PDFsharp takes one resolver per
/// process, so <see cref="Install"/> registers it once.
/// </summary>
public sealed class ReportFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";
    private const string Regular = "DejaVuSans.ttf";
    private const string Bold = "DejaVuSans-Bold.ttf";
    private static readonly string[] KnownDirectories =
    [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/local/share/fonts",
        "/usr/share/fonts",
    ];
    private static readonly Lock Gate = new();
    private readonly Dictionary<string, byte[]> _faces;

    private ReportFonts(Dictionary<string, byte[]> faces) => _faces = faces;

    /// <summary>
    /// Finds the fonts and registers them with PDFsharp (the first call wins; later calls only check the fonts can be found).
    /// Throws <see cref="ReportFontsMissingException"/> naming where it looked.
    /// </summary>
    public static void Install(string? fontDirectory = null)
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is ReportFonts)
            {
                return;
            }
            GlobalFontSettings.FontResolver = Load(fontDirectory);
        }
    }

    /// <summary>
    /// Loads the fonts from <paramref name="fontDirectory"/>, else from <paramref name="searchDirectories"/> (default: the usual font
    /// directories), directly or below them. Throws <see cref="ReportFontsMissingException"/> naming every place it looked.
    /// </summary>
    public static ReportFonts Load(string? fontDirectory, IEnumerable<string>? searchDirectories = null)
    {
        var searched = new List<string>();
        var known = searchDirectories?.ToList() ?? [.. KnownDirectories];
        var candidates = (string.IsNullOrWhiteSpace(fontDirectory) ? known : [fontDirectory, .. known]).Distinct().ToList();
        foreach (var dir in candidates)
        {
            searched.Add(dir);
            if (Directory.Exists(dir) && File.Exists(Path.Combine(dir, Regular)) && File.Exists(Path.Combine(dir, Bold)))
            {
                return FromDirectory(dir);
            }
        }
        foreach (var dir in candidates.Where(Directory.Exists))
        {
            var regular = Directory.EnumerateFiles(dir, Regular, SearchOption.AllDirectories).FirstOrDefault();
            if (regular is not null && File.Exists(Path.Combine(Path.GetDirectoryName(regular)!, Bold)))
            {
                return FromDirectory(Path.GetDirectoryName(regular)!);
            }
        }
        throw new ReportFontsMissingException(
            $"The PDF report needs the DejaVu Sans fonts ({Regular} and {Bold}) and found none in {string.Join(", ", searched)}. " +
            "Install them (Debian: apt-get install fonts-dejavu-core) or set Consilium:Reports:FontDirectory to a directory that holds them.");
    }

    private static ReportFonts FromDirectory(string dir) => new(new Dictionary<string, byte[]>(StringComparer.Ordinal)
    {
        [Regular] = File.ReadAllBytes(Path.Combine(dir, Regular)),
        [Bold] = File.ReadAllBytes(Path.Combine(dir, Bold)),
    });

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, false, italic);

    public byte[]? GetFont(string faceName) => _faces.TryGetValue(faceName, out var bytes) ? bytes : null;
}
