namespace Consilium.Phenotypes.Ranking;

/// <summary>
/// The knobs of the likelihood-ratio model. Defaults were chosen on the development phenopackets
/// (see the ddx-eval figures in the commit history); each one has a clinical meaning.
/// </summary>
public sealed record ScoringSettings
{
    /// <summary>P(feature | disease) assumed when the annotation gives no frequency.</summary>
    public double UnknownFrequency { get; init; } = 0.3;

    /// <summary>No feature is taken as certain: P(feature | disease) is capped here (case reports miss things).</summary>
    public double MaxFeatureProbability { get; init; } = 0.95;

    /// <summary>
    /// Weight of a match only through a common ancestor that the disease does not itself carry
    /// (the patient's feature is a sibling or cousin of the disease's), relative to an exact match at that ancestor.
    /// </summary>
    public double CommonAncestorWeight { get; init; } = 0.2;

    /// <summary>
    /// Share of a patient's reported features that are unrelated to the disease (noise, other conditions, and
    /// features the annotation simply does not list). Published case reports carry many such features, so this is
    /// high: a finding the disease does not explain costs at most log10(1/NoiseRate) relative to a neutral one
    /// (0.55 chosen on dev once equivalent entries were pooled; it was 0.02, which let single unexplained findings sink
    /// the true diagnosis).
    /// </summary>
    public double NoiseRate { get; init; } = 0.55;

    /// <summary>
    /// Annotation gaps: a disease annotated with few features is probably incompletely described, so a feature
    /// it does not explain is less surprising. The disease's noise rate becomes
    /// NoiseRate + (1 - NoiseRate) · K / (K + number of its features), with K this value (0 turns it off).
    /// </summary>
    public double AnnotationGapFeatures { get; init; }

    /// <summary>
    /// An excluded feature counts against a disease only where the annotation says the disease shows it
    /// at least this often (frequent or obligate). Case reports list rarer features as absent all the time.
    /// </summary>
    public double ExcludedMinFrequency { get; init; } = 0.95;

    /// <summary>The strongest evidence a single excluded feature can give: P(absent | disease) never falls below 1 - this.</summary>
    public double ExcludedMaxProbability { get; init; } = 0.9;

    /// <summary>
    /// Work-up relevance of an excluded feature: a clinician records a feature as absent because it was worth
    /// checking, i.e. because it belongs to the diseases under consideration. An excluded feature therefore also
    /// counts as weak evidence for the diseases it relates to, as the observed-feature ratio raised to this power
    /// (0 turns it off).
    /// </summary>
    public double ExcludedRelevanceWeight { get; init; } = 0.5;

    /// <summary>Likelihood ratio for an observed feature the annotation says the disease does NOT show.</summary>
    public double AbsentFeatureRatio { get; init; } = 0.05;

    /// <summary>
    /// Pseudo-count for frequencies given as n/m: (n + a) / (m + 2a). "1/1" from a single patient is weak
    /// evidence that a feature is obligate.
    /// </summary>
    public double CountPseudoCount { get; init; } = 1.0;

    /// <summary>
    /// Feature-list size correction. A patient's record lists a handful of features; under a disease described with
    /// many features, each one is less likely to be among those listed (the listing shares out over them).
    /// Ratios are multiplied by (typical expected feature count / this disease's expected feature count) ^ this
    /// exponent: 0 is the pure per-feature (Bernoulli) model, 1 the fully shared-out (multinomial) one.
    /// </summary>
    public double FeatureCountExponent { get; init; } = 0.6;

    /// <summary>Weight of the Resnik similarity (summed IC of the best common ancestor per finding, in nats) added to the log10 score.</summary>
    public double SimilarityWeight { get; init; }

    /// <summary>1: a finding implied by a more specific finding of the same patient is not counted again.</summary>
    public double DropImpliedFindings { get; init; }

    /// <summary>1: P(t | other) is the share of diseases showing t (counts); 0: the mean of P(t | d) (frequency-weighted).</summary>
    public double BackgroundByCount { get; init; }

    /// <summary>
    /// 1: P(t | other) is taken over the OMIM diseases only (when there are any). ORPHA entries largely restate OMIM
    /// conditions with different frequencies, so the mixed average double-counts those conditions.
    /// </summary>
    public double OmimBackground { get; init; } = 1;

    /// <summary>Divides the summed log10 likelihood ratios before the softmax that gives the probability-like score.</summary>
    /// <remarks>2.0 chosen on dev: a first candidate given 0.5–0.9 is the diagnosis about as often as it says.</remarks>
    public double ProbabilityTemperature { get; init; } = 2.0;

    /// <summary>
    /// 1: a disease is scored with the features of its equivalent entries in other databases added (the same condition
    /// under the same name, e.g. an ORPHA entry described from more publications than the OMIM one).
    /// </summary>
    public double PoolEquivalents { get; init; } = 1;

    /// <summary>
    /// Likelihood ratio for a female patient and a disease inherited only X-linked recessively (mostly males are
    /// affected; carriers rarely show it). 1 turns the sex evidence off. Y-linked diseases get the square of it.
    /// </summary>
    public double XLinkedRecessiveFemaleRatio { get; init; } = 0.1;

    /// <summary>
    /// Likelihood ratio when the patient's age of onset is neither the same as nor next to any onset the annotation
    /// gives for the disease (diseases without onset annotations are neutral). 1 turns onset off.
    /// </summary>
    public double OnsetMismatchRatio { get; init; } = 0.3;

    public static ScoringSettings Default { get; } = new();
}
