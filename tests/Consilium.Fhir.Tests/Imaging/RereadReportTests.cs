using System.Text;
using Consilium.Domain.Imaging;
using Consilium.Fhir.Imaging;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Consilium.Fhir.Tests.Imaging;

public sealed class RereadReportTests
{
    private static readonly ImagingReread Reread = ImagingReread.File(Guid.NewGuid(), "rad-1", ["1.2.840.113619.2.1", "1.2.840.113619.2.2"],
        new ImagingRereadContent("Complex tear of the medial meniscus.", "Meniscal tear; arthroplasty not the only option.", "The original report did not mention the tear.", RadpeerScore.Score3B),
        new DateTimeOffset(2026, 1, 5, 9, 30, 0, TimeSpan.Zero));

    [Fact]
    public void GivenAFiledReread_WhenExported_ThenItIsAFinalRadiologyDiagnosticReportThatParsesBack()
    {
        var json = RereadReport.ToJson(Reread, "Dr Rita Radiologist");
        var report = new FhirJsonDeserializer().Deserialize<DiagnosticReport>(json);

        Assert.Equal(DiagnosticReport.DiagnosticReportStatus.Final, report.Status);
        Assert.Equal("RAD", report.Category[0].Coding[0].Code);
        Assert.Equal("18748-4", report.Code.Coding[0].Code);
        Assert.Equal(Reread.Content.Impression, report.Conclusion);
        Assert.Equal((RereadReport.RadpeerSystem, "3b"), (report.ConclusionCode[0].Coding[0].System, report.ConclusionCode[0].Coding[0].Code));
        Assert.Equal(["urn:oid:1.2.840.113619.2.1", "urn:oid:1.2.840.113619.2.2"], report.ImagingStudy.Select(r => r.Identifier?.Value));
        Assert.Equal(Reread.CaseId.ToString(), report.Subject?.Identifier?.Value);
        Assert.Equal("Dr Rita Radiologist", report.ResultsInterpreter[0].Display);
        var text = Encoding.UTF8.GetString(report.PresentedForm[0].Data ?? []);
        Assert.Contains(Reread.Content.Findings, text, StringComparison.Ordinal);
        Assert.Contains(Reread.Content.ComparisonWithOriginal, text, StringComparison.Ordinal);
        Assert.Contains("RADPEER score: 3b", text, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenABundleWithAnImagingStudy_WhenIntakeReadsIt_ThenTheStudyInstanceUidLinksItToTheStoredStudy()
    {
        var result = Fixtures.ReadJson("""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:p1","resource":{"resourceType":"Patient","id":"p1","birthDate":"1960-01-01","gender":"female"}},
              {"fullUrl":"urn:uuid:is1","resource":{"resourceType":"ImagingStudy","id":"is1","status":"available","subject":{"reference":"urn:uuid:p1"},
                "identifier":[{"system":"urn:dicom:uid","value":"urn:oid:1.2.840.113619.2.1"}],"modality":[{"system":"http://dicom.nema.org/resources/ontology/DCM","code":"MR"}],
                "description":"MR KNEE RIGHT","numberOfSeries":2,"numberOfInstances":40}}]}
            """);
        var stored = new CaseImagingStudy(Guid.NewGuid(), Guid.NewGuid(), new Domain.Imaging.ImagingStudy("1.2.840.113619.2.1", "a-b"), "patient", DateTimeOffset.UnixEpoch);

        var link = Assert.Single(ImagingRereadRequest.LinkRecords(result.CaseFile, [stored]));

        Assert.Equal("MR KNEE RIGHT", link.Record.Description);
        Assert.Same(stored, link.Stored);
    }
}
