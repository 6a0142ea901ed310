using Consilium.Domain.Clinical;
using Consilium.Domain.Experts;
using Consilium.Domain.Matching;
using Consilium.Domain.Specialties;
using Consilium.Domain.Triage;
using static Consilium.Domain.Tests.Experts.MatchingFixtures;

namespace Consilium.Domain.Tests.Experts;

public class ScorePartTests
{
    private static Candidate Of(NeedMatch m, string id) => m.Candidates.Single(c => c.Expert.Id == id);

    [Fact]
    public void GivenVolumes_WhenScored_ThenMoreIsBetterWithDiminishingReturns()
    {
        var engine = new MatchingEngine(ExpertNetwork.Empty);

        Assert.True(engine.Volume(100) > engine.Volume(10));
        Assert.True(engine.Volume(500) < 1.5 * engine.Volume(100));
        Assert.Equal(1, engine.Volume(5000));
        Assert.Equal(0, engine.Volume(0));
    }

    [Fact]
    public void GivenConditionExperience_WhenRanked_ThenHigherVolumeFirst_AndIcd10CategoryMatches()
    {
        var m = MatchOne(Case(), null,
            Expert("a", e => e with { Conditions = [new ConditionExperience(CodeSystems.Icd10, "C18", null, 20)] }),
            Expert("b", e => e with { Conditions = [new ConditionExperience(CodeSystems.Icd10Cm, "C18.7", "Sigmoid colon cancer", 400)] }),
            Expert("c", e => e with { Conditions = [new ConditionExperience(CodeSystems.Icd10, "C50", null, 900)] }));

        Assert.Equal(["b", "a", "c"], m.Candidates.Select(c => c.Expert.Id));
        Assert.Equal(0, Part(Of(m, "c"), ScorePartName.ConditionExperience).Value);
        Assert.Contains("400 patients", Part(Of(m, "b"), ScorePartName.ConditionExperience).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenSubspecialty_WhenScored_ThenSubspecialistOneSpecialistOnlyHalf()
    {
        var m = MatchOne(Case(), null, Expert("a"), Expert("b", e => e with { Subspecialties = [] }));

        Assert.Equal(1, Part(Of(m, "a"), ScorePartName.SubspecialtyFit).Value);
        Assert.Equal(0.5, Part(Of(m, "b"), ScorePartName.SubspecialtyFit).Value);
    }

    [Fact]
    public void GivenProposedSurgery_WhenScored_ThenSameProcedureAndLessInvasiveAlternativeCount()
    {
        var need = new ExpertiseNeed(Specialty.Surgery, "colorectal surgery", "surgery");
        var open = Expert("a", e => e with { Specialties = [Specialty.Surgery], Subspecialties = ["colorectal surgery"], Procedures = [new ProcedureExperience("Sigmoid colectomy", 200) { Codes = [new ClinicalCode(CodeSystems.Snomed, "26390003")] }] });
        var lap = Expert("b", e => e with { Specialties = [Specialty.Surgery], Subspecialties = ["colorectal surgery"], Procedures = [new ProcedureExperience("Laparoscopic colectomy", 50) { MinimallyInvasive = true, OrganSystem = "digestive" }] });
        var none = Expert("c", e => e with { Specialties = [Specialty.Surgery], Subspecialties = ["colorectal surgery"], Procedures = [new ProcedureExperience("Knee arthroscopy", 900) { MinimallyInvasive = true, OrganSystem = "musculoskeletal" }] });

        var m = MatchOne(Case(needs: [need]), null, open, lap, none);

        Assert.True(Part(Of(m, "a"), ScorePartName.TechniqueFit).Value > Part(Of(m, "b"), ScorePartName.TechniqueFit).Value);
        Assert.Contains("less invasive alternative", Part(Of(m, "b"), ScorePartName.TechniqueFit).Reason, StringComparison.Ordinal);
        Assert.Equal(0, Part(Of(m, "c"), ScorePartName.TechniqueFit).Value);
    }

    [Fact]
    public void GivenRadiologyNeed_WhenScored_ThenTechniqueIsTheModalitiesRead()
    {
        var need = new ExpertiseNeed(Specialty.Radiology, "abdominal radiology", "re-read");
        var ct = Expert("a", e => e with { Specialties = [Specialty.Radiology], Subspecialties = ["abdominal radiology"], Imaging = new ImagingExpertise("abdominal radiology", ["CT", "MR"]) });
        var mr = Expert("b", e => e with { Specialties = [Specialty.Radiology], Subspecialties = ["abdominal radiology"], Imaging = new ImagingExpertise("abdominal radiology", ["MR"]) });

        var m = MatchOne(Case(needs: [need]), null, ct, mr);

        Assert.Equal(1, Part(Of(m, "a"), ScorePartName.TechniqueFit).Value);
        Assert.Equal(0, Part(Of(m, "b"), ScorePartName.TechniqueFit).Value);
    }

    [Fact]
    public void GivenNoProcedureOrImaging_WhenScored_ThenTechniqueNotApplicableAndWeightsRenormalised()
    {
        var m = MatchOne(Case(file: f => f with { Procedures = [] }), null, Expert("a"));
        var c = m.Candidates.Single();

        Assert.False(Part(c, ScorePartName.TechniqueFit).Applicable);
        var applicable = c.Parts.Where(p => p.Applicable).ToList();
        Assert.Equal(applicable.Sum(p => p.Value * p.Weight) / applicable.Sum(p => p.Weight), c.Score, 5);
    }

    [Fact]
    public void GivenLanguages_WhenScored_ThenPreferredBeatsSecondLanguage()
    {
        var request = Case(file: f => f with { Patient = f.Patient with { Languages = ["nl-BE", "fr"] } });
        var m = MatchOne(request, null, Expert("a", e => e with { Languages = ["fr"] }), Expert("b", e => e with { Languages = ["nl"] }));

        Assert.Equal(1, Part(Of(m, "b"), ScorePartName.Language).Value);
        Assert.Equal(0.7, Part(Of(m, "a"), ScorePartName.Language).Value);
        Assert.Equal("b", m.Candidates[0].Expert.Id);
    }

    [Fact]
    public void GivenTurnaroundAndLoad_WhenScored_ThenFasterAndFreerScoreHigher()
    {
        var m = MatchOne(Case(), null, Expert("a", e => e with { TypicalTurnaroundDays = 3, CurrentLoad = 0 }), Expert("b", e => e with { TypicalTurnaroundDays = 20, CurrentLoad = 3 }));

        Assert.True(Part(Of(m, "a"), ScorePartName.Turnaround).Value > Part(Of(m, "b"), ScorePartName.Turnaround).Value);
        Assert.Equal(1, Part(Of(m, "a"), ScorePartName.Load).Value);
        Assert.Equal(0.25, Part(Of(m, "b"), ScorePartName.Load).Value);
        Assert.Equal(["a", "b"], m.Candidates.Select(c => c.Expert.Id));
    }

    [Fact]
    public void GivenEqualExperts_WhenRanked_ThenTiesBrokenByIdOrdinal()
    {
        var m = MatchOne(Case(), null, Expert("b"), Expert("B"), Expert("a"));

        Assert.Equal(["B", "a", "b"], m.Candidates.Select(c => c.Expert.Id));
        Assert.Equal([1, 2, 3], m.Candidates.Select(c => c.Rank));
    }

    [Fact]
    public void GivenCandidate_WhenExplained_ThenEveryApplicablePartHasASentence()
    {
        var c = MatchOne(Case(), null, Expert("a")).Candidates.Single();

        Assert.Equal(ScorePartName.All, c.Parts.Select(p => p.Name));
        Assert.Equal(c.Parts.Count(p => p.Applicable), c.Explanation().Count());
    }
}
