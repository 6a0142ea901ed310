using Consilium.Phenotypes.Annotations;
using Consilium.Phenotypes.Ranking;

namespace Consilium.Phenotypes.Tests.Ranking;

/// <summary>
/// One condition, two entries: OMIM and Orphanet often describe the same condition under differently ordered names,
/// with different features. The ranker scores an entry with its equivalents' features too.
/// </summary>
public sealed class EquivalentEntriesTests
{
    private const string Header =
        "#description: \"equivalents\"\n#version: 2025-01-01\n" +
        "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n";

    // OMIM:200001 lists only visual impairment; its Orphanet twin adds ectopia lentis (obligate) and
    // explicitly lacks seizures. OMIM:200002 ("... 33") is a different condition whose name differs by its number.
    private static readonly string Hpoa = Header +
        "OMIM:200001\tAlbinism, ocular, with late-onset deafness 32\t\tHP:0000505\tOMIM:200001\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "ORPHA:20\tOcular albinism with late-onset deafness type 32\t\tHP:0001083\tORPHA:20\tTAS\t\tHP:0040280\t\t\tP\tHPO:x\n" +
        "ORPHA:20\tOcular albinism with late-onset deafness type 32\t\tHP:0000505\tORPHA:20\tTAS\t\tHP:0040281\t\t\tP\tHPO:x\n" +
        "OMIM:200002\tAlbinism, ocular, with late-onset deafness 33\t\tHP:0000505\tOMIM:200002\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "OMIM:200002\tAlbinism, ocular, with late-onset deafness 33\t\tHP:0001631\tOMIM:200002\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "OMIM:200003\tHeart disease\t\tHP:0001631\tOMIM:200003\tTAS\t\t\t\t\tP\tHPO:x\n";

    private static readonly DiseaseAnnotations Annotations = AnnotationReader.Read(new StringReader(Hpoa), TinyHpo.Ontology());
    private static readonly RankingRequest OmimOnly = new() { Top = 10, Databases = new HashSet<string> { "OMIM" } };

    [Fact]
    public void GivenTwoEntriesNamingTheSameConditionInAnotherOrder_WhenLookedUp_ThenEachIsTheOthersEquivalent()
    {
        var omim = Annotations.Find("OMIM:200001")!;
        var orpha = Annotations.Find("ORPHA:20")!;

        Assert.Equal([orpha], Annotations.EquivalentsOf(omim));
        Assert.Equal([omim], Annotations.EquivalentsOf(orpha));
    }

    [Fact]
    public void GivenNamesThatDifferOnlyInTheirNumber_WhenLookedUp_ThenTheyAreNotEquivalent()
    {
        Assert.Empty(Annotations.EquivalentsOf(Annotations.Find("OMIM:200002")!));
        Assert.Empty(Annotations.EquivalentsOf(Annotations.Find("OMIM:200003")!));
    }

    [Theory]
    [InlineData("Spastic paraplegia 32, autosomal recessive", "Autosomal recessive spastic paraplegia type 32")]
    [InlineData("Fructose intolerance, hereditary", "Hereditary fructose intolerance")]
    [InlineData("Estrogen resistance", "Estrogen resistance syndrome")]
    [InlineData("KBG SYNDROME", "KBG syndrome")]
    public void GivenTheSameConditionNamedTwoWays_WhenKeyed_ThenTheKeysAreEqual(string a, string b) =>
        Assert.Equal(DiseaseAnnotations.ConditionKey(a), DiseaseAnnotations.ConditionKey(b));

    [Theory]
    [InlineData("Spinocerebellar ataxia 5", "Spinocerebellar ataxia 6")]
    [InlineData("Seizure disorder", "Seizure disorder (Orphanet)")]
    public void GivenDifferentConditions_WhenKeyed_ThenTheKeysDiffer(string a, string b) =>
        Assert.NotEqual(DiseaseAnnotations.ConditionKey(a), DiseaseAnnotations.ConditionKey(b));

    [Fact]
    public void GivenAFeatureOnlyTheEquivalentEntryLists_WhenRankedWithPooling_ThenTheOmimEntryMatchesIt()
    {
        var findings = new PatientFindings(["HP:0000505", "HP:0001083"], []);

        var pooling = new DifferentialDiagnosis(Annotations);
        var ownOnly = new DifferentialDiagnosis(Annotations, new ScoringSettings { PoolEquivalents = 0 });
        var pooled = pooling.Rank(findings, OmimOnly);
        var own = ownOnly.Rank(findings, OmimOnly);

        Assert.Equal("OMIM:200001", pooled.Candidates[0].Disease.Id);
        Assert.True(Score(pooled, "OMIM:200001") > Score(pooled, "OMIM:200002"));
        var withTwin = pooling.Explain(pooled.Findings, pooled.Candidates.Single(c => c.Disease.Id == "OMIM:200001"));
        Assert.Contains(withTwin.Matches, m => m is { PatientTerm: "HP:0001083", DiseaseTerm: "HP:0001083", Kind: MatchKind.Exact });
        var alone = ownOnly.Explain(own.Findings, own.Candidates.Single(c => c.Disease.Id == "OMIM:200001"));
        Assert.DoesNotContain(alone.Matches, m => m.PatientTerm == "HP:0001083");
    }

    [Fact]
    public void GivenAnObligateFeatureOfTheEquivalentEntryExcluded_WhenRankedWithPooling_ThenItCountsAgainstTheOmimEntry()
    {
        var engine = new DifferentialDiagnosis(Annotations);
        var without = engine.Rank(new PatientFindings(["HP:0000505"], []), OmimOnly);
        var with = engine.Rank(new PatientFindings(["HP:0000505"], ["HP:0001083"]), OmimOnly);

        Assert.True(Score(with, "OMIM:200001") < Score(without, "OMIM:200001"));
        Assert.True(Score(with, "OMIM:200001") < Score(with, "OMIM:200002"));
    }

    private static double Score(Differential d, string id) => d.Candidates.Single(c => c.Disease.Id == id).Score;
}
