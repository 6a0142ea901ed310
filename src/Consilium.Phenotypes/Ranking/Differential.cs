using Consilium.Phenotypes.Annotations;

namespace Consilium.Phenotypes.Ranking;

/// <summary>One disease in the differential, at its rank.</summary>
/// <param name="Disease">The disease.</param>
/// <param name="Rank">1-based rank among the candidates considered.</param>
/// <param name="Score">Sum of log10 likelihood ratios of the findings (how much more likely under this disease than under others).</param>
/// <param name="Probability">Probability-like share of belief among the candidates considered (softmax of the scores, calibrated on published cases).</param>
/// <param name="Similarity">Secondary criterion: summed information content of the best common ancestor of each finding (Resnik), used to order equal scores.</param>
public sealed record Candidate(Disease Disease, int Rank, double Score, double Probability, double Similarity);

/// <summary>A ranked differential diagnosis for one patient.</summary>
public sealed record Differential(ResolvedFindings Findings, IReadOnlyList<Candidate> Candidates, int DiseasesConsidered);

/// <summary>What to rank and how much to return.</summary>
public sealed record RankingRequest
{
    /// <summary>How many candidates to return.</summary>
    public int Top { get; init; } = 10;

    /// <summary>Only diseases of these databases (e.g. <c>OMIM</c>); null for all.</summary>
    public IReadOnlySet<string>? Databases { get; init; }
}

/// <summary>How a patient's feature met the disease's features.</summary>
public enum MatchKind
{
    /// <summary>The disease is annotated with exactly this term.</summary>
    Exact,
    /// <summary>The disease is annotated with a more specific term (the patient's term is implied).</summary>
    DiseaseMoreSpecific,
    /// <summary>The patient's term is more specific than a term of the disease.</summary>
    PatientMoreSpecific,
    /// <summary>Only related through a common ancestor (sibling or cousin terms).</summary>
    CommonAncestor,
}

/// <summary>A patient feature paired with the disease feature that best explains it.</summary>
/// <param name="PatientTerm">The patient's term id.</param>
/// <param name="DiseaseTerm">The disease's annotated term id.</param>
/// <param name="CommonAncestor">Most informative term both share (the patient's term, the disease's, or an ancestor of both).</param>
/// <param name="Kind">How they met.</param>
/// <param name="Log10Ratio">The finding's contribution to the score.</param>
public sealed record FeatureMatch(string PatientTerm, string DiseaseTerm, string CommonAncestor, MatchKind Kind, double Log10Ratio);

/// <summary>A feature the patient does not have, weighed against a disease that usually shows it.</summary>
public sealed record ExcludedEvidence(string PatientTerm, string DiseaseTerm, double? DiseaseFrequency, double Log10Ratio);

/// <summary>Why a disease got its score.</summary>
/// <param name="FeaturesAlsoFrom">Ids of the equivalent entries (same condition, other databases) whose features were scored with the disease's own.</param>
/// <param name="SexLog10Ratio">What the patient's sex contributed (negative for a woman and an X-linked recessive disease; 0 otherwise).</param>
/// <param name="OnsetLog10Ratio">What the age of onset contributed (negative when it is far from every onset annotated for the disease; 0 otherwise).</param>
public sealed record CandidateExplanation(
    Candidate Candidate,
    IReadOnlyList<FeatureMatch> Matches,
    IReadOnlyList<FeatureMatch> Unmatched,
    IReadOnlyList<ExcludedEvidence> Excluded,
    IReadOnlyList<DiseaseFeature> AbsentInPatient,
    IReadOnlyList<string> FeaturesAlsoFrom,
    double SexLog10Ratio,
    double OnsetLog10Ratio);

/// <summary>Where a confirmed diagnosis landed in the differential.</summary>
/// <param name="Rank">1-based rank; 0 when the disease is not in the knowledge base.</param>
/// <param name="TiedAbove">Candidates ranked above it with exactly the same score (ordered by the tie-break).</param>
/// <param name="Probability">The probability-like score the truth got.</param>
/// <param name="TopProbability">The probability-like score of the first candidate.</param>
public readonly record struct TruthPlacement(int Rank, int TiedAbove, double Probability, double TopProbability);
