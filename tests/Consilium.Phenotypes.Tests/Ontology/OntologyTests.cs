using Consilium.Phenotypes.Ontology;

namespace Consilium.Phenotypes.Tests.Ontology;

public sealed class OntologyTests
{
    [Fact]
    public void GivenObographsJson_WhenRead_ThenTermsLabelsSynonymsAndVersionAreLoaded()
    {
        var ontology = TinyHpo.Ontology();

        var seizure = ontology[ontology.IndexOf("HP:0001250")];
        Assert.Equal("Seizure", seizure.Label);
        Assert.Equal("2025-01-01", ontology.Version);
        Assert.Contains(seizure.Synonyms, s => s.Text == "Fits" && s.IsLayperson && s.Scope == SynonymScope.Related);
        Assert.Contains(seizure.Synonyms, s => s.Text == "Epileptic seizure" && s.Scope == SynonymScope.Exact);
        Assert.True(ontology[ontology.IndexOf("HP:0000057")].IsObsolete);
        Assert.Equal("Wobbly gait", ontology[ontology.IndexOf("HP:0000057")].Label);
    }

    [Fact]
    public void GivenATerm_WhenAskingForAncestors_ThenEveryAncestorAndItselfAreReturned()
    {
        var ontology = TinyHpo.Ontology();
        var tonicClonic = ontology.IndexOf("HP:0002069");

        var ancestors = ontology.AncestorsOf(tonicClonic).ToArray().Select(i => ontology[i].Id).Order().ToArray();

        Assert.Equal(["HP:0000001", "HP:0000118", "HP:0000707", "HP:0001250", "HP:0002069"], ancestors);
        Assert.True(ontology.IsAncestorOrSelf(ontology.IndexOf("HP:0000707"), tonicClonic));
        Assert.False(ontology.IsAncestorOrSelf(tonicClonic, ontology.IndexOf("HP:0000707")));
        Assert.True(ontology.IsPhenotypicAbnormality(tonicClonic));
        Assert.False(ontology.IsPhenotypicAbnormality(ontology.IndexOf("HP:0000006")));
        Assert.Equal(2, ontology.ChildrenOf(ontology.IndexOf("HP:0001250")).Length);
    }

    [Fact]
    public void GivenAnAlternativeId_WhenResolved_ThenItMapsToTheCurrentTermAndSaysSo()
    {
        var ontology = TinyHpo.Ontology();

        var r = ontology.Resolve("HP:0001275");

        Assert.Equal(TermResolutionKind.AlternativeId, r.Kind);
        Assert.Equal("HP:0001250", r.ResolvedId);
        Assert.True(r.WasMapped);
        Assert.Contains("alternative id of HP:0001250", r.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnObsoleteIdWithReplacement_WhenResolved_ThenItMapsToTheReplacement()
    {
        var ontology = TinyHpo.Ontology();

        var r = ontology.Resolve("HP:0000057");

        Assert.Equal(TermResolutionKind.Replaced, r.Kind);
        Assert.Equal("HP:0001251", r.ResolvedId);
    }

    [Theory]
    [InlineData("HP:0000058", TermResolutionKind.ObsoleteWithoutReplacement)]
    [InlineData("HP:9999999", TermResolutionKind.Unknown)]
    [InlineData("HP:0001250", TermResolutionKind.Current)]
    public void GivenAnId_WhenResolved_ThenTheKindIsReported(string id, TermResolutionKind kind)
    {
        Assert.Equal(kind, TinyHpo.Ontology().Resolve(id).Kind);
    }

    [Fact]
    public void GivenObo_WhenRead_ThenItMatchesTheJsonReading()
    {
        var obo = OntologyReader.ReadObo(new StringReader(TinyHpo.Obo()));
        var json = TinyHpo.Ontology();

        Assert.Equal("2025-01-01", obo.Version);
        var tonicClonic = obo.IndexOf("HP:0002069");
        Assert.Equal(5, obo.AncestorsOf(tonicClonic).Length);
        Assert.Equal("HP:0001250", obo.Resolve("HP:0001275").ResolvedId);
        Assert.Equal("HP:0001251", obo.Resolve("HP:0000057").ResolvedId);
        Assert.Contains(obo[obo.IndexOf("HP:0001250")].Synonyms, s => s.Text == "Fits" && s.IsLayperson);
        Assert.Equal(json.Terms.Count(t => !t.IsObsolete), obo.Terms.Count(t => !t.IsObsolete));
    }

    [Theory]
    [InlineData(true, ".json.gz")]
    [InlineData(false, ".json")]
    public void GivenAJsonFilePlainOrGzip_WhenLoaded_ThenTheFormatIsDetected(bool gzip, string extension)
    {
        var path = TinyHpo.WriteTemp(TinyHpo.ObographsJson(), gzip, extension);
        try
        {
            Assert.Equal("Seizure", OntologyReader.Load(path)[OntologyReader.Load(path).IndexOf("HP:0001250")].Label);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void GivenAnOboFileGzipped_WhenLoaded_ThenTheFormatIsDetected()
    {
        var path = TinyHpo.WriteTemp(TinyHpo.Obo(), gzip: true, ".obo.gz");
        try
        {
            Assert.True(OntologyReader.Load(path).IndexOf("HP:0001251") >= 0);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [SkippableFact]
    public void GivenTheHpoRelease_WhenLoaded_ThenItIsComplete()
    {
        // Load time is measured by bench/Consilium.Benchmarks/Phenotypes (BenchmarkDotNet), never asserted here.
        Skip.If(SharedData.Ontology is null, SharedData.Missing);

        var ontology = OntologyReader.Load(SharedData.Ontology!);

        Assert.Equal(19650, ontology.Terms.Count(t => t.Id.StartsWith("HP:", StringComparison.Ordinal)));
        Assert.Equal(473, ontology.Terms.Count(t => t.IsObsolete));
        Assert.Equal("2025-05-06", ontology.Version);
        Assert.Equal(TermResolutionKind.AlternativeId, ontology.Resolve("HP:0001275").Kind);
    }
}
