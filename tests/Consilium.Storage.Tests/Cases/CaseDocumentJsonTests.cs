using Consilium.Storage.Cases;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Cases;

public sealed class CaseDocumentJsonTests
{
    [Fact]
    public void GivenTheRichSample_WhenInspected_ThenEveryPropertyOfTheModelIsFilled()
    {
        // If the domain grows a property, the sample (and so the round-trip tests) must cover it.
        DeepAssert.FullyPopulated(CaseSamples.RichFile());
        DeepAssert.FullyPopulated(CaseSamples.RichTriage());
    }

    [Fact]
    public void GivenRichCaseFile_WhenSerializedAndRead_ThenEqualFieldByFieldWithOffsetsAndTicks()
    {
        var file = CaseSamples.RichFile();

        var json = CaseDocumentJson.Serialize(file);
        var read = CaseDocumentJson.DeserializeCaseFile(json);

        DeepAssert.Equal(file, read);
    }

    [Fact]
    public void GivenRichCaseFile_WhenSerialized_ThenEnumsAreNamesAndComputedPropertiesAreLeftOut()
    {
        var json = CaseDocumentJson.Serialize(CaseSamples.RichFile());

        Assert.Contains("\"sex\":\"Female\"", json, StringComparison.Ordinal);
        Assert.Contains("\"verificationStatus\":\"Differential\"", json, StringComparison.Ordinal);
        Assert.Contains("\"deceasedAt\":\"2024-12-31T23:59:59.1234567-05:00\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("isActive", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"label\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTriage_WhenSerializedAndRead_ThenEqualFieldByField()
    {
        var triage = CaseSamples.RichTriage();

        var read = CaseDocumentJson.DeserializeTriage(CaseDocumentJson.Serialize(triage));

        DeepAssert.Equal(triage, read);
        Assert.Contains("\"urgency\":\"Expedited\"", CaseDocumentJson.Serialize(triage), StringComparison.Ordinal);
    }
}
