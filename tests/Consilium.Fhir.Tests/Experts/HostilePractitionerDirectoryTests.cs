using Consilium.Domain.Experts;
using Consilium.Fhir.Experts;

namespace Consilium.Fhir.Tests.Experts;

/// <summary>Inputs `consilium bench fuzz` found escaping the FHIR expert import as raw JSON/SDK exceptions: now format errors.</summary>
public class HostilePractitionerDirectoryTests
{
    [Theory]
    [InlineData("""{"resourceType":"Bundle","type":"collection","entry":[""")]
    [InlineData("""{"resourceType" "Bundle"}""")]
    [InlineData("")]
    public void GivenMalformedJson_WhenImported_ThenExpertDirectoryFormatError(string json)
    {
        var e = Assert.Throws<ExpertDirectoryFormatException>(() => PractitionerDirectory.ImportJson(json));
        Assert.False(string.IsNullOrWhiteSpace(e.Message));
    }

    [Fact]
    public void GivenARepeatedElementNamedTwice_WhenImported_ThenTheFormatErrorNamesTheElement()
    {
        // Found by `bench fuzz` (duplicate-key mutation of a Synthea practitioner bundle): the SDK threw InvalidOperationException.
        const string json = """
            {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Practitioner","id":"p1",
             "address":[{"line":["30 LOCUST STREET"],"line":"duplicate","city":"NORTHAMPTON"}]}}]}
            """;
        var e = Assert.Throws<ExpertDirectoryFormatException>(() => PractitionerDirectory.ImportJson(json));
        Assert.Contains("'line'", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Buidle")]
    [InlineData("`")]
    public void GivenAnUnknownResourceType_WhenImported_ThenTheFormatErrorSaysItIsNotABundle(string resourceType)
    {
        // Found by `bench fuzz` (flipped bytes, hostile strings): the SDK read it as a dynamic resource and the cast threw.
        var json = $$$"""{"resourceType":"{{{resourceType}}}","type":"collection","entry":[{"resource":{"resourceType":"Practitioner","id":"p1"}}]}""";
        var e = Assert.Throws<ExpertDirectoryFormatException>(() => PractitionerDirectory.ImportJson(json));
        Assert.Contains("is not \"Bundle\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("42")]
    [InlineData("\"Bundle\"")]
    public void GivenJsonThatIsNotAnObject_WhenImported_ThenTheMessageSaysABundleIsExpected(string json)
    {
        var e = Assert.Throws<ExpertDirectoryFormatException>(() => PractitionerDirectory.ImportJson(json));
        Assert.Contains("expected a JSON object", e.Message, StringComparison.Ordinal);
    }
}
