using Consilium.Phenotypes.Annotations;
using Consilium.Phenotypes.Ranking;

namespace Consilium.Phenotypes.Tests.Ranking;

/// <summary>The patient's sex as evidence: X-linked recessive conditions rarely show in women.</summary>
public sealed class SexEvidenceTests
{
    // Two diseases with the same feature: one X-linked recessive, one autosomal dominant; a third is annotated both ways.
    private static readonly string Hpoa =
        "#description: \"sex\"\n#version: 2025-01-01\n" +
        "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n" +
        "OMIM:400001\tX-linked ataxia\t\tHP:0001251\tOMIM:400001\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "OMIM:400001\tX-linked ataxia\t\tHP:0001419\tOMIM:400001\tTAS\t\t\t\t\tI\tHPO:x\n" +
        "OMIM:400002\tDominant ataxia\t\tHP:0001251\tOMIM:400002\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "OMIM:400002\tDominant ataxia\t\tHP:0000006\tOMIM:400002\tTAS\t\t\t\t\tI\tHPO:x\n" +
        "OMIM:400003\tMixed ataxia\t\tHP:0001251\tOMIM:400003\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "OMIM:400003\tMixed ataxia\t\tHP:0001419\tOMIM:400003\tTAS\t\t\t\t\tI\tHPO:x\n" +
        "OMIM:400003\tMixed ataxia\t\tHP:0000006\tOMIM:400003\tTAS\t\t\t\t\tI\tHPO:x\n";

    private static readonly DifferentialDiagnosis Engine = new(AnnotationReader.Read(new StringReader(Hpoa), TinyHpo.Ontology()));

    private static Dictionary<string, double> Scores(string? sex) =>
        Engine.Rank(new PatientFindings(["HP:0001251"], []) { Sex = sex }, new RankingRequest { Top = 10 })
            .Candidates.ToDictionary(c => c.Disease.Id, c => c.Score);

    [Fact]
    public void GivenAFemalePatient_WhenRanked_ThenAnOnlyXLinkedRecessiveDiseaseFallsBehindTheOthers()
    {
        var female = Scores("FEMALE");

        Assert.True(female["OMIM:400001"] < female["OMIM:400002"] - 0.5);
        Assert.Equal(female["OMIM:400002"], female["OMIM:400003"], 6);
        var findings = new PatientFindings(["HP:0001251"], []) { Sex = "FEMALE" }.Resolve(TinyHpo.Ontology());
        var differential = Engine.Rank(findings, new RankingRequest { Top = 10 });
        Assert.True(Engine.Explain(findings, differential.Candidates.Single(c => c.Disease.Id == "OMIM:400001")).SexLog10Ratio < 0);
        Assert.Equal(0, Engine.Explain(findings, differential.Candidates.Single(c => c.Disease.Id == "OMIM:400003")).SexLog10Ratio);
    }

    [Theory]
    [InlineData("MALE")]
    [InlineData(null)]
    public void GivenAMaleOrUnknownSex_WhenRanked_ThenInheritanceDoesNotChangeTheScores(string? sex)
    {
        var scores = Scores(sex);

        Assert.Equal(scores["OMIM:400001"], scores["OMIM:400002"], 6);
        Assert.Equal(Scores("FEMALE")["OMIM:400002"], scores["OMIM:400002"], 6);
    }
}
