using Consilium.Trials.Registry;

namespace Consilium.Trials.Eligibility;

/// <summary>The structured kinds of criterion Consilium recognises.</summary>
public enum RequirementKind
{
    Age,
    Sex,
    Diagnosis,
    Histology,
    Stage,
    PerformanceStatus,
    Biomarker,
    PriorTherapy,
    BrainMetastases,
    OrganFunction,
    Pregnancy,
    OtherMalignancy,
}

/// <summary>
/// One statement about the patient that a criterion makes ("is 18 or older", "has an EGFR mutation", "is pregnant").
/// <see cref="Negated"/> turns it round ("has no brain metastases"). An inclusion criterion is met when its statements
/// hold; an exclusion criterion is met — and the patient excluded — when they hold.
/// </summary>
public abstract record Requirement(RequirementKind Kind)
{
    public bool Negated { get; init; }
}

/// <summary>Age in whole years, inclusive bounds.</summary>
public sealed record AgeRequirement(int? Min, int? Max) : Requirement(RequirementKind.Age);

public sealed record SexRequirement(TrialSex Sex) : Requirement(RequirementKind.Sex);

/// <summary>The patient has one of these cancers (concept ids of <see cref="CancerVocabulary"/>).</summary>
public sealed record DiagnosisRequirement(IReadOnlyList<string> AnyOf) : Requirement(RequirementKind.Diagnosis);

public enum Histology
{
    Squamous,
    NonSquamous,
    Adenocarcinoma,
}

public sealed record HistologyRequirement(Histology Histology) : Requirement(RequirementKind.Histology);

/// <summary>The cancer's stage group (1–4) is one of these.</summary>
public sealed record StageRequirement(IReadOnlySet<int> Stages, string Phrase) : Requirement(RequirementKind.Stage);

public enum PerformanceScale
{
    Ecog,
    Karnofsky,
}

/// <summary>Performance status within [Min, Max] on its scale.</summary>
public sealed record PerformanceRequirement(PerformanceScale Scale, int Min, int Max) : Requirement(RequirementKind.PerformanceStatus);

public enum Comparison
{
    AtLeast,
    MoreThan,
    AtMost,
    LessThan,
}

/// <summary>
/// A biomarker statement: one of <see cref="Markers"/> positive (or, with <see cref="Requirement.Negated"/>, all negative);
/// for PD-L1 a percentage threshold; <see cref="StatusKnown"/> only asks that the result be known.
/// </summary>
public sealed record BiomarkerRequirement(IReadOnlyList<string> Markers) : Requirement(RequirementKind.Biomarker)
{
    public (Comparison Comparison, decimal Percent)? PdL1Threshold { get; init; }
    public bool StatusKnown { get; init; }
}

/// <summary>Prior lines of systemic anticancer therapy within [Min, Max].</summary>
public sealed record PriorTherapyRequirement(int Min, int? Max) : Requirement(RequirementKind.PriorTherapy);

/// <summary>The patient has brain (CNS) metastases; <see cref="Permissive"/>: the criterion only allows them.</summary>
public sealed record BrainMetastasesRequirement(bool Permissive) : Requirement(RequirementKind.BrainMetastases);

/// <summary>A lab threshold ("ANC ≥ 1.5 × 10⁹/L", "bilirubin ≤ 1.5 × ULN").</summary>
public sealed record LabThreshold(Analyte Analyte, Comparison Comparison, decimal Value, bool TimesUpperLimit);

/// <summary>Organ function: every threshold holds; none given means "adequate organ function" without numbers.</summary>
public sealed record OrganFunctionRequirement(IReadOnlyList<LabThreshold> Thresholds) : Requirement(RequirementKind.OrganFunction);

/// <summary>The patient is pregnant or breastfeeding.</summary>
public sealed record PregnancyRequirement() : Requirement(RequirementKind.Pregnancy);

/// <summary>The patient has (had) another malignancy besides the one the trial is for.</summary>
public sealed record OtherMalignancyRequirement() : Requirement(RequirementKind.OtherMalignancy);
