using Consilium.Phenotypes.Annotations;
using Consilium.Phenotypes.Phenopackets;
using Consilium.Phenotypes.Ranking;

namespace Consilium.Phenotypes.Tests.Ranking;

/// <summary>Age of onset as evidence: a disease that starts in adults explains an infant's findings less well.</summary>
public sealed class OnsetEvidenceTests
{
    // Same feature, three onset annotations: adult only, infantile, none.
    private static readonly string Hpoa =
        "#description: \"onset\"\n#version: 2025-01-01\n" +
        "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n" +
        "OMIM:500001\tLate ataxia\t\tHP:0001251\tOMIM:500001\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "OMIM:500001\tLate ataxia\t\tHP:0003581\tOMIM:500001\tTAS\t\t\t\t\tC\tHPO:x\n" +
        "OMIM:500002\tInfant ataxia\t\tHP:0001251\tOMIM:500002\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "OMIM:500002\tInfant ataxia\t\tHP:0003593\tOMIM:500002\tTAS\t\t\t\t\tC\tHPO:x\n" +
        "OMIM:500003\tAtaxia, onset unknown\t\tHP:0001251\tOMIM:500003\tTAS\t\t\t\t\tP\tHPO:x\n";

    private static readonly DifferentialDiagnosis Engine = new(AnnotationReader.Read(new StringReader(Hpoa), TinyHpo.Ontology()));

    private static Dictionary<string, double> Scores(string? onset) =>
        Engine.Rank(new PatientFindings(["HP:0001251"], []) { Onset = onset }, new RankingRequest { Top = 10 })
            .Candidates.ToDictionary(c => c.Disease.Id, c => c.Score);

    [Fact]
    public void GivenAnInfantileOnset_WhenRanked_ThenAnAdultOnsetDiseaseFallsBehindAndUnannotatedOnesAreNeutral()
    {
        var infant = Scores(AgeOfOnset.Infantile);

        Assert.True(infant["OMIM:500001"] < infant["OMIM:500002"] - 0.3);
        Assert.Equal(infant["OMIM:500002"], infant["OMIM:500003"], 6);
        var findings = new PatientFindings(["HP:0001251"], []) { Onset = AgeOfOnset.Infantile }.Resolve(TinyHpo.Ontology());
        var differential = Engine.Rank(findings, new RankingRequest { Top = 10 });
        Assert.True(Engine.Explain(findings, differential.Candidates.Single(c => c.Disease.Id == "OMIM:500001")).OnsetLog10Ratio < 0);
    }

    [Theory]
    [InlineData(AgeOfOnset.Childhood)] // next to infantile: compatible
    [InlineData(null)]
    public void GivenAnOnsetNextToTheDiseasesOrNone_WhenRanked_ThenTheInfantileDiseaseIsNotPenalised(string? onset)
    {
        var scores = Scores(onset);

        Assert.Equal(scores["OMIM:500002"], scores["OMIM:500003"], 6);
    }

    [Theory]
    [InlineData("P0D", AgeOfOnset.Congenital)]
    [InlineData("P10D", AgeOfOnset.Neonatal)]
    [InlineData("P6M", AgeOfOnset.Infantile)]
    [InlineData("P3Y6M", AgeOfOnset.Childhood)]
    [InlineData("P12Y", AgeOfOnset.Juvenile)]
    [InlineData("P25Y", AgeOfOnset.YoungAdult)]
    [InlineData("P45Y", AgeOfOnset.MiddleAge)]
    [InlineData("P70Y", AgeOfOnset.Late)]
    [InlineData("six months", null)]
    [InlineData("P", null)]
    public void GivenAnIsoAge_WhenMapped_ThenItLandsInItsHpoOnsetBand(string age, string? term) =>
        Assert.Equal(term, AgeOfOnset.TermOfAge(age));

    [Fact]
    public void GivenAPhenopacketWithADiseaseOnsetAge_WhenRead_ThenItsOnsetIsTheMatchingTerm()
    {
        var packet = PhenopacketFile.Parse("""
            {"id":"p1","subject":{"id":"s"},
             "phenotypicFeatures":[{"type":{"id":"HP:0001251"},"onset":{"ontologyClass":{"id":"HP:0003577"}}}],
             "diseases":[{"term":{"id":"OMIM:500001"},"onset":{"age":{"iso8601duration":"P2Y"}}}]}
            """);
        var featureOnly = packet with { Diseases = [] };

        Assert.Equal(AgeOfOnset.Childhood, packet.OnsetTermId);
        Assert.Equal(AgeOfOnset.Congenital, featureOnly.OnsetTermId);
        Assert.Null((packet with { Diseases = [], PhenotypicFeatures = [] }).OnsetTermId);
    }
}
