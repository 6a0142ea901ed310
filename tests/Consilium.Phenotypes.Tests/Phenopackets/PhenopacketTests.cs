using Consilium.Phenotypes.Phenopackets;

namespace Consilium.Phenotypes.Tests.Phenopackets;

public sealed class PhenopacketTests
{
    private const string Sample = """
        {
          "id": "case-1",
          "subject": { "id": "P1", "sex": "FEMALE", "timeAtLastEncounter": { "age": { "iso8601duration": "P5Y" } } },
          "phenotypicFeatures": [
            { "type": { "id": "HP:0001250", "label": "Seizure" } },
            { "type": { "id": "HP:0001083", "label": "Ectopia lentis" }, "excluded": true }
          ],
          "interpretations": [ { "id": "i1", "progressStatus": "SOLVED", "diagnosis": { "disease": { "id": "OMIM:100001", "label": "Seizure disorder" } } } ],
          "metaData": { "created": "2024-01-01T00:00:00Z", "phenopacketSchemaVersion": "2.0", "externalReferences": [ { "id": "PMID:1" } ] },
          "somethingNew": { "ignored": true }
        }
        """;

    [Fact]
    public void GivenAPhenopacket_WhenRead_ThenObservedExcludedAndDiagnosisAreAvailable()
    {
        var p = PhenopacketFile.Parse(Sample);

        Assert.Equal(["HP:0001250"], p.ObservedTermIds);
        Assert.Equal(["HP:0001083"], p.ExcludedTermIds);
        Assert.Equal("OMIM:100001", p.Diagnosis!.Id);
        Assert.Equal("FEMALE", p.Subject!.Sex);
        Assert.Equal("PMID:1", p.MetaData!.ExternalReferences![0].Id);
    }

    [Fact]
    public void GivenFindings_WhenWrittenAsPhenopacket_ThenItReadsBackTheSame()
    {
        var ontology = TinyHpo.Ontology();
        var written = PhenopacketFile.FromFindings("case-2", ontology, ["HP:0001275"], ["HP:0001083"], new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
            sex: "MALE", ageIso8601: "P3Y", diagnosis: new OntologyClass("OMIM:100001", "Seizure disorder"));

        var json = PhenopacketFile.Write(written);
        var read = PhenopacketFile.Parse(json);

        Assert.Equal(["HP:0001250"], read.ObservedTermIds); // alt id written as the current term
        Assert.Equal("Seizure", read.PhenotypicFeatures![0].Type.Label);
        Assert.Equal(["HP:0001083"], read.ExcludedTermIds);
        Assert.Equal("OMIM:100001", read.Diagnosis!.Id);
        Assert.Equal("2025-01-02T03:04:05Z", read.MetaData!.Created);
        Assert.Equal("2025-01-01", read.MetaData.Resources!.Single(r => r.Id == "hp").Version);
        Assert.DoesNotContain("\"excluded\": false", json, StringComparison.Ordinal);
        Assert.DoesNotContain("null", json, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenSomethingThatIsNotJson_WhenRead_ThenAClearErrorIsRaised()
    {
        var ex = Assert.Throws<InvalidDataException>(() => PhenopacketFile.Parse("{ not json"));
        Assert.Contains("not a valid phenopacket", ex.Message, StringComparison.Ordinal);
    }
}
