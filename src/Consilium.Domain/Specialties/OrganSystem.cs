namespace Consilium.Domain.Specialties;

/// <summary>
/// A body system, with the specialists who look after it. The one place where conditions meet specialties:
/// triage asks it which expertise a case needs; matching (experts) uses the same names.
/// </summary>
public sealed record OrganSystem(
    string Code,
    string Name,
    string Specialty,
    string SurgicalSpecialty,
    ExpertiseArea? LessInvasive,
    string OncologySubspecialty,
    string RadiologySubspecialty);

/// <summary>A specialty with a subspecialty, e.g. cardiology / interventional cardiology.</summary>
public sealed record ExpertiseArea(string Specialty, string Subspecialty);

/// <summary>A specialty and, where it matters, the subspecialty: the names shared by triage and the expert network.</summary>
public static class Specialty
{
    public const string Oncology = "oncology";
    public const string Surgery = "surgery";
    public const string Pathology = "pathology";
    public const string Radiology = "radiology";
    public const string InternalMedicine = "internal medicine";
    public const string MedicalGenetics = "medical genetics";
    public const string ClinicalPharmacology = "clinical pharmacology";

    public const string SurgicalOncology = "surgical oncology";
    public const string MedicalOncology = "medical oncology";
    public const string RadiationOncology = "radiation oncology";
    public const string CancerGenetics = "cancer genetics";
    public const string SurgicalPathology = "surgical pathology";
    public const string Hematopathology = "hematopathology";
    public const string DiagnosticMedicine = "diagnostic medicine";
    public const string RareDiseases = "rare diseases";
    public const string ComplexCare = "complex multimorbidity";
}
