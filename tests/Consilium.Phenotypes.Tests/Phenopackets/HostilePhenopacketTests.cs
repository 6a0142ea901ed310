using System.Text;
using Consilium.Phenotypes.Phenopackets;

namespace Consilium.Phenotypes.Tests.Phenopackets;

/// <summary>Inputs `consilium bench fuzz` found crashing phenopacket reading (a NullReferenceException later): now refused at the door.</summary>
public class HostilePhenopacketTests
{
    private static Phenopacket Read(string json) => PhenopacketFile.Read(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void GivenAFeatureWithoutType_WhenRead_ThenInvalidDataNamesTheFeature()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("""{"id":"p1","phenotypicFeatures":[{"type":{"id":"HP:0001250"}},{"excluded":true}]}"""));
        Assert.Contains("phenotypicFeatures[1].type.id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenANullDiseaseTerm_WhenRead_ThenInvalidDataNamesTheDisease()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("""{"id":"p1","diseases":[{"term":null}]}"""));
        Assert.Contains("diseases[0].term.id", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenCompleteFeatures_WhenRead_ThenTheirTermsAreObserved()
    {
        var packet = Read("""{"id":"p1","phenotypicFeatures":[{"type":{"id":"HP:0001250"}},{"type":{"id":"HP:0000252"},"excluded":true}]}""");
        Assert.Equal(["HP:0001250"], packet.ObservedTermIds);
    }
}
