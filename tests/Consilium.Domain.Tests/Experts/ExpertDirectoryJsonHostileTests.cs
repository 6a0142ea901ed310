using Consilium.Domain.Experts;

namespace Consilium.Domain.Tests.Experts;

/// <summary>Inputs `consilium bench fuzz` found crashing directory validation (a NullReferenceException): now format errors naming the field.</summary>
public class ExpertDirectoryJsonHostileTests
{
    [Theory]
    [InlineData("""{"experts":[{"id":"e1","name":"Dr A","specialties":null}]}""", "experts[0].specialties")]
    [InlineData("""{"experts":[{"id":"e1","name":"Dr A","specialties":["oncology"],"languages":["en",null]}]}""", "experts[0].languages[1]")]
    [InlineData("""{"experts":[{"id":"e1","name":"Dr A","specialties":["oncology"],"conditions":[null]}]}""", "experts[0].conditions[0]")]
    [InlineData("""{"experts":[{"id":"e1","name":"Dr A","specialties":["oncology"],"procedures":[{"name":"Lobectomy","volume":3,"codes":null}]}]}""", "experts[0].procedures[0].codes")]
    public void GivenNullWhereAListBelongs_WhenParsed_ThenTheFormatErrorNamesTheField(string json, string field)
    {
        var e = Assert.Throws<ExpertDirectoryFormatException>(() => ExpertDirectoryJson.Parse(json));
        Assert.StartsWith(field + ":", e.Message, StringComparison.Ordinal);
    }
}
