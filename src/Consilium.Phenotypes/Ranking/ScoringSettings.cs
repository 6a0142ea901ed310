namespace Consilium.Phenotypes.Ranking;

/// <summary>
/// The knobs of the likelihood-ratio model. Defaults were chosen on the development phenopackets
/// (see the ddx-eval figures in the commit history); each one has a clinical meaning.
/// </summary>
public sealed record ScoringSettings
{
    /// <summary>P(feature | disease) assumed when the annotation gives no frequency.</summary>
    public double UnknownFrequency { get; init; } = 0.5;

    /// <summary>No feature is taken as certain: P(feature | disease) is capped here (case reports miss things).</summary>
    public double MaxFeatureProbability { get; init; } = 0.95;

    /// <summary>
    /// Weight of a match only through a common ancestor that the disease does not itself carry
    /// (the patient's feature is a sibling or cousin of the disease's), relative to an exact match at that ancestor.
    /// </summary>
    public double CommonAncestorWeight { get; init; } = 0.1;

    /// <summary>Share of a patient's reported features that are unrelated to the disease (noise, other conditions).</summary>
    public double NoiseRate { get; init; } = 0.02;

    /// <summary>
    /// An excluded feature counts against a disease only where the annotation says the disease shows it
    /// at least this often (frequent or obligate). Case reports list rarer features as absent all the time.
    /// </summary>
    public double ExcludedMinFrequency { get; init; } = 0.5;

    /// <summary>The strongest evidence a single excluded feature can give: P(absent | disease) never falls below 1 - this.</summary>
    public double ExcludedMaxProbability { get; init; } = 0.9;

    /// <summary>Likelihood ratio for an observed feature the annotation says the disease does NOT show.</summary>
    public double AbsentFeatureRatio { get; init; } = 0.05;

    /// <summary>Divides the summed log10 likelihood ratios before the softmax that gives the probability-like score.</summary>
    public double ProbabilityTemperature { get; init; } = 1.0;

    public static ScoringSettings Default { get; } = new();
}
