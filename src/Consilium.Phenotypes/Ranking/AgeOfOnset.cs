using System.Globalization;
using System.Text.RegularExpressions;

namespace Consilium.Phenotypes.Ranking;

/// <summary>
/// Age of onset as HPO names it (the Onset branch, HP:0003674), on an ordered scale of age bands:
/// antenatal, congenital, neonatal, infantile, childhood, juvenile, young adult, middle age, late.
/// A broad term (pediatric, adult) covers several bands.
/// </summary>
public static partial class AgeOfOnset
{
    public const string Antenatal = "HP:0030674";
    public const string Congenital = "HP:0003577";
    public const string Neonatal = "HP:0003623";
    public const string Infantile = "HP:0003593";
    public const string Childhood = "HP:0011463";
    public const string Juvenile = "HP:0003621";
    public const string YoungAdult = "HP:0011462";
    public const string MiddleAge = "HP:0003596";
    public const string Late = "HP:0003584";

    private static readonly Dictionary<string, int[]> Bands = new(StringComparer.Ordinal)
    {
        [Antenatal] = [0],
        ["HP:0011460"] = [0], // embryonal
        ["HP:0011461"] = [0], // fetal
        ["HP:0034199"] = [0], // late first trimester
        ["HP:0034198"] = [0], // second trimester
        ["HP:0034197"] = [0], // third trimester
        [Congenital] = [1],
        [Neonatal] = [2],
        ["HP:0410280"] = [3, 4, 5], // pediatric
        [Infantile] = [3],
        [Childhood] = [4],
        [Juvenile] = [5],
        ["HP:0003581"] = [6, 7, 8], // adult
        [YoungAdult] = [6],
        ["HP:0025708"] = [6], // early young adult
        ["HP:0025709"] = [6], // intermediate young adult
        ["HP:0025710"] = [6], // late young adult
        [MiddleAge] = [7],
        [Late] = [8],
    };

    /// <summary>The age bands (0 antenatal … 8 late) an HPO onset term covers; empty for a term that is not an onset.</summary>
    public static IReadOnlyList<int> BandsOf(string termId) => Bands.TryGetValue(termId, out var b) ? b : [];

    /// <summary>
    /// The HPO onset term for an age given as an ISO 8601 duration (<c>P2Y6M</c>, <c>P3W</c>): zero is congenital, under
    /// 28 days neonatal, under 1 year infantile, under 5 years childhood, under 16 juvenile, under 40 young adult, under
    /// 60 middle age, else late. Null when the text is not such a duration.
    /// </summary>
    public static string? TermOfAge(string? iso8601)
    {
        if (iso8601 is null)
        {
            return null;
        }
        var m = Duration().Match(iso8601.Trim());
        if (!m.Success || m.Length <= 1)
        {
            return null;
        }
        double Part(int group) => m.Groups[group].Success ? double.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        var years = Part(1) + (Part(2) / 12) + (Part(3) / 52.18) + (Part(4) / 365.25);
        return years switch
        {
            0 => Congenital,
            < 28 / 365.25 => Neonatal,
            < 1 => Infantile,
            < 5 => Childhood,
            < 16 => Juvenile,
            < 40 => YoungAdult,
            < 60 => MiddleAge,
            _ => Late,
        };
    }

    /// <summary>Bit mask of the bands of the given onset terms (0 when none is an onset term).</summary>
    public static int MaskOf(IEnumerable<string> termIds)
    {
        var mask = 0;
        foreach (var id in termIds)
        {
            foreach (var b in BandsOf(id))
            {
                mask |= 1 << b;
            }
        }
        return mask;
    }

    /// <summary>True when some band of one mask is the same as, or next to, some band of the other.</summary>
    public static bool Compatible(int patientMask, int diseaseMask) =>
        (patientMask & (diseaseMask | (diseaseMask << 1) | (diseaseMask >> 1))) != 0;

    [GeneratedRegex(@"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T.*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Duration();
}
