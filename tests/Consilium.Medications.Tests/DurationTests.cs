using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Triage;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Review;

namespace Consilium.Medications.Tests;

public sealed class DurationTests
{
    private static CaseFile Failing(int weeks, GoalAchievement achievement = GoalAchievement.NotAchieved)
    {
        var condition = new Condition("Condition/htn", CodedConcept.Of(CodeSystems.Snomed, "38341003", "Hypertension")) { ClinicalStatus = ClinicalStatus.Active };
        var goal = new Goal("Goal/bp", "Blood pressure below 140/90") { Achievement = achievement, Addresses = ["Condition/htn"] };
        var med = Cases.Med("1", "Amlodipine 5 MG Oral Tablet", startedDaysAgo: weeks * 7) with { ReasonReferences = ["Condition/htn"], Dose = "5 mg once daily" };
        return new CaseFile { Conditions = [condition], Goals = [goal], Medications = [med] };
    }

    [Theory]
    [InlineData(10, GoalAchievement.NotAchieved, true)]
    [InlineData(10, GoalAchievement.Worsening, true)]
    [InlineData(10, GoalAchievement.Improving, false)]
    [InlineData(3, GoalAchievement.NoChange, false)]
    public void GivenGoalAndDrugForIt_WhenReviewed_ThenDurationFindingAgreesWithTriage(int weeks, GoalAchievement achievement, bool failing)
    {
        var file = Failing(weeks, achievement);
        var review = Cases.Review(file, MedicationKnowledge.Empty);
        var triage = TriageEngine.Assess(file, Cases.AsOf);
        var moderate = review.Findings.Any(f => f.Kind == FindingKind.Duration && f.Severity == FindingSeverity.Moderate);
        Assert.Equal(failing, moderate);
        Assert.Equal(triage.Has(SituationCode.TreatmentNotWorking), moderate);
    }

    [Fact]
    public void GivenTenWeeksWithoutImprovement_WhenReviewed_ThenSummaryNamesDrugConditionWeeksAndEvidence()
    {
        var f = Assert.Single(Cases.Review(Failing(10), MedicationKnowledge.Empty).Findings, f => f.Kind == FindingKind.Duration);
        Assert.Contains("Amlodipine 5 MG Oral Tablet for Hypertension: taken for 10 weeks without improvement", f.Summary, StringComparison.Ordinal);
        Assert.Contains(f.Evidence, e => e.Contains("Goal/bp", StringComparison.Ordinal));
        Assert.Contains(f.Evidence, e => e == "Dose as written: 5 mg once daily.");
    }

    [Fact]
    public void GivenThreeWeeks_WhenReviewed_ThenTooEarlyToJudge()
    {
        var f = Assert.Single(Cases.Review(Failing(3, GoalAchievement.NoChange), MedicationKnowledge.Empty).Findings, f => f.Kind == FindingKind.Duration);
        Assert.Equal("too early to judge", f.Level);
        Assert.Equal(FindingSeverity.Info, f.Severity);
    }

    [Fact]
    public void GivenFailingTreatmentWithCpicGuideline_WhenNoGenotype_ThenTestingSuggestionIsModerate()
    {
        using var files = new KnowledgeFiles();
        var file = Failing(10) with { Medications = [Cases.Med("1", "Clopidogrel 75 MG Oral Tablet", startedDaysAgo: 70) with { ReasonReferences = ["Condition/htn"] }] };
        var review = Cases.Review(file, files.Load());
        var f = Assert.Single(review.Findings, f => f.Kind == FindingKind.Pharmacogenomic);
        Assert.Equal(FindingSeverity.Moderate, f.Severity);
        Assert.Contains(f.Evidence, e => e.Contains("not working", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenDrugWithReasonReference_WhenListed_ThenTheConditionIsItsReason()
    {
        var m = Assert.Single(Cases.Review(Failing(10), MedicationKnowledge.Empty).Medications);
        Assert.Equal(["Hypertension"], m.Reasons);
        Assert.Equal("5 mg once daily", m.Medication.Dose);
    }
}
