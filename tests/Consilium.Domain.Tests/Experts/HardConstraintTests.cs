using Consilium.Domain.Matching;
using Consilium.Domain.Triage;
using static Consilium.Domain.Tests.Experts.MatchingFixtures;

namespace Consilium.Domain.Tests.Experts;

public class HardConstraintTests
{
    private static ConstraintCheck Failed(NeedMatch m, string expertId) => m.Excluded.Single(x => x.Expert.Id == expertId).Failed.Single();

    [Fact]
    public void GivenExpertLicensedElsewhere_WhenMatched_ThenExcludedByLicensure()
    {
        var m = MatchOne(Case(), null, Expert("a"), Expert("b", e => e with { Licensures = ["DE"] }));

        Assert.Equal(["a"], m.Candidates.Select(c => c.Expert.Id));
        var failed = Failed(m, "b");
        Assert.Equal(MatchConstraint.Licensure, failed.Constraint);
        Assert.Contains("NL", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNationalLicence_WhenPatientInSubdivision_ThenLicensed()
    {
        var m = MatchOne(Case(file: f => f with { Patient = f.Patient with { Jurisdiction = "US-MA" } }), null, Expert("a", e => e with { Licensures = ["US"] }), Expert("b", e => e with { Licensures = ["US-NY"] }));

        Assert.Equal(["a"], m.Candidates.Select(c => c.Expert.Id));
        Assert.Equal(MatchConstraint.Licensure, Failed(m, "b").Constraint);
    }

    [Fact]
    public void GivenSameCountryPolicy_WhenLicensedInAnotherState_ThenCandidate()
    {
        var request = Case(file: f => f with { Patient = f.Patient with { Jurisdiction = "US-MA" } });
        var m = MatchOne(request, new MatchingOptions { Licensure = LicensurePolicy.SameCountry }, Expert("b", e => e with { Licensures = ["US-NY"] }), Expert("c", e => e with { Licensures = ["DE"] }));

        Assert.Equal(["b"], m.Candidates.Select(c => c.Expert.Id));
        Assert.Equal(MatchConstraint.Licensure, Failed(m, "c").Constraint);
    }

    [Fact]
    public void GivenCrossBorderPolicy_WhenLicensedAbroad_ThenCandidateWithReason()
    {
        var m = MatchOne(Case(), new MatchingOptions { Licensure = LicensurePolicy.CrossBorder }, Expert("b", e => e with { Licensures = ["DE"] }));

        var check = m.Candidates.Single().Constraints.Single(c => c.Constraint == MatchConstraint.Licensure);
        Assert.True(check.Passed);
        Assert.Contains("across borders", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenFirstOpinionPhysician_WhenMatched_ThenNeverACandidate()
    {
        var byId = MatchOne(Case(first: new FirstOpinion("a", null, null)), null, Expert("a"), Expert("b"));
        var byName = MatchOne(Case(first: new FirstOpinion(null, "dr  A", null)), null, Expert("a"), Expert("b"));

        Assert.Equal(["b"], byId.Candidates.Select(c => c.Expert.Id));
        Assert.Equal(MatchConstraint.ConflictOfInterest, Failed(byId, "a").Constraint);
        Assert.Equal(["b"], byName.Candidates.Select(c => c.Expert.Id));
    }

    [Fact]
    public void GivenFirstOpinionInstitution_WhenExclusionConfigured_ThenColleaguesExcludedOtherwiseKept()
    {
        var request = Case(first: new FirstOpinion("x", "Dr X", "Hospital a"));
        var colleague = Expert("a");
        var affiliated = Expert("b", e => e with { Affiliations = ["Hospital A"] });

        var strict = MatchOne(request, null, colleague, affiliated, Expert("c"));
        var lenient = MatchOne(request, new MatchingOptions { ExcludeFirstOpinionInstitution = false }, colleague, affiliated, Expert("c"));

        Assert.Equal(["c"], strict.Candidates.Select(c => c.Expert.Id));
        Assert.Equal(MatchConstraint.ConflictOfInterest, Failed(strict, "b").Constraint);
        Assert.Equal(3, lenient.Candidates.Count);
    }

    [Fact]
    public void GivenExpertAtCapacity_WhenMatched_ThenExcludedByCapacity()
    {
        var m = MatchOne(Case(), null, Expert("a", e => e with { CurrentLoad = 4, WeeklyCapacity = 4 }));

        Assert.Empty(m.Candidates);
        Assert.Equal(MatchConstraint.Capacity, Failed(m, "a").Constraint);
    }

    [Theory]
    [InlineData(Urgency.Expedited, 6, false)]
    [InlineData(Urgency.Expedited, 5, true)]
    [InlineData(Urgency.Emergency, 3, false)]
    [InlineData(Urgency.Standard, 30, true)]
    public void GivenTurnaround_WhenUrgencyDemandsIt_ThenOnlyFittingExpertsRemain(Urgency urgency, double days, bool candidate)
    {
        var m = MatchOne(Case(urgency), null, Expert("a", e => e with { TypicalTurnaroundDays = days }));

        Assert.Equal(candidate, m.Candidates.Count == 1);
        if (!candidate)
        {
            Assert.Equal(MatchConstraint.Turnaround, Failed(m, "a").Constraint);
        }
    }

    [Fact]
    public void GivenNoSharedLanguage_WhenNoInterpreter_ThenExcluded_AndWithInterpreterFlagged()
    {
        var expert = Expert("a", e => e with { Languages = ["de"] });

        var without = MatchOne(Case(), null, expert);
        var with = MatchOne(Case(), new MatchingOptions { InterpreterAvailable = true }, expert);

        Assert.Equal(MatchConstraint.Language, Failed(without, "a").Constraint);
        Assert.True(with.Candidates.Single().InterpreterNeeded);
        Assert.Contains("interpreter", with.Candidates.Single().Constraints.Single(c => c.Constraint == MatchConstraint.Language).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAvailabilityWindowLater_WhenMatchedNow_ThenExcludedByAvailability()
    {
        var m = MatchOne(Case(), null, Expert("a", e => e with { Availability = [new(AsOf.AddDays(3), AsOf.AddDays(10))] }), Expert("b", e => e with { Availability = [new(AsOf.AddDays(-3), AsOf.AddDays(10))] }));

        Assert.Equal(["b"], m.Candidates.Select(c => c.Expert.Id));
        Assert.Equal(MatchConstraint.Availability, Failed(m, "a").Constraint);
    }

    [Fact]
    public void GivenExpertWithoutTheSpecialty_WhenMatched_ThenNotRelevantRatherThanExcluded()
    {
        var m = MatchOne(Case(), null, Expert("a"), Expert("r", e => e with { Specialties = ["radiology"], Subspecialties = [] }));

        Assert.Single(m.Candidates);
        Assert.Empty(m.Excluded);
        Assert.Equal(1, m.NotRelevant);
    }

    [Fact]
    public void GivenCandidate_WhenMatched_ThenEveryConstraintIsReportedPassedWithAReason()
    {
        var c = MatchOne(Case(), null, Expert("a")).Candidates.Single();

        Assert.Equal(MatchConstraint.All, c.Constraints.Select(x => x.Constraint));
        Assert.All(c.Constraints, x => Assert.True(x.Passed && x.Reason.Length > 0));
    }
}
