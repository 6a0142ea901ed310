using Consilium.Phenotypes.Text;

namespace Consilium.Phenotypes.Tests.Text;

public sealed class TextTests
{
    private static readonly FindingExtractor Extractor = new(TinyHpo.Ontology());

    [Fact]
    public void GivenAPatientsWords_WhenExtracted_ThenLabelsPluralsAndLaypersonSynonymsAreFoundWithSpans()
    {
        const string text = "My son has Seizures and unsteady walking.";

        var found = Extractor.Extract(text);

        Assert.Equal(["HP:0001250", "HP:0001251"], found.Select(f => f.TermId));
        Assert.Equal("Seizures", text.Substring(found[0].Start, found[0].Length));
        Assert.Equal("unsteady walking", text.Substring(found[1].Start, found[1].Length));
        Assert.All(found, f => Assert.False(f.IsNegated));
    }

    [Fact]
    public void GivenOverlappingNames_WhenExtracted_ThenTheLongestMatchWins()
    {
        var found = Extractor.Extract("recurrent bilateral tonic-clonic seizures");

        Assert.Equal("HP:0002069", Assert.Single(found).TermId);
    }

    [Theory]
    [InlineData("No seizures.", true)]
    [InlineData("She denies seizures", true)]
    [InlineData("without ataxia or seizures", true)]
    [InlineData("Seizures were absent.", true)]
    [InlineData("negative for ectopia lentis", true)]
    [InlineData("Seizures since age 2.", false)]
    [InlineData("No fever, but seizures daily.", false)]
    [InlineData("He can't walk steadily and has seizures", false)]
    public void GivenNegationCues_WhenExtracted_ThenTheFindingIsMarkedAbsentOnlyInTheirScope(string text, bool negated)
    {
        var finding = Extractor.Extract(text).First(f => f.TermId is "HP:0001250" or "HP:0001083");

        Assert.Equal(negated, finding.IsNegated);
    }

    [Fact]
    public void GivenAListAfterANegation_WhenExtracted_ThenEveryItemOfTheListIsAbsent()
    {
        var found = Extractor.Extract("There was no ataxia, seizures or visual impairment. Ectopia lentis present.");

        Assert.Equal([true, true, true, false], found.Select(f => f.IsNegated));
    }

    [Theory]
    [InlineData("Seizures", "seizure")]
    [InlineData("abnormalities", "abnormality")]
    [InlineData("fetuses", "fetus")]
    [InlineData("ataxia", "ataxia")]
    [InlineData("was", "was")]
    public void GivenAWord_WhenMadeSingular_ThenPluralsMeetTheirSingular(string word, string expected)
    {
        Assert.Equal(expected, TextNormalizer.Singular(word.ToLowerInvariant()));
    }

    [Fact]
    public void GivenAPrefix_WhenSearched_ThenLabelPrefixesComeFirstAndSynonymsAlsoMatch()
    {
        var search = new TermSearch(TinyHpo.Ontology());

        var hits = search.Search("seiz");
        Assert.Equal("HP:0001250", hits[0].TermId);
        Assert.True(hits[0].IsPrefixMatch);
        Assert.Contains(hits, h => h.TermId == "HP:0002069");
        Assert.Equal("HP:0001250", Assert.Single(search.Search("fits")).TermId);
        Assert.Equal("HP:0001251", Assert.Single(search.Search("unsteady")).TermId);
        Assert.Equal("HP:0001250", Assert.Single(search.Search("HP:0001275")).TermId);
        Assert.Empty(search.Search("zzz"));
    }
}
