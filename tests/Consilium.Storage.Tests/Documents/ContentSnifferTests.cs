using System.Text;
using Consilium.Storage.Documents;
using FsCheck.Xunit;

namespace Consilium.Storage.Tests.Documents;

public sealed class ContentSnifferTests
{
    private static byte[] Dicom()
    {
        var bytes = new byte[200];
        "DICM"u8.CopyTo(bytes.AsSpan(128));
        return bytes;
    }

    public static TheoryData<string, byte[], string?> Table() => new()
    {
        { "pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n%\u00e2\u00e3\n1 0 obj"), ContentSniffer.Pdf },
        { "png", [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], ContentSniffer.Png },
        { "jpeg", [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46], ContentSniffer.Jpeg },
        { "gif87", Encoding.ASCII.GetBytes("GIF87a\u0001\u0000"), ContentSniffer.Gif },
        { "gif89", Encoding.ASCII.GetBytes("GIF89a\u0001\u0000"), ContentSniffer.Gif },
        { "tiff little-endian", [0x49, 0x49, 0x2A, 0x00, 8, 0, 0, 0], ContentSniffer.Tiff },
        { "tiff big-endian", [0x4D, 0x4D, 0x00, 0x2A, 0, 0, 0, 8], ContentSniffer.Tiff },
        { "dicom", Dicom(), ContentSniffer.Dicom },
        { "fhir bundle", Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}"), ContentSniffer.FhirJson },
        { "fhir bundle, resourceType last", Encoding.UTF8.GetBytes("{\"type\":\"collection\",\"entry\":[{\"resource\":{\"resourceType\":\"Patient\"}}],\"resourceType\":\"Bundle\"}"), ContentSniffer.FhirJson },
        { "fhir patient", Encoding.UTF8.GetBytes("{\"resourceType\":\"Patient\",\"id\":\"1\"}"), ContentSniffer.Json },
        { "nested resourceType only", Encoding.UTF8.GetBytes("{\"x\":{\"resourceType\":\"Bundle\"}}"), ContentSniffer.Json },
        { "json array", Encoding.UTF8.GetBytes(" [1, 2, {\"a\": true}]\n"), ContentSniffer.Json },
        { "json with bom", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\"}")], ContentSniffer.FhirJson },
        { "text", Encoding.UTF8.GetBytes("Discharge summary\r\n\tPatient is well — ünïcödé.\n"), ContentSniffer.Text },
        { "broken json is text", Encoding.UTF8.GetBytes("{ this is not json"), ContentSniffer.Text },
        { "zip", [0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0], null },
        { "exe", Encoding.ASCII.GetBytes("MZ\u0090\u0000\u0003"), null },
        { "invalid utf-8", [0x48, 0x69, 0xC3, 0x28, 0x41], null },
        { "control characters", Encoding.ASCII.GetBytes("abc\u0001def"), null },
        { "empty", [], null },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void GivenTheFirstBytes_WhenDetected_ThenTheContentTypeComesFromTheBytes(string what, byte[] head, string? expected)
    {
        Assert.True(expected == ContentSniffer.Detect(head, complete: true), what);
    }

    [Fact]
    public void GivenHeadCutInsideAUtf8Sequence_WhenIncomplete_ThenStillText()
    {
        var bytes = Encoding.UTF8.GetBytes("résumé");
        var cut = bytes[..2];

        Assert.Equal(ContentSniffer.Text, ContentSniffer.Detect(cut, complete: false));
        Assert.Null(ContentSniffer.Detect(cut, complete: true));
    }

    [Fact]
    public void GivenLargeJsonCutAtTheHead_WhenIncomplete_ThenJsonByItsStart()
    {
        var json = Encoding.UTF8.GetBytes("{\"resourceType\":\"Bundle\",\"entry\":[" + string.Join(",", Enumerable.Repeat("{\"a\":1}", 20_000)) + "]}");

        Assert.Equal(ContentSniffer.FhirJson, ContentSniffer.Detect(json.AsSpan(0, ContentSniffer.HeadLength)));
    }

    [Theory]
    [InlineData(ContentSniffer.Png, "scan.pdf", null, false)]
    [InlineData(ContentSniffer.Pdf, "scan.PDF", null, true)]
    [InlineData(ContentSniffer.Pdf, "scan", null, true)]
    [InlineData(ContentSniffer.Pdf, "scan.bin", "application/octet-stream", true)]
    [InlineData(ContentSniffer.Pdf, "scan.bin", "image/png", false)]
    [InlineData(ContentSniffer.FhirJson, "bundle.json", "application/json", true)]
    [InlineData(ContentSniffer.Json, "notes.txt", "text/plain; charset=utf-8", true)]
    [InlineData(ContentSniffer.Text, "data.json", null, false)]
    [InlineData(ContentSniffer.Jpeg, "photo.jpeg", "image/jpeg", true)]
    [InlineData(ContentSniffer.Dicom, "IM0001.dcm", "application/dicom", true)]
    public void GivenNameAndDeclaredType_WhenCheckedAgainstTheBytes_ThenOnlyAContradictionIsAMismatch(string sniffed, string name, string? declared, bool fits)
    {
        Assert.Equal(fits, ContentSniffer.Fits(sniffed, name, declared, out var conflict));
        Assert.Equal(fits, conflict is null);
    }

    [Property(MaxTest = 500)]
    public bool GivenAnyBytes_WhenDetected_ThenAnAcceptedTypeOrNullAndNeverAThrow(byte[] bytes, bool complete)
    {
        var type = ContentSniffer.Detect(bytes ?? [], complete);
        return type is null || ContentSniffer.Accepted.Contains(type);
    }

    [Property(MaxTest = 500)]
    public bool GivenAnyTextThatStartsLikeJson_WhenDetected_ThenTextOrJsonAndNeverAThrow(string text, bool complete)
    {
        var type = ContentSniffer.Detect(Encoding.UTF8.GetBytes("{\"resourceType\":" + (text ?? string.Empty)), complete);
        return type is null or ContentSniffer.Text or ContentSniffer.Json or ContentSniffer.FhirJson;
    }
}
