using Consilium.Domain.Cases;
using Consilium.Medications.Knowledge;

namespace Consilium.Medications.Review;

public enum FindingKind
{
    Interaction,
    Pharmacogenomic,
    Adherence,
    Duration,
}

/// <summary>How much a finding matters for the reviewing expert, most important first.</summary>
public enum FindingSeverity
{
    /// <summary>Act on it: a contraindicated or not-recommended combination, a strong CPIC recommendation to change the drug or dose.</summary>
    High,
    /// <summary>Review it: a precaution, a moderate CPIC recommendation, an adherence gap, weeks of treatment without improvement.</summary>
    Moderate,
    /// <summary>Worth knowing: take-into-account interactions, ONC non-interruptive pairs, optional CPIC recommendations, testing that could help.</summary>
    Low,
    /// <summary>Context: standard-dose CPIC results, questions to ask.</summary>
    Info,
}

/// <summary>One thing the medication review found, with the evidence behind it and the knowledge source that produced it.</summary>
/// <param name="Drugs">The medications concerned, as the record names them.</param>
/// <param name="Level">The source's own grading (ANSM level, CPIC classification, PDC), for display.</param>
/// <param name="Source">The knowledge source and version (or "case record" for adherence and duration).</param>
public sealed record MedicationFinding(
    FindingKind Kind,
    FindingSeverity Severity,
    IReadOnlyList<string> Drugs,
    string Summary,
    IReadOnlyList<string> Evidence,
    string Source)
{
    public string? Level { get; init; }
}

/// <summary>How one of the patient's medications was tied to the knowledge: by code, ingredient name or ATC code.</summary>
public sealed record IngredientMatch(string Ingredient, string How);

/// <summary>A drug class the medication belongs to through one of its ingredients.</summary>
public sealed record ClassMatch(string Class, string Ingredient);

/// <summary>One medication of the list the review works on (records of the same drug merged).</summary>
public sealed record ReviewedMedication(
    Medication Medication,
    bool Current,
    DateTimeOffset? FirstStart,
    IReadOnlyList<string> Sources,
    IReadOnlyList<IngredientMatch> Ingredients,
    IReadOnlyList<ClassMatch> Classes)
{
    public string Label => Medication.Code.Label;

    /// <summary>What the prescriber gave it for: the conditions it references, or its reason codes.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>How it matched, in one line ("clopidogrel (RxNorm code 32968)"), or why it did not.</summary>
    public string MatchDescription => Ingredients.Count == 0
        ? "not matched to any ingredient of the knowledge sources"
        : string.Join("; ", Ingredients.Select(i => $"{i.Ingredient} ({i.How})"))
          + (Classes.Count == 0 ? string.Empty : "; classes: " + string.Join(", ", Classes.Select(c => c.Class)));
}

/// <summary>The result of reviewing a case's medications: the list, the genotype interpretation and the ranked findings.</summary>
public sealed record MedicationReview(
    DateTimeOffset AsOf,
    IReadOnlyList<ReviewedMedication> Medications,
    IReadOnlyList<PhenotypeCall> Phenotypes,
    IReadOnlyList<MedicationFinding> Findings,
    IReadOnlyList<string> AdherenceQuestions,
    IReadOnlyList<KnowledgeSource> Sources);
