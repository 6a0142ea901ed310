using Consilium.Domain.Cases;

namespace Consilium.Web.Features.Intake;

/// <summary>Adds what an uploaded FHIR Bundle says to a case file; the patient's own answers are kept.</summary>
public static class CaseFileMerge
{
    public static CaseFile Add(CaseFile existing, CaseFile bundle, string fileName)
    {
        ArgumentNullException.ThrowIfNull(existing);
        ArgumentNullException.ThrowIfNull(bundle);
        var patient = existing.Patient;
        var incoming = bundle.Patient;
        return existing with
        {
            Patient = patient with
            {
                Source = patient.Source ?? incoming.Source,
                BirthDate = patient.BirthDate ?? incoming.BirthDate,
                Sex = patient.Sex == AdministrativeSex.Unknown ? incoming.Sex : patient.Sex,
                Jurisdiction = patient.Jurisdiction ?? incoming.Jurisdiction,
                Languages = patient.Languages.Count > 0 ? patient.Languages : incoming.Languages,
                Deceased = patient.Deceased || incoming.Deceased,
                DeceasedAt = patient.DeceasedAt ?? incoming.DeceasedAt,
            },
            Conditions = [.. existing.Conditions, .. bundle.Conditions],
            Findings = [.. existing.Findings, .. bundle.Findings],
            Procedures = [.. existing.Procedures, .. bundle.Procedures],
            Medications = [.. existing.Medications, .. bundle.Medications],
            Observations = [.. existing.Observations, .. bundle.Observations],
            Goals = [.. existing.Goals, .. bundle.Goals],
            ImagingStudies = [.. existing.ImagingStudies, .. bundle.ImagingStudies],
            Documents = [.. existing.Documents, .. bundle.Documents],
            Intake = existing.Intake ?? bundle.Intake,
            PatientQuestion = existing.PatientQuestion ?? bundle.PatientQuestion,
            SourceNotes = [.. existing.SourceNotes, .. bundle.SourceNotes.Select(n => $"{fileName}: {n}")],
        };
    }
}
