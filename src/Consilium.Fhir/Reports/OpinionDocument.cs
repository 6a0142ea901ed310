using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Consilium.Fhir.Reports;

/// <summary>
/// A delivered opinion as a FHIR R4 document the referring system can file: a <c>Bundle</c> of type <c>document</c> whose first entry is
/// the <c>Composition</c> (one section per part of the clinician report, plus the patient summary), followed by the <c>Patient</c>, a
/// <c>DiagnosticReport</c> (the conclusion), a <c>ClinicalImpression</c> (concordance and plan) and the author <c>Practitioner</c>s.
/// Resource ids are derived from the opinion and version, so the same version always gives the same document.
/// </summary>
public static class OpinionDocument
{
    public const string AccountSystem = "urn:consilium:account";
    public const string CaseSystem = "urn:consilium:case";
    private const string Loinc = "http://loinc.org";
    private const string ConsultNote = "11488-4";
    private static readonly FhirJsonSerializer Serializer = new();

    public static string ToJson(OpinionReport report, PatientProfile? patient, bool pretty = true) => Serializer.SerializeToString(Build(report, patient), pretty);

    public static Bundle Build(OpinionReport report, PatientProfile? patient)
    {
        ArgumentNullException.ThrowIfNull(report);
        var current = report.Current;
        var seed = $"{report.OpinionId}/{current.Number}";
        string Urn(string what) => $"urn:uuid:{DerivedId(seed, what)}";
        var signedAt = current.SignedAt.ToString("o", CultureInfo.InvariantCulture);
        var amended = current.Number > 1;

        var patientUrn = Urn("patient");
        var patientResource = new Patient
        {
            Id = DerivedId(seed, "patient").ToString(),
            Identifier = [new Identifier(CaseSystem, report.CaseId.ToString())],
            Gender = patient?.Sex switch
            {
                AdministrativeSex.Female => AdministrativeGender.Female,
                AdministrativeSex.Male => AdministrativeGender.Male,
                AdministrativeSex.Other => AdministrativeGender.Other,
                _ => AdministrativeGender.Unknown,
            },
            BirthDate = patient?.BirthDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Text = Narrative($"Patient of Consilium case {report.CaseId}"),
        };
        var practitioners = report.Reviewers.Select(r => (Reviewer: r, Urn: Urn("practitioner/" + r.AccountId), Resource: new Practitioner
        {
            Id = DerivedId(seed, "practitioner/" + r.AccountId).ToString(),
            Identifier = [new Identifier(AccountSystem, r.AccountId)],
            Name = [new HumanName { Text = r.Name }],
            Text = Narrative(r.Name),
        })).ToList();
        var signerUrn = practitioners.First(p => p.Reviewer.AccountId == current.SignedBy).Urn;
        var authors = practitioners.Select(p => new ResourceReference(p.Urn, p.Reviewer.Name)).ToList();
        var code = new CodeableConcept(Loinc, ConsultNote, "Consult note", "Second opinion");
        var concordance = $"Diagnosis {report.DiagnosisConcordance}; plan {report.PlanConcordance}.";

        var diagnosticUrn = Urn("diagnostic-report");
        var diagnosticReport = new DiagnosticReport
        {
            Id = DerivedId(seed, "diagnostic-report").ToString(),
            Status = amended ? DiagnosticReport.DiagnosticReportStatus.Amended : DiagnosticReport.DiagnosticReportStatus.Final,
            Code = code,
            Subject = new ResourceReference(patientUrn),
            Issued = current.SignedAt,
            Effective = new FhirDateTime(signedAt),
            Performer = authors,
            ResultsInterpreter = [new ResourceReference(signerUrn)],
            Conclusion = $"{concordance} {current.Content.RecommendedPlan}",
            Text = Narrative($"{concordance} {current.Content.RecommendedPlan}"),
        };
        var impressionUrn = Urn("clinical-impression");
        var impression = new ClinicalImpression
        {
            Id = DerivedId(seed, "clinical-impression").ToString(),
            Status = ClinicalImpression.ClinicalImpressionStatus.Completed,
            Code = code,
            Subject = new ResourceReference(patientUrn),
            Effective = new FhirDateTime(signedAt),
            Date = signedAt,
            Assessor = new ResourceReference(signerUrn),
            Description = concordance,
            Summary = current.Content.RecommendedPlan,
            Note = [new Annotation { Text = new Markdown($"Answer to the patient's question: {current.Content.AnswerToPatientQuestion}") }],
            Text = Narrative(concordance),
        };

        var sections = report.Clinician.Select(s => new Composition.SectionComponent
        {
            Title = s.Heading,
            Text = Narrative(s.Lines.Select(l => l.Label is null ? l.Text : $"{l.Label}: {l.Text}")),
        }).ToList();
        sections[0].Entry = [new ResourceReference(diagnosticUrn), new ResourceReference(impressionUrn)];
        sections.Add(new Composition.SectionComponent
        {
            Title = "Summary for the patient",
            Text = Narrative(report.Patient.Sentences.Concat(report.Patient.AskYourDoctor.Select(q => "Ask your doctor: " + q))),
        });
        var composition = new Composition
        {
            Id = DerivedId(seed, "composition").ToString(),
            Identifier = new Identifier(CaseSystem, $"{report.CaseId}/opinion/{current.Number}"),
            Status = amended ? CompositionStatus.Amended : CompositionStatus.Final,
            Type = code,
            Subject = new ResourceReference(patientUrn),
            Date = signedAt,
            Author = authors,
            Title = $"Second opinion on case {report.CaseId}",
            Attester =
            [
                new Composition.AttesterComponent { Mode = Composition.CompositionAttestationMode.Legal, Time = signedAt, Party = new ResourceReference(signerUrn) },
            ],
            Section = sections,
            Text = Narrative($"Second opinion on case {report.CaseId}, version {current.Number}, signed {signedAt}. {concordance}"),
        };
        var bundle = new Bundle
        {
            Id = DerivedId(seed, "bundle").ToString(),
            Type = Bundle.BundleType.Document,
            Identifier = new Identifier("urn:ietf:rfc:3986", Urn("document")),
            Timestamp = current.SignedAt,
        };
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = Urn("composition"), Resource = composition });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = patientUrn, Resource = patientResource });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = diagnosticUrn, Resource = diagnosticReport });
        bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = impressionUrn, Resource = impression });
        foreach (var p in practitioners)
        {
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = p.Urn, Resource = p.Resource });
        }
        return bundle;
    }

    private static Narrative Narrative(string text) => Narrative([text]);

    private static Narrative Narrative(IEnumerable<string> paragraphs) => new()
    {
        Status = Hl7.Fhir.Model.Narrative.NarrativeStatus.Generated,
        Div = "<div xmlns=\"http://www.w3.org/1999/xhtml\">" + string.Concat(paragraphs.Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>")) + "</div>",
    };

    /// <summary>A name-based id: the first 16 bytes of SHA-256 of seed and part, as a version-5-style GUID.</summary>
    private static Guid DerivedId(string seed, string part)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{seed}|{part}"));
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash.AsSpan(0, 16), bigEndian: true);
    }
}
