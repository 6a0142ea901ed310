using Consilium.Phenotypes.Annotations;
using Consilium.Phenotypes.Ranking;

namespace Consilium.Phenotypes.Tests.Ranking;

public sealed class RankingTests
{
    private static readonly DiseaseAnnotations Annotations = TinyHpo.Annotations();
    private static readonly DifferentialDiagnosis Engine = new(Annotations);
    private static readonly RankingRequest OmimOnly = new() { Top = 10, Databases = new HashSet<string> { "OMIM" } };

    private static Differential Rank(string[] observed, string[]? excluded = null, RankingRequest? request = null) =>
        Engine.Rank(new PatientFindings(observed, excluded ?? []), request ?? OmimOnly);

    private static double ScoreOf(Differential d, string id) => d.Candidates.Single(c => c.Disease.Id == id).Score;

    [Fact]
    public void GivenAFeatureOnlyOneDiseaseHas_WhenRanked_ThenThatDiseaseComesFirst()
    {
        var d = Rank(["HP:0001083"]);

        Assert.Equal("OMIM:100002", d.Candidates[0].Disease.Id);
        Assert.True(d.Candidates[0].Score > d.Candidates[1].Score);
    }

    [Fact]
    public void GivenAPatientTermMoreSpecificThanTheDiseaseTerm_WhenRanked_ThenTheDiseaseStillMatchesThroughIt()
    {
        var d = Rank(["HP:0002121"]); // absence seizure; the disease has "Seizure"

        var first = d.Candidates[0];
        Assert.Equal("OMIM:100001", first.Disease.Id);
        var match = Assert.Single(Engine.Explain(d.Findings, first).Matches);
        Assert.Equal(MatchKind.PatientMoreSpecific, match.Kind);
        Assert.Equal("HP:0001250", match.DiseaseTerm);
        Assert.Equal("HP:0001250", match.CommonAncestor);
    }

    [Fact]
    public void GivenAnExactMatch_WhenComparedWithAMatchThroughASiblingTerm_ThenTheExactMatchScoresHigher()
    {
        var all = new RankingRequest { Top = 10 };
        var d = Rank(["HP:0002069"], request: all); // ORPHA:9 has exactly this; OMIM:100001 has the parent

        Assert.Equal("ORPHA:9", d.Candidates[0].Disease.Id);
        var sibling = Rank(["HP:0002121"], request: all); // ORPHA:9 meets absence seizure only via "Seizure"
        Assert.True(ScoreOf(sibling, "ORPHA:9") < ScoreOf(d, "ORPHA:9"));
        Assert.Equal(MatchKind.CommonAncestor, Engine.Explain(sibling.Findings, sibling.Candidates.Single(c => c.Disease.Id == "ORPHA:9")).Matches.Concat(Engine.Explain(sibling.Findings, sibling.Candidates.Single(c => c.Disease.Id == "ORPHA:9")).Unmatched).Single().Kind);
    }

    [Fact]
    public void GivenAnObligateFeatureExcluded_WhenRanked_ThenTheDiseaseLosesScore()
    {
        var without = Rank(["HP:0000505"]);
        var with = Rank(["HP:0000505"], ["HP:0001083"]); // ectopia lentis is obligate in OMIM:100002

        Assert.True(ScoreOf(with, "OMIM:100002") < ScoreOf(without, "OMIM:100002") - 0.5);
        var explanation = Engine.Explain(with.Findings, with.Candidates.Single(c => c.Disease.Id == "OMIM:100002"));
        var evidence = Assert.Single(explanation.Excluded);
        Assert.Equal("HP:0001083", evidence.DiseaseTerm);
        Assert.True(evidence.Log10Ratio < 0);
    }

    [Fact]
    public void GivenAnOccasionalFeatureExcluded_WhenRanked_ThenItIsNotCountedAgainstTheDisease()
    {
        var without = Rank(["HP:0001083"]);
        var with = Rank(["HP:0001083"], ["HP:0000505"]); // visual impairment: 40%, below the "frequent" threshold

        Assert.True(ScoreOf(with, "OMIM:100002") >= ScoreOf(without, "OMIM:100002"));
        Assert.Empty(Engine.Explain(with.Findings, with.Candidates.Single(c => c.Disease.Id == "OMIM:100002")).Excluded);
    }

    [Fact]
    public void GivenAFeatureTheAnnotationSaysTheDiseaseLacks_WhenObserved_ThenTheDiseaseIsPenalised()
    {
        var d = Rank(["HP:0001250"]);
        var noNot = new DifferentialDiagnosis(Annotations, ScoringSettings.Default with { AbsentFeatureRatio = 1 })
            .Rank(new PatientFindings(["HP:0001250"], []), OmimOnly);

        Assert.Equal(Math.Log10(ScoringSettings.Default.AbsentFeatureRatio), ScoreOf(d, "OMIM:100003") - ScoreOf(noNot, "OMIM:100003"), 4);
        Assert.Equal("OMIM:100003", d.Candidates[^1].Disease.Id);
    }

    [Fact]
    public void GivenACandidate_WhenExplained_ThenUnmatchedFindingsAndUnreportedFeaturesAreListed()
    {
        var d = Rank(["HP:0001250", "HP:0001631"]);
        var seizureDisorder = d.Candidates.Single(c => c.Disease.Id == "OMIM:100001");

        var e = Engine.Explain(d.Findings, seizureDisorder);

        Assert.Equal("HP:0001250", Assert.Single(e.Matches).PatientTerm);
        Assert.Equal(MatchKind.Exact, e.Matches[0].Kind);
        Assert.Equal("HP:0001631", Assert.Single(e.Unmatched).PatientTerm);
        Assert.Equal("HP:0001251", Assert.Single(e.AbsentInPatient).TermId);
    }

    [Fact]
    public void GivenAnyQuery_WhenRanked_ThenProbabilitiesAreOrderedAndSumToOneOverTheCandidatesConsidered()
    {
        var d = Rank(["HP:0001250", "HP:0001083"], request: new RankingRequest { Top = 100 });

        Assert.Equal(4, d.DiseasesConsidered);
        Assert.Equal(1.0, d.Candidates.Sum(c => c.Probability), 6);
        Assert.True(d.Candidates.Zip(d.Candidates.Skip(1)).All(p => p.First.Score >= p.Second.Score && p.First.Probability >= p.Second.Probability));
        Assert.Equal([1, 2, 3, 4], d.Candidates.Select(c => c.Rank));
    }

    [Fact]
    public void GivenTwoDiseasesWithIdenticalFeatures_WhenRanked_ThenTheTieIsBrokenTheSameWayEveryTime()
    {
        var hpoa = "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n" +
                   "OMIM:200002\tB\t\tHP:0001250\tx\tTAS\t\t\t\t\tP\tx\n" +
                   "OMIM:200001\tA\t\tHP:0001250\tx\tTAS\t\t\t\t\tP\tx\n" +
                   "OMIM:200003\tC\t\tHP:0001083\tx\tTAS\t\t\t\t\tP\tx\n";
        var engine = new DifferentialDiagnosis(AnnotationReader.Read(new StringReader(hpoa), TinyHpo.Ontology()));

        var first = engine.Rank(new PatientFindings(["HP:0001250"], []));
        var second = engine.Rank(new PatientFindings(["HP:0001250"], []));

        Assert.Equal(first.Candidates[0].Score, first.Candidates[1].Score);
        Assert.Equal(["OMIM:200001", "OMIM:200002", "OMIM:200003"], first.Candidates.Select(c => c.Disease.Id));
        Assert.Equal(first.Candidates.Select(c => c.Disease.Id), second.Candidates.Select(c => c.Disease.Id));
        var placement = engine.Place(first.Findings, "OMIM:200002");
        Assert.Equal(2, placement.Rank);
        Assert.Equal(1, placement.TiedAbove);
    }

    [Fact]
    public void GivenAnAlternativeIdInTheQuery_WhenRanked_ThenItIsMappedAndTheMappingReported()
    {
        var d = Rank(["HP:0001275", "HP:9999999"]);

        Assert.Equal("OMIM:100001", d.Candidates[0].Disease.Id);
        Assert.Contains(d.Findings.Notes, n => n.RequestedId == "HP:0001275" && n.ResolvedId == "HP:0001250");
        Assert.Contains(d.Findings.Notes, n => n.RequestedId == "HP:9999999" && !n.IsFound);
    }

    [Fact]
    public void GivenAFeatureBothPresentAndExcluded_WhenResolved_ThenThePresenceWins()
    {
        var findings = new PatientFindings(["HP:0002069"], ["HP:0001250", "HP:0001083"]).Resolve(Annotations.Ontology);

        Assert.Equal([Annotations.Ontology.IndexOf("HP:0001083")], findings.Excluded);
    }

    [Fact]
    public void GivenEvaluatedCases_WhenSummarised_ThenTopKAndMrrFollowTheRanks()
    {
        EvaluatedCase Case(string pub, int rank, bool circular = false) => new($"c{rank}", pub, true, circular, new TruthPlacement(rank, 0, 0.5, 0.5));
        var report = AccuracyReport.Of([Case("P1", 1), Case("P1", 2), Case("P2", 5), Case("P3", 20, circular: true)]);

        var covered = report.Subsets.Single(s => s.Subset == "covered");
        Assert.Equal(0.25, covered.Top1, 6);
        Assert.Equal(0.5, covered.Top3, 6);
        Assert.Equal(0.75, covered.Top10, 6);
        Assert.Equal((1 + 0.5 + 0.2 + 0.05) / 4, covered.Mrr, 6);
        Assert.Equal(3, report.Subsets.Single(s => s.Subset == "covered non-circular").Cases);
        Assert.Equal(((0.5) + 0 + 0) / 3, covered.Top1ByPublication, 6);
    }
}

public sealed class RankingOnTheHpoReleaseTests
{
    [SkippableFact]
    public void GivenMarfanFeatures_WhenRankedOverTheRealAnnotations_ThenMarfanSyndromeIsAmongTheFirstOmimCandidates()
    {
        Skip.If(SharedData.Ontology is null || SharedData.Annotations is null, SharedData.Missing);
        var ontology = Consilium.Phenotypes.Ontology.OntologyReader.Load(SharedData.Ontology!);
        var annotations = AnnotationReader.Load(SharedData.Annotations!, ontology);
        Assert.Equal(12690, annotations.Count);
        Assert.Equal(272060, annotations.RowCount);
        var engine = new DifferentialDiagnosis(annotations);

        var d = engine.Rank(new PatientFindings(["HP:0001166", "HP:0001083", "HP:0002616", "HP:0001519"], []),
            new RankingRequest { Top = 5, Databases = new HashSet<string> { "OMIM" } });

        // MASS syndrome and other marfanoid conditions share these features and may come first
        Assert.Contains(d.Candidates.Take(3), c => c.Disease.Id == "OMIM:154700");
    }
}
