using System.Globalization;

namespace Consilium.Phenotypes.Annotations;

/// <summary>
/// How often a disease shows a feature, as the annotation file states it: an HPO frequency term
/// (HP:0040280 Obligate … HP:0040285 Excluded), a count <c>n/m</c>, or a percentage.
/// </summary>
public readonly record struct FeatureFrequency(double Value, int Numerator, int Denominator, string? FrequencyTermId)
{
    /// <summary>Obligate, 100%.</summary>
    public const string Obligate = "HP:0040280";
    /// <summary>Very frequent, 80–99%.</summary>
    public const string VeryFrequent = "HP:0040281";
    /// <summary>Frequent, 30–79%.</summary>
    public const string Frequent = "HP:0040282";
    /// <summary>Occasional, 5–29%.</summary>
    public const string Occasional = "HP:0040283";
    /// <summary>Very rare, 1–4%.</summary>
    public const string VeryRare = "HP:0040284";
    /// <summary>Excluded, 0%.</summary>
    public const string Excluded = "HP:0040285";

    /// <summary>True when the frequency came as a count <c>n/m</c>.</summary>
    public bool IsCount => Denominator > 0;

    /// <summary>Parses the frequency column; null when empty or unreadable.</summary>
    public static FeatureFrequency? Parse(string text)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return null;
        }
        if (text.StartsWith("HP:", StringComparison.Ordinal))
        {
            double? v = text switch
            {
                Obligate => 1.0,
                VeryFrequent => 0.895, // midpoints of the ranges HPO gives
                Frequent => 0.545,
                Occasional => 0.17,
                VeryRare => 0.025,
                Excluded => 0.0,
                _ => null,
            };
            return v is { } value ? new FeatureFrequency(value, 0, 0, text) : null;
        }
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.Integer, CultureInfo.InvariantCulture, out var m)
            && m > 0 && n >= 0 && n <= m)
        {
            return new FeatureFrequency((double)n / m, n, m, null);
        }
        if (text.EndsWith('%')
            && double.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var pct)
            && pct is >= 0 and <= 100)
        {
            return new FeatureFrequency(pct / 100.0, 0, 0, null);
        }
        return null;
    }

    public override string ToString() => FrequencyTermId ?? (IsCount ? $"{Numerator}/{Denominator}" : Value.ToString("P0", CultureInfo.InvariantCulture));
}
