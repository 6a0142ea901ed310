using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Triage;

namespace Consilium.Storage.Tests.Support;

/// <summary>Cases with every field filled, offsets other than UTC, sub-millisecond times, and a timeline.</summary>
internal static class CaseSamples
{
    private static readonly TimeSpan Paris = TimeSpan.FromHours(2);
    private static readonly TimeSpan NewYork = TimeSpan.FromHours(-5);

    /// <summary>Microsecond precision: what PostgreSQL's timestamptz keeps.</summary>
    public static DateTimeOffset At(int year, int month, int day, int hour, int minute, TimeSpan offset, int micro = 123_456) =>
        new DateTimeOffset(year, month, day, hour, minute, 7, offset).AddTicks(micro * 10L);

    public static CaseFile RichFile(string tag = "1") => new()
    {
        Patient = new PatientProfile
        {
            Source = $"urn:uuid:patient-{tag}",
            BirthDate = new DateOnly(1961, 2, 28),
            Sex = AdministrativeSex.Female,
            Jurisdiction = "US-MA",
            Languages = ["pt-BR", "en"],
            Deceased = true,
            // Sub-microsecond ticks and an offset: the JSON document keeps both exactly.
            DeceasedAt = new DateTimeOffset(2024, 12, 31, 23, 59, 59, NewYork).AddTicks(1_234_567),
        },
        Conditions =
        [
            new Condition("Condition/1", new CodedConcept([new ClinicalCode(CodeSystems.Icd10Cm, "C34.11", "Malignant neoplasm of upper lobe, right bronchus or lung"), new ClinicalCode(CodeSystems.Snomed, "254637007", "Non-small cell lung cancer")], "NSCLC, right upper lobe"))
            {
                ClinicalStatus = ClinicalStatus.Active,
                VerificationStatus = VerificationStatus.Confirmed,
                Onset = At(2024, 3, 1, 9, 30, Paris),
                Abatement = At(2024, 9, 1, 9, 30, Paris),
                Recorded = At(2024, 3, 2, 10, 0, TimeSpan.Zero),
            },
            new Condition("urn:uuid:cond-2", CodedConcept.Of(CodeSystems.Orphanet, "ORPHA:558", "Marfan syndrome"))
            {
                ClinicalStatus = ClinicalStatus.Remission,
                VerificationStatus = VerificationStatus.Differential,
                Onset = At(1990, 1, 1, 0, 0, NewYork),
                Abatement = At(2000, 1, 1, 0, 0, NewYork),
                Recorded = At(1990, 1, 2, 0, 0, NewYork),
            },
        ],
        Findings =
        [
            new Finding("Observation/hpo-1", CodedConcept.Of(CodeSystems.Hpo, "HP:0012735", "Cough"))
            {
                Present = false,
                Onset = At(2024, 1, 5, 8, 0, Paris),
                Recorded = At(2024, 2, 5, 8, 0, Paris),
                Resolved = true,
            },
        ],
        Procedures =
        [
            new ProcedureRecord("ServiceRequest/lobectomy", CodedConcept.Of(CodeSystems.Snomed, "173171007", "Lobectomy of lung"))
            {
                Status = ProcedureStatus.Proposed,
                IsSurgical = true,
                PlannedFor = At(2025, 1, 15, 7, 45, Paris),
                Performed = At(2025, 1, 16, 7, 45, Paris),
                ReasonReferences = ["Condition/1"],
                ReasonCodes = [CodedConcept.Of(CodeSystems.Icd10Cm, "C34.11", "Malignant neoplasm of upper lobe, right bronchus or lung")],
            },
        ],
        Medications =
        [
            new Medication("MedicationRequest/osimertinib", CodedConcept.Of(CodeSystems.RxNorm, "1721560", "osimertinib 80 MG Oral Tablet"))
            {
                Status = MedicationStatus.OnHold,
                Start = At(2024, 4, 1, 12, 0, Paris),
                End = At(2024, 8, 1, 12, 0, Paris),
                Dose = "80 mg once daily",
                ReasonReferences = ["Condition/1"],
                ReasonCodes = [CodedConcept.Of(CodeSystems.Snomed, "254637007", "Non-small cell lung cancer")],
            },
        ],
        Dispenses =
        [
            new DispenseRecord("MedicationDispense/osimertinib-1", CodedConcept.Of(CodeSystems.RxNorm, "1721560", "osimertinib 80 MG Oral Tablet"))
            {
                Status = "completed",
                HandedOver = At(2024, 4, 2, 17, 30, Paris),
                DaysSupply = 30,
                Prescriptions = ["MedicationRequest/osimertinib"],
            },
        ],
        Observations =
        [
            new ObservationRecord("Observation/egfr", CodedConcept.Of(CodeSystems.Loinc, "21667-1", "EGFR gene mutations found"))
            {
                Value = 12.345678901234567890m,
                Unit = "ng/mL",
                ValueText = "EGFR exon 19 deletion detected",
                Effective = At(2024, 3, 10, 14, 0, NewYork),
                Categories = ["laboratory", "genomics"],
                Interpretation = "H",
            },
        ],
        Goals =
        [
            new Goal("Goal/1", "Tumour shrinkage on CT")
            {
                Achievement = GoalAchievement.NoProgress,
                Addresses = ["Condition/1"],
                Start = At(2024, 4, 1, 0, 0, Paris),
                Active = false,
            },
        ],
        ImagingStudies =
        [
            new ImagingStudyRecord("ImagingStudy/ct-1")
            {
                StudyInstanceUid = "1.2.840.113619.2.55.3.604688119.969.1268071029.320",
                Modalities = ["CT", "PT"],
                BodySite = "Chest",
                Description = "PET-CT staging",
                Started = At(2024, 3, 3, 11, 0, Paris),
                Series = 4,
                Instances = 812,
            },
        ],
        Documents =
        [
            new ClinicalDocument("DiagnosticReport/path-1", "Pathology: right upper lobe biopsy")
            {
                Kind = DocumentKind.PathologyReport,
                ContentType = "text/plain; charset=utf-8",
                Date = At(2024, 3, 4, 16, 20, Paris),
                Text = "Adenocarcinoma, acinar predominant — «quoted» text, ünïcödé, \"escapes\"\nand a new line.",
                Code = CodedConcept.Of(CodeSystems.Loinc, "60567-5", "Comprehensive pathology report panel"),
            },
        ],
        Intake = new IntakeAnswers
        {
            Source = "QuestionnaireResponse/intake-1",
            Situations = [SituationCode.Cancer, SituationCode.SurgeryPlanned],
            SurgeryDate = new DateOnly(2025, 1, 15),
            SymptomsPersist = false,
            TreatmentWeeks = 16,
            Improving = false,
            Question = "Is the lobectomy necessary, or could radiotherapy be enough?",
        },
        PatientQuestion = "Should I have the operation?",
        SourceNotes = ["Skipped 2 Claim resources.", "The patient is deceased."],
    };

    public static TriageResult RichTriage() => new()
    {
        Situations =
        [
            new SituationFinding(SituationCode.Cancer, ["Condition/1"], ["ICD-10-CM C34.11 is a malignant neoplasm"]),
            new SituationFinding(SituationCode.SurgeryPlanned, ["ServiceRequest/lobectomy"], ["Lobectomy planned 2025-01-15"]),
        ],
        Urgency = Urgency.Expedited,
        UrgencyReasons = ["Surgery planned within 21 days"],
        Expertise = [new ExpertiseNeed("oncology", "thoracic oncology", "lung cancer"), new ExpertiseNeed("radiology", "thoracic radiology", "imaging re-read")],
        ImagingReread = true,
        TumorBoard = true,
        RedFlags = [new RedFlag("chest-pain", "Chest pain", ["Observation/cp"], "Call emergency services now.")],
        ForReview = ["D38.1 uncertain behaviour"],
        Disagreements = ["Patient ticked surgery-planned; records agree."],
    };

    /// <summary>A case moved to Triaged, with a triage result and events dated with several offsets.</summary>
    public static SecondOpinionCase TriagedCase(Guid? id = null, DateTimeOffset? createdAt = null)
    {
        var created = createdAt ?? At(2024, 11, 1, 8, 0, Paris);
        var c = new SecondOpinionCase(id ?? Guid.NewGuid(), RichFile(), "patient:ana", created);
        c.MoveTo(CaseStatus.Submitted, "patient:ana", created.AddMinutes(5), "Submitted from the web intake");
        c.MoveTo(CaseStatus.RecordsReview, "coordinator:lee", created.AddHours(1).ToOffset(NewYork), "Checking records");
        c.RecordTriage(RichTriage(), "coordinator:lee", created.AddHours(2).ToOffset(TimeSpan.Zero));
        return c;
    }

    public static SecondOpinionCase DraftCase(DateTimeOffset createdAt, string tag = "x") =>
        new(Guid.NewGuid(), RichFile(tag), $"patient:{tag}", createdAt);
}
