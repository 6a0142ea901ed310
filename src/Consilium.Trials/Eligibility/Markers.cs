using System.Globalization;
using System.Text.RegularExpressions;
using Consilium.Domain.Clinical;

namespace Consilium.Trials.Eligibility;

/// <summary>The tumour biomarkers criteria name, and how results and criteria write them.</summary>
public static partial class Markers
{
    public const string Egfr = "EGFR";
    public const string Alk = "ALK";
    public const string Ros1 = "ROS1";
    public const string KrasG12C = "KRAS G12C";
    public const string Kras = "KRAS";
    public const string Braf = "BRAF V600E";
    public const string Met = "MET";
    public const string Ret = "RET";
    public const string Her2 = "HER2";
    public const string Ntrk = "NTRK";
    public const string PdL1 = "PD-L1";

    public static IReadOnlyList<string> All { get; } = [Egfr, Alk, Ros1, KrasG12C, Kras, Braf, Met, Ret, Her2, Ntrk, PdL1];

    private static readonly Dictionary<string, string[]> Spellings = new(StringComparer.Ordinal)
    {
        [Egfr] = ["egfr$"],
        [Alk] = ["alk$", "alk-positive", "alk-rearrange", "alk fusion", "anaplastic lymphoma kinase"],
        [Ros1] = ["ros1$", "ros-1$", "ros 1$"],
        [KrasG12C] = ["kras g12c", "kras p.g12c", "kras-g12c", "g12c$"],
        [Kras] = ["kras$"],
        [Braf] = ["braf v600", "braf$"],
        [Met] = ["met exon", "met amplification", "met$ amplif", "c-met"],
        [Ret] = ["ret fusion", "ret rearrang", "ret-fusion", "ret$ gene"],
        [Her2] = ["her2", "erbb2", "her-2"],
        [Ntrk] = ["ntrk"],
        [PdL1] = ["pd-l1", "pdl1", "pd l1", "programmed death-ligand 1", "programmed death ligand 1", "cd274"],
    };

    public static bool Names(string text, string marker)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (marker == Kras && Spellings[KrasG12C].Any(s => TextMatch.StartsWord(text, s)))
        {
            return false; // "KRAS G12C" is the more specific marker
        }
        return Spellings[marker].Any(s => TextMatch.StartsWord(text, s));
    }

    /// <summary>Positive (an alteration found), negative (wild type, not detected), or null when the words do not say.</summary>
    public static bool? Polarity(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (NegativeWords().IsMatch(text))
        {
            return false;
        }
        return PositiveWords().IsMatch(text) ? true : null;
    }

    /// <summary>The first percentage in the text ("TPS 60%", "PD-L1 ≥ 50 %").</summary>
    public static decimal? Percent(string text)
    {
        var m = PercentPattern().Match(text);
        return m.Success ? decimal.Parse(m.Groups["v"].Value, CultureInfo.InvariantCulture) : null;
    }

    [GeneratedRegex(@"\b(?:negative|not detected|wild[- ]?type|wt\b|no (?:\w+ ){0,3}(?:mutation|alteration|rearrangement|fusion|amplification)s?|absent|without (?:\w+ ){0,3}(?:mutation|alteration|rearrangement|fusion)s?)", RegexOptions.IgnoreCase)]
    private static partial Regex NegativeWords();

    [GeneratedRegex(@"\b(?:positive|detected|mutat\w*|mutant|deletion|del19|exon \d+|l858r|t790m|insertion|rearrange\w*|fusion|amplifi\w*|translocation|alteration|altered|overexpress\w*|g12c|v600e?|\+)", RegexOptions.IgnoreCase)]
    private static partial Regex PositiveWords();

    [GeneratedRegex(@"(?<v>\d{1,3}(?:\.\d+)?)\s*%")]
    private static partial Regex PercentPattern();
}
