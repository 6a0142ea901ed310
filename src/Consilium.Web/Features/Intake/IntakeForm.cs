using System.ComponentModel.DataAnnotations;
using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Triage;

namespace Consilium.Web.Features.Intake;

/// <summary>
/// The web intake, all steps. <see cref="ApplyTo"/> turns the answers into the same <see cref="CaseFile"/> a FHIR intake
/// produces (a Condition, a proposed Procedure, Findings, Medications, <see cref="IntakeAnswers"/>), each item with a
/// <c>intake:...</c> source so triage can point at it; <see cref="From"/> reads a draft back to resume it.
/// </summary>
public sealed class IntakeForm
{
    public const string PatientSource = "intake:patient";
    public const string DiagnosisSource = "intake:diagnosis";
    public const string TreatmentSource = "intake:proposed-treatment";
    public const string SymptomSourcePrefix = "intake:symptom:";
    public const string MedicationSourcePrefix = "intake:medication:";
    public const string AnswersSource = "intake:answers";

    /// <summary>The situation codes ticked (get-only: the form binds the five checkboxes below, never this list).</summary>
    public List<string> Situations { get; } = [];

    public bool SurgeryPlanned { get => Has(SituationCode.SurgeryPlanned); set => Set(SituationCode.SurgeryPlanned, value); }

    public bool Cancer { get => Has(SituationCode.Cancer); set => Set(SituationCode.Cancer, value); }

    public bool SymptomsUnexplained { get => Has(SituationCode.SymptomsUnexplained); set => Set(SituationCode.SymptomsUnexplained, value); }

    public bool RareOrComplex { get => Has(SituationCode.RareOrComplex); set => Set(SituationCode.RareOrComplex, value); }

    public bool TreatmentNotWorking { get => Has(SituationCode.TreatmentNotWorking); set => Set(SituationCode.TreatmentNotWorking, value); }

    /// <summary>Required to send the case (see <see cref="MissingForSubmission"/>), not to save a step.</summary>
    public DateOnly? BirthDate { get; set; }

    public AdministrativeSex Sex { get; set; } = AdministrativeSex.Unknown;

    [StringLength(6, ErrorMessage = "Use a two-letter country code such as GB, DE or US.")]
    public string? Country { get; set; }

    [StringLength(500)]
    public string? Diagnosis { get; set; }

    [StringLength(500)]
    public string? ProposedTreatment { get; set; }

    public bool TreatmentIsSurgery { get; set; }

    public DateOnly? TreatmentDate { get; set; }

    [StringLength(2000)]
    public string? Symptoms { get; set; }

    [Range(0, 2000, ErrorMessage = "Enter the number of weeks (0 to 2000).")]
    public int? SymptomWeeks { get; set; }

    [StringLength(2000)]
    public string? Medications { get; set; }

    [Range(0, 2000, ErrorMessage = "Enter the number of weeks (0 to 2000).")]
    public int? MedicationWeeks { get; set; }

    /// <summary>"yes", "no" or empty (not sure).</summary>
    public string? Improving { get; set; }

    [StringLength(4000)]
    public string? Question { get; set; }

    public bool Consent { get; set; }

    /// <summary>Reads a draft's case file back into the form.</summary>
    public static IntakeForm From(CaseFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        var treatment = file.Procedures.FirstOrDefault(p => p.Source == TreatmentSource);
        var symptoms = file.Findings.Where(f => f.Source.StartsWith(SymptomSourcePrefix, StringComparison.Ordinal)).ToList();
        var medications = file.Medications.Where(m => m.Source.StartsWith(MedicationSourcePrefix, StringComparison.Ordinal)).ToList();
        var intake = file.Intake;
        var form = new IntakeForm
        {
            BirthDate = file.Patient.BirthDate,
            Sex = file.Patient.Sex,
            Country = file.Patient.Jurisdiction,
            Diagnosis = file.Conditions.FirstOrDefault(c => c.Source == DiagnosisSource)?.Code.Text,
            ProposedTreatment = treatment?.Code.Text,
            TreatmentIsSurgery = treatment?.IsSurgical ?? false,
            TreatmentDate = treatment?.PlannedFor is { } planned ? DateOnly.FromDateTime(planned.UtcDateTime) : intake?.SurgeryDate,
            Symptoms = symptoms.Count == 0 ? null : string.Join(Environment.NewLine, symptoms.Select(s => s.Code.Text)),
            SymptomWeeks = symptoms.FirstOrDefault() is { Onset: { } onset, Recorded: { } recorded } ? (int)Math.Round((recorded - onset).TotalDays / 7) : null,
            Medications = medications.Count == 0 ? null : string.Join(Environment.NewLine, medications.Select(m => m.Code.Text)),
            MedicationWeeks = intake?.TreatmentWeeks,
            Improving = intake?.Improving switch { true => "yes", false => "no", null => null },
            Question = file.PatientQuestion,
        };
        form.Situations.AddRange(intake?.Situations ?? []);
        return form;
    }

    /// <summary>
    /// The case file with this form's answers, replacing earlier intake answers and keeping everything else (e.g. what an
    /// uploaded FHIR Bundle added). <paramref name="now"/> dates the items ("symptoms for 6 weeks" = onset 6 weeks ago).
    /// </summary>
    public CaseFile ApplyTo(CaseFile file, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(file);
        static bool FromIntake(string source) => source.StartsWith("intake:", StringComparison.Ordinal);
        var situations = Situations.Where(SituationCode.IsKnown).Distinct().ToList();
        var improving = Improving switch { "yes" => true, "no" => (bool?)false, _ => null };

        var conditions = file.Conditions.Where(c => !FromIntake(c.Source)).ToList();
        if (Clean(Diagnosis) is { } diagnosis)
        {
            conditions.Insert(0, new Condition(DiagnosisSource, Concept(diagnosis)) { ClinicalStatus = ClinicalStatus.Active, Recorded = now });
        }

        var procedures = file.Procedures.Where(p => !FromIntake(p.Source)).ToList();
        if (Clean(ProposedTreatment) is { } treatment)
        {
            procedures.Insert(0, new ProcedureRecord(TreatmentSource, Concept(treatment))
            {
                Status = ProcedureStatus.Proposed,
                IsSurgical = TreatmentIsSurgery,
                PlannedFor = TreatmentDate is { } d ? new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null,
                ReasonReferences = Clean(Diagnosis) is null ? [] : [DiagnosisSource],
            });
        }

        var findings = file.Findings.Where(f => !FromIntake(f.Source)).ToList();
        var symptomLines = Lines(Symptoms);
        for (var i = 0; i < symptomLines.Count; i++)
        {
            findings.Insert(i, new Finding(SymptomSourcePrefix + (i + 1), Concept(symptomLines[i]))
            {
                Onset = SymptomWeeks is { } w ? now.AddDays(-7 * w) : null,
                Recorded = now,
            });
        }

        var medications = file.Medications.Where(m => !FromIntake(m.Source)).ToList();
        var medicationLines = Lines(Medications);
        for (var i = 0; i < medicationLines.Count; i++)
        {
            medications.Insert(i, new Medication(MedicationSourcePrefix + (i + 1), Concept(medicationLines[i]))
            {
                Status = MedicationStatus.Active,
                Start = MedicationWeeks is { } w ? now.AddDays(-7 * w) : null,
                ReasonReferences = Clean(Diagnosis) is null ? [] : [DiagnosisSource],
            });
        }

        return file with
        {
            Patient = file.Patient with
            {
                Source = file.Patient.Source ?? PatientSource,
                BirthDate = BirthDate ?? file.Patient.BirthDate,
                Sex = Sex == AdministrativeSex.Unknown ? file.Patient.Sex : Sex,
                Jurisdiction = Clean(Country)?.ToUpperInvariant() ?? file.Patient.Jurisdiction,
            },
            Conditions = conditions,
            Procedures = procedures,
            Findings = findings,
            Medications = medications,
            PatientQuestion = Clean(Question),
            Intake = new IntakeAnswers
            {
                Source = AnswersSource,
                Situations = situations,
                SurgeryDate = TreatmentIsSurgery ? TreatmentDate : null,
                SymptomsPersist = symptomLines.Count > 0 ? true : null,
                TreatmentWeeks = medicationLines.Count > 0 ? MedicationWeeks : null,
                Improving = improving,
                Question = Clean(Question),
            },
        };
    }

    /// <summary>What is still missing before the case can be submitted, in the patient's words.</summary>
    public IReadOnlyList<string> MissingForSubmission()
    {
        var missing = new List<string>();
        if (BirthDate is null)
        {
            missing.Add("your date of birth (step 1)");
        }
        if (Clean(Diagnosis) is null && Lines(Symptoms).Count == 0)
        {
            missing.Add("your diagnosis, or the symptoms you have (step 2)");
        }
        if (Clean(Question) is null)
        {
            missing.Add("the question you want the expert to answer (step 3)");
        }
        if (!Consent)
        {
            missing.Add("your consent to share your records with the reviewing experts (step 3)");
        }
        return missing;
    }

    /// <summary>Copies the answers of one wizard step (1, 2 or 3) from <paramref name="posted"/>.</summary>
    public void CopyStep(int step, IntakeForm posted)
    {
        ArgumentNullException.ThrowIfNull(posted);
        switch (step)
        {
            case 1:
                Situations.Clear();
                Situations.AddRange(posted.Situations);
                BirthDate = posted.BirthDate;
                Sex = posted.Sex;
                Country = posted.Country;
                break;
            case 2:
                Diagnosis = posted.Diagnosis;
                ProposedTreatment = posted.ProposedTreatment;
                TreatmentIsSurgery = posted.TreatmentIsSurgery;
                TreatmentDate = posted.TreatmentDate;
                Symptoms = posted.Symptoms;
                SymptomWeeks = posted.SymptomWeeks;
                Medications = posted.Medications;
                MedicationWeeks = posted.MedicationWeeks;
                Improving = posted.Improving;
                break;
            case 3:
                Question = posted.Question;
                Consent = posted.Consent;
                break;
        }
    }

    private bool Has(string code) => Situations.Contains(code);

    private void Set(string code, bool on)
    {
        Situations.Remove(code);
        if (on)
        {
            Situations.Add(code);
        }
    }

    private static CodedConcept Concept(string text) => new([], text);

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static List<string> Lines(string? value) =>
        value is null ? [] : [.. value.Split(['\n', '\r', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => l.Length > 0).Take(20)];
}
