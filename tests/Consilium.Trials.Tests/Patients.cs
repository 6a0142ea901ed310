using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Trials.Eligibility;

namespace Consilium.Trials.Tests;

/// <summary>Small CaseFiles written by the tests: a patient, then the items each test needs.</summary>
internal static class Patients
{
    public static readonly DateOnly Today = new(2025, 6, 1);

    public static CaseFile Nsclc(int age = 64, AdministrativeSex sex = AdministrativeSex.Male, params ObservationRecord[] observations) => new()
    {
        Patient = new PatientProfile { Source = "Patient/1", BirthDate = Today.AddYears(-age).AddDays(-10), Sex = sex },
        Conditions = [Condition("Non-small cell lung cancer (disorder)")],
        Observations = observations,
    };

    public static Condition Condition(string text, string source = "Condition/1") =>
        new(source, CodedConcept.Of(CodeSystems.Snomed, "254637007", text)) { ClinicalStatus = ClinicalStatus.Active };

    public static ObservationRecord Result(string code, string display, string valueText, string source = "Observation/1") =>
        new(source, CodedConcept.Of(CodeSystems.Loinc, code, display)) { ValueText = valueText, Effective = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero) };

    public static ObservationRecord Lab(string loinc, string display, decimal value, string unit, string source = "Observation/lab") =>
        new(source, CodedConcept.Of(CodeSystems.Loinc, loinc, display)) { Value = value, Unit = unit, Effective = new DateTimeOffset(2025, 5, 1, 0, 0, 0, TimeSpan.Zero) };

    public static Medication Drug(string name, DateTimeOffset start, string source = "MedicationRequest/1") =>
        new(source, CodedConcept.Of(CodeSystems.RxNorm, "1", name)) { Status = MedicationStatus.Completed, Start = start };

    public static PatientFacts Facts(CaseFile file) => PatientFacts.From(file, Today);

    public static CriterionAssessment Assess(CaseFile file, CriterionKind kind, string text) =>
        CriterionEvaluator.Evaluate(new Criterion(kind, text, 0, text.Length), Facts(file));
}
