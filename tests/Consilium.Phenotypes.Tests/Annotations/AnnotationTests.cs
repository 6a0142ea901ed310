using Consilium.Phenotypes.Annotations;

namespace Consilium.Phenotypes.Tests.Annotations;

public sealed class AnnotationTests
{
    [Theory]
    [InlineData("HP:0040280", 1.0)]
    [InlineData("HP:0040281", 0.895)]
    [InlineData("HP:0040283", 0.17)]
    [InlineData("3/4", 0.75)]
    [InlineData("40%", 0.4)]
    [InlineData("12.5%", 0.125)]
    public void GivenAFrequencyCell_WhenParsed_ThenItsValueIsKnown(string cell, double expected)
    {
        var f = FeatureFrequency.Parse(cell);

        Assert.NotNull(f);
        Assert.Equal(expected, f.Value.Value, 3);
    }

    [Theory]
    [InlineData("")]
    [InlineData("often")]
    [InlineData("5/3")]
    [InlineData("HP:0000001")]
    public void GivenAnEmptyOrUnreadableFrequency_WhenParsed_ThenItIsUnknown(string cell)
    {
        Assert.Null(FeatureFrequency.Parse(cell));
    }

    [Fact]
    public void GivenAnnotationRows_WhenRead_ThenDiseasesHaveFeaturesWithMergedFrequencies()
    {
        var annotations = TinyHpo.Annotations();

        var seizureDisorder = annotations.Find("OMIM:100001")!;
        Assert.Equal("Seizure disorder", seizureDisorder.Name);
        Assert.Equal("OMIM", seizureDisorder.Database);
        var ataxia = seizureDisorder.Features.Single(f => f.TermId == "HP:0001251");
        Assert.Equal(4, ataxia.Numerator); // 1/2 and 3/4 pooled
        Assert.Equal(6, ataxia.Denominator);
        Assert.Equal(4.0 / 6, ataxia.Frequency!.Value, 6);
        var seizure = seizureDisorder.Features.Single(f => f.TermId == "HP:0001250");
        Assert.Equal(0.895, seizure.Frequency!.Value, 3);
        Assert.Equal("HP:0003577", seizure.Onset);
        Assert.Equal(["HP:0000006"], seizureDisorder.Inheritance);
        Assert.Contains("PMID:2", seizureDisorder.References);
        Assert.Equal(9, annotations.RowCount);
        Assert.Equal(4, annotations.Count);
    }

    [Fact]
    public void GivenANotRow_WhenRead_ThenTheFeatureIsRecordedAsAbsentNotPresent()
    {
        var heart = TinyHpo.Annotations().Find("OMIM:100003")!;

        Assert.Equal(["HP:0001250"], heart.AbsentFeatures.Select(f => f.TermId));
        Assert.DoesNotContain(heart.Features, f => f.TermId == "HP:0001250");
        Assert.Null(heart.Features.Single().Frequency);
    }

    [Fact]
    public void GivenAnnotations_WhenComputingInformationContent_ThenRarerTermsCarryMoreInformation()
    {
        var annotations = TinyHpo.Annotations();
        var ontology = annotations.Ontology;
        double Ic(string id) => annotations.InformationContent[ontology.IndexOf(id)];

        // 4 diseases have features; 2 show a seizure (OMIM:100001 directly, ORPHA:9 via a child); 1 shows an eye feature
        Assert.Equal(0, Ic("HP:0000118"), 6);
        Assert.Equal(-Math.Log(2.0 / 4), Ic("HP:0001250"), 6);
        Assert.Equal(-Math.Log(1.0 / 4), Ic("HP:0001083"), 6);
        Assert.Equal(Math.Log(4), Ic("HP:0002121"), 6); // no disease: maximum
        Assert.True(Ic("HP:0002069") > Ic("HP:0001250"));
    }
}
