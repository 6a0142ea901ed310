using System.Text;
using Consilium.Phenotypes.Ontology;

namespace Consilium.Phenotypes.Tests.Ontology;

/// <summary>Inputs `consilium bench fuzz` found crashing the OBO Graphs reader: now refused, naming the problem.</summary>
public class HostileOntologyTests
{
    private static PhenotypeOntology Read(string json) => OntologyReader.ReadObographs(new MemoryStream(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void GivenTruncatedJson_WhenRead_ThenInvalidDataSaysItIsNotValidJson()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("""{"graphs":[{"nodes":[{"id":"http://purl.obolibrary.org/obo/HP_0000001" """));
        Assert.StartsWith("not valid JSON", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenANodeWhoseIdIsANumber_WhenRead_ThenInvalidDataNamesTheNode()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("""{"graphs":[{"nodes":[{"id":"http://purl.obolibrary.org/obo/HP_0000001","lbl":"All"},{"id":42}]}]}"""));
        Assert.Contains("graphs[0].nodes[1]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAJsonScalar_WhenRead_ThenInvalidDataSaysTheGraphIsMissing()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("42"));
        Assert.Contains("graphs[0]", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnEdgeWithoutPred_WhenRead_ThenInvalidDataNamesTheEdge()
    {
        var e = Assert.Throws<InvalidDataException>(() => Read("""{"graphs":[{"nodes":[],"edges":[{"sub":"a","obj":"b"}]}]}"""));
        Assert.Contains("graphs[0].edges[0]", e.Message, StringComparison.Ordinal);
    }
}
