using Consilium.Domain.Clinical;

namespace Consilium.Domain.Cases;

/// <summary>
/// One patient's clinical picture, independent of where it came from (web intake, a FHIR Bundle, a file).
/// Every item carries <c>Source</c>: the reference it was read from (<c>Condition/123</c> or an entry's fullUrl),
/// so that triage and opinions can point at their evidence.
/// </summary>
public sealed record CaseFile
{
    public PatientProfile Patient { get; init; } = new();
    public IReadOnlyList<Condition> Conditions { get; init; } = [];
    public IReadOnlyList<Finding> Findings { get; init; } = [];
    public IReadOnlyList<ProcedureRecord> Procedures { get; init; } = [];
    public IReadOnlyList<Medication> Medications { get; init; } = [];
    /// <summary>Dispensing history (pharmacy fills), when the record has it: the basis for adherence (days covered).</summary>
    public IReadOnlyList<DispenseRecord> Dispenses { get; init; } = [];
    public IReadOnlyList<ObservationRecord> Observations { get; init; } = [];
    public IReadOnlyList<Goal> Goals { get; init; } = [];
    public IReadOnlyList<ImagingStudyRecord> ImagingStudies { get; init; } = [];
    public IReadOnlyList<ClinicalDocument> Documents { get; init; } = [];
    /// <summary>What the patient answered in the intake questionnaire, when they did.</summary>
    public IntakeAnswers? Intake { get; init; }
    /// <summary>The patient's own question, in their words.</summary>
    public string? PatientQuestion { get; init; }
    /// <summary>Notes the reader left about the source (resources skipped, deceased patient, ...).</summary>
    public IReadOnlyList<string> SourceNotes { get; init; } = [];
}

public enum AdministrativeSex
{
    Unknown,
    Female,
    Male,
    Other,
}

public sealed record PatientProfile
{
    public string? Source { get; init; }
    public DateOnly? BirthDate { get; init; }
    public AdministrativeSex Sex { get; init; } = AdministrativeSex.Unknown;
    /// <summary>ISO 3166 country (and optionally subdivision, e.g. <c>US-MA</c>) whose rules apply to the case.</summary>
    public string? Jurisdiction { get; init; }
    /// <summary>Languages the patient reads and speaks (BCP 47 tags, preferred first).</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];
    public bool Deceased { get; init; }
    public DateTimeOffset? DeceasedAt { get; init; }

    /// <summary>Age in full years on <paramref name="on"/> (at death if the patient has died), or null when unknown.</summary>
    public int? AgeOn(DateOnly on)
    {
        if (BirthDate is not { } birth)
        {
            return null;
        }
        var end = DeceasedAt is { } died && DateOnly.FromDateTime(died.UtcDateTime) < on ? DateOnly.FromDateTime(died.UtcDateTime) : on;
        var age = end.Year - birth.Year;
        if (end < birth.AddYears(age))
        {
            age--;
        }
        return Math.Max(age, 0);
    }
}

public enum ClinicalStatus
{
    Unknown,
    Active,
    Recurrence,
    Relapse,
    Inactive,
    Remission,
    Resolved,
}

public enum VerificationStatus
{
    Unknown,
    Unconfirmed,
    Provisional,
    Differential,
    Confirmed,
    Refuted,
    EnteredInError,
}

/// <summary>A diagnosis or problem.</summary>
public sealed record Condition(string Source, CodedConcept Code)
{
    public ClinicalStatus ClinicalStatus { get; init; } = ClinicalStatus.Unknown;
    public VerificationStatus VerificationStatus { get; init; } = VerificationStatus.Unknown;
    public DateTimeOffset? Onset { get; init; }
    public DateTimeOffset? Abatement { get; init; }
    public DateTimeOffset? Recorded { get; init; }

    /// <summary>Active, recurrent or relapsed (unknown status counts as active: a record that does not say otherwise).</summary>
    public bool IsActive => ClinicalStatus is ClinicalStatus.Active or ClinicalStatus.Recurrence or ClinicalStatus.Relapse or ClinicalStatus.Unknown;

    /// <summary>Not refuted or entered in error.</summary>
    public bool IsStanding => VerificationStatus is not (VerificationStatus.Refuted or VerificationStatus.EnteredInError);

    public bool IsUncertain => VerificationStatus is VerificationStatus.Provisional or VerificationStatus.Differential or VerificationStatus.Unconfirmed;
}

/// <summary>A symptom, sign or finding (HPO-coded when possible); <see cref="Present"/> false means explicitly excluded.</summary>
public sealed record Finding(string Source, CodedConcept Code)
{
    public bool Present { get; init; } = true;
    public DateTimeOffset? Onset { get; init; }
    /// <summary>When it was recorded or last observed.</summary>
    public DateTimeOffset? Recorded { get; init; }
    public bool Resolved { get; init; }
}

public enum ProcedureStatus
{
    Unknown,
    /// <summary>Recommended or scheduled, not yet done (ServiceRequest plan/proposal/order, Procedure preparation).</summary>
    Proposed,
    InProgress,
    Completed,
    NotDone,
    Stopped,
    EnteredInError,
}

/// <summary>A proposed or past procedure.</summary>
public sealed record ProcedureRecord(string Source, CodedConcept Code)
{
    public ProcedureStatus Status { get; init; } = ProcedureStatus.Unknown;
    /// <summary>True when the record puts it in the surgical-procedure category (SNOMED 387713003) or it is a surgery by its code.</summary>
    public bool IsSurgical { get; init; }
    public DateTimeOffset? PlannedFor { get; init; }
    public DateTimeOffset? Performed { get; init; }
    /// <summary>References to the conditions it is meant to treat.</summary>
    public IReadOnlyList<string> ReasonReferences { get; init; } = [];
    public IReadOnlyList<CodedConcept> ReasonCodes { get; init; } = [];
}

public enum MedicationStatus
{
    Unknown,
    Active,
    Completed,
    Stopped,
    OnHold,
    Draft,
    EnteredInError,
}

public sealed record Medication(string Source, CodedConcept Code)
{
    public MedicationStatus Status { get; init; } = MedicationStatus.Unknown;
    public DateTimeOffset? Start { get; init; }
    public DateTimeOffset? End { get; init; }
    /// <summary>Dose as written (e.g. "20 mg once daily").</summary>
    public string? Dose { get; init; }
    public IReadOnlyList<string> ReasonReferences { get; init; } = [];
    public IReadOnlyList<CodedConcept> ReasonCodes { get; init; } = [];
}

/// <summary>A pharmacy fill of a medication (FHIR MedicationDispense).</summary>
public sealed record DispenseRecord(string Source, CodedConcept Code)
{
    /// <summary>FHIR status code as written (completed, in-progress, cancelled, ...); null when absent.</summary>
    public string? Status { get; init; }
    /// <summary>When the patient received it (whenHandedOver, else whenPrepared).</summary>
    public DateTimeOffset? HandedOver { get; init; }
    /// <summary>How many days the fill covers, when the record says.</summary>
    public int? DaysSupply { get; init; }
    /// <summary>References to the prescriptions it fills.</summary>
    public IReadOnlyList<string> Prescriptions { get; init; } = [];
}

/// <summary>A measurement, lab result, vital sign or biomarker.</summary>
public sealed record ObservationRecord(string Source, CodedConcept Code)
{
    public decimal? Value { get; init; }
    public string? Unit { get; init; }
    /// <summary>A coded or textual value (e.g. "EGFR exon 19 deletion detected").</summary>
    public string? ValueText { get; init; }
    public DateTimeOffset? Effective { get; init; }
    /// <summary>FHIR observation category codes (laboratory, vital-signs, survey, ...).</summary>
    public IReadOnlyList<string> Categories { get; init; } = [];
    public string? Interpretation { get; init; }
}

public enum GoalAchievement
{
    Unknown,
    InProgress,
    Improving,
    Worsening,
    NoChange,
    Achieved,
    Sustaining,
    NotAchieved,
    NoProgress,
    NotAttainable,
}

public sealed record Goal(string Source, string Description)
{
    public GoalAchievement Achievement { get; init; } = GoalAchievement.Unknown;
    /// <summary>References to the conditions the goal addresses.</summary>
    public IReadOnlyList<string> Addresses { get; init; } = [];
    public DateTimeOffset? Start { get; init; }
    public bool Active { get; init; } = true;

    /// <summary>The goal says treatment is failing: worsening, no change, no progress or not achieved.</summary>
    public bool ShowsNoImprovement => Achievement is GoalAchievement.Worsening or GoalAchievement.NoChange or GoalAchievement.NoProgress or GoalAchievement.NotAchieved;
}

public sealed record ImagingStudyRecord(string Source)
{
    public string? StudyInstanceUid { get; init; }
    public IReadOnlyList<string> Modalities { get; init; } = [];
    public string? BodySite { get; init; }
    public string? Description { get; init; }
    public DateTimeOffset? Started { get; init; }
    public int Series { get; init; }
    public int Instances { get; init; }
}

public enum DocumentKind
{
    Other,
    DiagnosticReport,
    ImagingReport,
    PathologyReport,
    ClinicalNote,
    Upload,
}

public sealed record ClinicalDocument(string Source, string Title)
{
    public DocumentKind Kind { get; init; } = DocumentKind.Other;
    public string? ContentType { get; init; }
    public DateTimeOffset? Date { get; init; }
    /// <summary>The text of a conclusion or note, when the record carries one.</summary>
    public string? Text { get; init; }
    public CodedConcept? Code { get; init; }
}

/// <summary>Answers to the intake questionnaire (canonical <c>http://consilium.example/fhir/Questionnaire/intake</c>).</summary>
public sealed record IntakeAnswers
{
    public const string QuestionnaireUrl = "http://consilium.example/fhir/Questionnaire/intake";

    public string? Source { get; init; }
    /// <summary>The situations the patient ticked (codes from <see cref="Triage.SituationCode"/>).</summary>
    public IReadOnlyList<string> Situations { get; init; } = [];
    public DateOnly? SurgeryDate { get; init; }
    public bool? SymptomsPersist { get; init; }
    public int? TreatmentWeeks { get; init; }
    public bool? Improving { get; init; }
    public string? Question { get; init; }
}
