using System.Globalization;
using System.Text;
using Consilium.Domain.Imaging;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Consilium.Fhir.Imaging;

/// <summary>
/// A filed imaging re-read as a FHIR R4 <c>DiagnosticReport</c>: category RAD, code LOINC 18748-4 (diagnostic imaging
/// study), status final, the studies read as <c>imagingStudy</c> references by StudyInstanceUID (urn:dicom:uid), the
/// impression as <c>conclusion</c>, the RADPEER score as <c>conclusionCode</c> (Consilium's RADPEER code system), and
/// findings, comparison with the original report and impression as the plain-text <c>presentedForm</c>.
/// </summary>
public static class RereadReport
{
    public const string RadpeerSystem = "http://consilium.example/fhir/CodeSystem/radpeer";
    public const string RereadIdentifierSystem = "http://consilium.example/fhir/NamingSystem/imaging-reread";
    public const string CaseIdentifierSystem = "http://consilium.example/fhir/NamingSystem/case";
    public const string DicomUidSystem = "urn:dicom:uid";

    private static readonly FhirJsonSerializer Serializer = new();

    public static DiagnosticReport ToDiagnosticReport(ImagingReread reread, string radiologistName)
    {
        ArgumentNullException.ThrowIfNull(reread);
        var c = reread.Content;
        return new DiagnosticReport
        {
            Id = reread.Id.ToString(),
            Identifier = [new Identifier(RereadIdentifierSystem, reread.Id.ToString())],
            Status = DiagnosticReport.DiagnosticReportStatus.Final,
            Category = [new CodeableConcept("http://terminology.hl7.org/CodeSystem/v2-0074", "RAD", "Radiology")],
            Code = new CodeableConcept("http://loinc.org", "18748-4", "Diagnostic imaging study", "Imaging re-read (second opinion)"),
            Subject = new ResourceReference { Identifier = new Identifier(CaseIdentifierSystem, reread.CaseId.ToString()), Display = "The patient of the second-opinion case" },
            Effective = new FhirDateTime(reread.FiledAt),
            Issued = reread.FiledAt,
            Performer = [new ResourceReference { Display = radiologistName }],
            ResultsInterpreter = [new ResourceReference { Display = radiologistName }],
            ImagingStudy = [.. reread.StudyInstanceUids.Select(uid => new ResourceReference { Identifier = new Identifier(DicomUidSystem, "urn:oid:" + uid), Type = "ImagingStudy" })],
            Conclusion = c.Impression,
            ConclusionCode = [new CodeableConcept(RadpeerSystem, Radpeer.Code(c.Score), "RADPEER " + Radpeer.Code(c.Score), Radpeer.Meaning(c.Score))],
            PresentedForm = [new Attachment
            {
                ContentType = "text/plain; charset=utf-8",
                Language = "en",
                Title = "Imaging re-read",
                Data = Encoding.UTF8.GetBytes(Text(reread, radiologistName)),
                Creation = reread.FiledAt.ToString("o", CultureInfo.InvariantCulture),
            }],
        };
    }

    public static string ToJson(ImagingReread reread, string radiologistName) => Serializer.SerializeToString(ToDiagnosticReport(reread, radiologistName), pretty: true);

    /// <summary>The re-read as plain text (the report's presented form).</summary>
    public static string Text(ImagingReread reread, string radiologistName)
    {
        ArgumentNullException.ThrowIfNull(reread);
        var c = reread.Content;
        return string.Create(CultureInfo.InvariantCulture, $"""
            Imaging re-read by {radiologistName}, {reread.FiledAt:yyyy-MM-dd HH:mm} UTC
            Studies: {string.Join(", ", reread.StudyInstanceUids)}

            Findings:
            {c.Findings}

            Comparison with the original report:
            {c.ComparisonWithOriginal}

            Impression:
            {c.Impression}

            RADPEER score: {Radpeer.Code(c.Score)} — {Radpeer.Meaning(c.Score)}
            """);
    }
}
