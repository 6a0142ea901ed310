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
        Assert.Equal(["ORPHA:20"], withTwin.FeaturesAlsoFrom);
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

    // Gene links: NCBIGene:1 causes one OMIM and one Orphanet entry (a pair); NCBIGene:2 causes two OMIM entries
    // (allelic conditions: no pair); NCBIGene:3's Orphanet entry is also linked to NCBIGene:4 (a group: no pair).
    private const string GenesHeader = "ncbi_gene_id\tgene_symbol\tassociation_type\tdisease_id\tsource\n";

    private const string GeneHpoa = Header +
        "OMIM:300001\tLimb-girdle muscular dystrophy 1E\t\tHP:0000505\tOMIM:300001\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "ORPHA:31\tGENE1-related limb-girdle muscular dystrophy D1\t\tHP:0001083\tORPHA:31\tTAS\t\tHP:0040280\t\t\tP\tHPO:x\n" +
        "OMIM:300002\tEye disease A\t\tHP:0000505\tOMIM:300002\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "OMIM:300003\tEye disease B\t\tHP:0000505\tOMIM:300003\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "ORPHA:32\tEye disease group\t\tHP:0001083\tORPHA:32\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "OMIM:300004\tHeart disease C\t\tHP:0001631\tOMIM:300004\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "ORPHA:33\tHeart disease group\t\tHP:0001631\tORPHA:33\tTAS\t\t\t\t\tP\tHPO:x\n";

    private const string Genes = GenesHeader +
        "NCBIGene:1\tGENE1\tMENDELIAN\tOMIM:300001\tmim2gene\n" +
        "NCBIGene:1\tGENE1\tMENDELIAN\tORPHA:31\torphadata\n" +
        "NCBIGene:2\tGENE2\tMENDELIAN\tOMIM:300002\tmim2gene\n" +
        "NCBIGene:2\tGENE2\tMENDELIAN\tOMIM:300003\tmim2gene\n" +
        "NCBIGene:2\tGENE2\tUNKNOWN\tORPHA:32\torphadata\n" +
        "NCBIGene:3\tGENE3\tMENDELIAN\tOMIM:300004\tmim2gene\n" +
        "NCBIGene:3\tGENE3\tUNKNOWN\tORPHA:33\torphadata\n" +
        "NCBIGene:4\tGENE4\tUNKNOWN\tORPHA:33\torphadata\n";

    [Fact]
    public void GivenGeneLinks_WhenOneGeneCausesOneOmimAndOneOrphanetEntry_ThenTheyAreEquivalent()
    {
        var annotations = AnnotationReader.Read(new StringReader(GeneHpoa), TinyHpo.Ontology());
        Assert.Empty(annotations.EquivalentsOf(annotations.Find("OMIM:300001")!));

        var linked = annotations.WithGeneLinks(GeneDiseaseLinks.Read(new StringReader(Genes)));

        Assert.Equal(["ORPHA:31"], linked.EquivalentsOf(linked.Find("OMIM:300001")!).Select(d => d.Id));
        Assert.Equal(["OMIM:300001"], linked.EquivalentsOf(linked.Find("ORPHA:31")!).Select(d => d.Id));
    }

    [Theory]
    [InlineData("OMIM:300002")] // its gene also causes OMIM:300003
    [InlineData("OMIM:300004")] // the Orphanet entry of its gene is a group linked to another gene too
    public void GivenGeneLinks_WhenTheGeneOrTheOrphanetEntryIsShared_ThenNoEquivalentIsAssumed(string id)
    {
        var linked = AnnotationReader.Read(new StringReader(GeneHpoa), TinyHpo.Ontology()).WithGeneLinks(GeneDiseaseLinks.Read(new StringReader(Genes)));

        Assert.Empty(linked.EquivalentsOf(linked.Find(id)!));
    }

    [Fact]
    public void GivenAGeneLinkFileWithoutItsHeader_WhenRead_ThenItIsRefusedNamingTheLine()
    {
        var ex = Assert.Throws<InvalidDataException>(() => GeneDiseaseLinks.Read(new StringReader("NCBIGene:1\tGENE1\tMENDELIAN\tOMIM:300001\tx\n")));
        Assert.Contains("line 1", ex.Message, StringComparison.Ordinal);
        var row = Assert.Throws<InvalidDataException>(() => GeneDiseaseLinks.Read(new StringReader(GenesHeader + "GENE1\tMENDELIAN\n")));
        Assert.Contains("line 2", row.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAGeneLinkFile_WhenRead_ThenLinksGoBothWays()
    {
        var links = GeneDiseaseLinks.Read(new StringReader(Genes));

        Assert.Equal(8, links.RowCount);
        Assert.Equal(["OMIM:300002", "OMIM:300003", "ORPHA:32"], links.DiseasesOf("NCBIGene:2").Order(StringComparer.Ordinal));
        Assert.Equal(["NCBIGene:3", "NCBIGene:4"], links.GenesOf("ORPHA:33").Order(StringComparer.Ordinal));
    }

    private static double Score(Differential d, string id) => d.Candidates.Single(c => c.Disease.Id == id).Score;
}
