using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using FsCheck.Xunit;

namespace Consilium.Domain.Tests.Cases;

/// <summary>Ownership, expert assignment (lead and panel), triage corrections and requests for information.</summary>
public class CaseWorkflowTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static TriageResult TriageOf(Urgency urgency, params string[] situations) => new()
    {
        Situations = [.. situations.Select(s => new SituationFinding(s, ["Condition/1"], [$"because {s}"]))],
        Urgency = urgency,
        UrgencyReasons = [],
        Expertise = [],
        ImagingReread = false,
        TumorBoard = false,
        RedFlags = [],
    };

    private static SecondOpinionCase Triaged(string? owner = "acct-patient-1")
    {
        var c = new SecondOpinionCase(Guid.NewGuid(), new CaseFile(), "patient:1", T0, owner);
        c.MoveTo(CaseStatus.Submitted, "patient:1", T0.AddMinutes(1), "submit");
        c.MoveTo(CaseStatus.RecordsReview, "coord:1", T0.AddMinutes(2), "records");
        c.RecordTriage(TriageOf(Urgency.Standard, SituationCode.Cancer), "coord:1", T0.AddMinutes(3));
        return c;
    }

    [Fact]
    public void GivenPatientAccount_WhenCaseCreated_ThenItOwnsTheCase()
    {
        var c = new SecondOpinionCase(Guid.NewGuid(), new CaseFile(), "patient:1", T0, "acct-42");

        Assert.Equal("acct-42", c.PatientAccountId);
        Assert.Null(new SecondOpinionCase(Guid.NewGuid(), new CaseFile(), "import", T0).PatientAccountId);
    }

    [Fact]
    public void GivenBlankPatientAccount_WhenCaseCreated_ThenRefused()
    {
        var e = Assert.Throws<DomainRuleException>(() => new SecondOpinionCase(Guid.NewGuid(), new CaseFile(), "patient:1", T0, " "));
        Assert.Contains("patient account", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTriagedCase_WhenExpertAssigned_ThenAssignedWithExpertAndWhoWhenWhy()
    {
        var c = Triaged();

        var e = c.AssignExpert("expert-a", "coord:1", T0.AddHours(1), "GI oncology, 200 cases a year");

        Assert.Equal(CaseStatus.Assigned, c.Status);
        Assert.Equal(new CaseEvent(CaseStatus.Triaged, CaseStatus.Assigned, "coord:1", T0.AddHours(1), "Assigned to expert-a: GI oncology, 200 cases a year"), e);
        Assert.Equal(["expert-a"], c.AssignedExperts);
        Assert.Equal([new ExpertAssignment("expert-a", AssignmentChange.Assigned, "coord:1", T0.AddHours(1), "GI oncology, 200 cases a year")], c.Assignments);
        Assert.True(c.IsAssignedTo("expert-a"));
        Assert.False(c.IsAssignedTo("expert-b"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void GivenAssignedOrInReviewCase_WhenPanelMemberAdded_ThenStatusStaysAndTimelineHasANote(bool inReview)
    {
        var c = Triaged();
        c.AssignExpert("expert-a", "coord:1", T0.AddHours(1), "lead");
        if (inReview)
        {
            c.MoveTo(CaseStatus.InReview, "expert-a", T0.AddHours(2), "started");
        }
        var before = c.Status;

        var e = c.AssignExpert("expert-b", "coord:1", T0.AddHours(3), "radiology re-read");

        Assert.Equal(before, c.Status);
        Assert.True(e.IsNote);
        Assert.Equal(e, c.Timeline[^1]);
        Assert.Contains("expert-b", e.Reason, StringComparison.Ordinal);
        Assert.Equal(["expert-a", "expert-b"], c.AssignedExperts);
    }

    [Theory]
    [InlineData(CaseStatus.Draft)]
    [InlineData(CaseStatus.Submitted)]
    [InlineData(CaseStatus.RecordsReview)]
    [InlineData(CaseStatus.Withdrawn)]
    public void GivenCaseNotYetTriaged_WhenExpertAssigned_ThenRefusedNamingTheStatus(CaseStatus status)
    {
        var c = new SecondOpinionCase(Guid.NewGuid(), new CaseFile(), "patient:1", T0);
        if (status is CaseStatus.Submitted or CaseStatus.RecordsReview)
        {
            c.MoveTo(CaseStatus.Submitted, "p", T0, "s");
        }
        if (status == CaseStatus.RecordsReview)
        {
            c.MoveTo(CaseStatus.RecordsReview, "p", T0, "s");
        }
        if (status == CaseStatus.Withdrawn)
        {
            c.MoveTo(CaseStatus.Withdrawn, "p", T0, "s");
        }

        var e = Assert.Throws<DomainRuleException>(() => c.AssignExpert("expert-a", "coord:1", T0.AddHours(1), "x"));

        Assert.Contains(status.ToString(), e.Message, StringComparison.Ordinal);
        Assert.Empty(c.AssignedExperts);
    }

    [Fact]
    public void GivenExpertAlreadyAssigned_WhenAssignedAgain_ThenRefused()
    {
        var c = Triaged();
        c.AssignExpert("expert-a", "coord:1", T0.AddHours(1), "lead");

        var e = Assert.Throws<DomainRuleException>(() => c.AssignExpert("expert-a", "coord:1", T0.AddHours(2), "again"));

        Assert.Contains("already assigned", e.Message, StringComparison.Ordinal);
        Assert.Single(c.Assignments);
    }

    [Fact]
    public void GivenAssignedCase_WhenMovedBackToTriaged_ThenExpertsAreReleasedAndHistoryKept()
    {
        var c = Triaged();
        c.AssignExpert("expert-a", "coord:1", T0.AddHours(1), "lead");

        c.MoveTo(CaseStatus.Triaged, "coord:1", T0.AddHours(2), "expert on leave");

        Assert.Empty(c.AssignedExperts);
        Assert.Equal([AssignmentChange.Assigned, AssignmentChange.Released], c.Assignments.Select(a => a.Change));
        c.AssignExpert("expert-b", "coord:1", T0.AddHours(3), "replacement");
        Assert.Equal(["expert-b"], c.AssignedExperts);
    }

    [Fact]
    public void GivenTriagedCase_WhenTriageCorrectedTwice_ThenTriageIsTheLatestAndTheOriginalIsKept()
    {
        var c = Triaged();
        var original = c.Triage;
        var first = TriageOf(Urgency.Expedited, SituationCode.Cancer, SituationCode.SurgeryPlanned);
        var second = TriageOf(Urgency.Expedited, SituationCode.SurgeryPlanned);

        c.CorrectTriage(first, "coord:1", T0.AddHours(1), "surgery date is in the referral letter");
        var last = c.CorrectTriage(second, "coord:2", T0.AddHours(2), "pathology is benign");

        Assert.Same(second, c.Triage);
        Assert.Same(original, c.OriginalTriage);
        Assert.Equal(2, c.TriageCorrections.Count);
        Assert.Equal(new TriageCorrection(second, "coord:2", T0.AddHours(2), "pathology is benign"), last);
        Assert.Equal("coord:1", c.TriageCorrections[0].Actor);
        Assert.Equal(CaseStatus.Triaged, c.Status);
    }

    [Fact]
    public void GivenUntriagedCase_WhenTriageCorrected_ThenRefused()
    {
        var c = new SecondOpinionCase(Guid.NewGuid(), new CaseFile(), "patient:1", T0);

        var e = Assert.Throws<DomainRuleException>(() => c.CorrectTriage(TriageOf(Urgency.Standard), "coord:1", T0, "why"));

        Assert.Contains("not been triaged", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void GivenNoReason_WhenTriageCorrected_ThenRefused(string why)
    {
        var c = Triaged();

        var e = Assert.Throws<DomainRuleException>(() => c.CorrectTriage(TriageOf(Urgency.Standard), "coord:1", T0.AddHours(1), why));

        Assert.Contains("reason", e.Message, StringComparison.Ordinal);
        Assert.Empty(c.TriageCorrections);
    }

    [Fact]
    public void GivenWithdrawnCase_WhenTriageCorrected_ThenRefused()
    {
        var c = Triaged();
        c.MoveTo(CaseStatus.Withdrawn, "patient:1", T0.AddHours(1), "no longer needed");

        Assert.Throws<DomainRuleException>(() => c.CorrectTriage(TriageOf(Urgency.Standard), "coord:1", T0.AddHours(2), "why"));
    }

    [Fact]
    public void GivenTriagedCase_WhenSentForInformationAndResumed_ThenTheTriageIsKept()
    {
        var c = Triaged();
        var first = c.Triage;
        c.RequestInformation("the pathology report", "coord:1", T0.AddHours(1));
        c.MoveTo(CaseStatus.Triaged, "patient:1", T0.AddHours(2), "uploaded");
        c.MoveTo(CaseStatus.NeedsInformation, "coord:1", T0.AddHours(3), "still missing");
        c.MoveTo(CaseStatus.Triaged, "patient:1", T0.AddHours(4), "uploaded");

        Assert.Same(first, c.OriginalTriage);
        Assert.Empty(c.TriageCorrections);
    }

    [Theory]
    [InlineData(CaseStatus.Triaged)]
    [InlineData(CaseStatus.Assigned)]
    public void GivenCase_WhenInformationRequested_ThenNeedsInformationWithWhatIsMissingAndResumesWhereItWas(CaseStatus from)
    {
        var c = Triaged();
        if (from == CaseStatus.Assigned)
        {
            c.AssignExpert("expert-a", "coord:1", T0.AddHours(1), "lead");
        }

        var e = c.RequestInformation("The CT report from March", "coord:1", T0.AddHours(2));

        Assert.Equal(CaseStatus.NeedsInformation, c.Status);
        Assert.Equal(new CaseEvent(from, CaseStatus.NeedsInformation, "coord:1", T0.AddHours(2), "The CT report from March"), e);
        Assert.Equal("The CT report from March", c.MissingInformation);
        Assert.Equal(from, c.ResumesTo);
    }

    [Fact]
    public void GivenBlankWhatIsMissing_WhenInformationRequested_ThenRefused()
    {
        var c = Triaged();

        var e = Assert.Throws<DomainRuleException>(() => c.RequestInformation(" ", "coord:1", T0.AddHours(1)));

        Assert.Contains("what is missing", e.Message, StringComparison.Ordinal);
        Assert.Equal(CaseStatus.Triaged, c.Status);
    }

    [Fact]
    public void GivenNotesOneCharacterTooLong_WhenRecorded_ThenEachIsRefusedWithItsLengthAndTheCaseIsUnchanged()
    {
        var c = Triaged();
        var events = c.Timeline.Count;

        var request = Assert.Throws<DomainRuleException>(() => c.RequestInformation(new string('x', FreeText.MaxRequestLength + 1), "coord:1", T0.AddHours(1)));
        var correction = Assert.Throws<DomainRuleException>(() => c.CorrectTriage(TriageOf(Urgency.Standard), "coord:1", T0.AddHours(1), new string('x', FreeText.MaxReasonLength + 1)));
        var assignment = Assert.Throws<DomainRuleException>(() => c.AssignExpert("expert-a", "coord:1", T0.AddHours(1), new string('x', FreeText.MaxReasonLength + 1)));

        Assert.Contains($"{FreeText.MaxRequestLength + 1} characters long; the most is {FreeText.MaxRequestLength}", request.Message, StringComparison.Ordinal);
        Assert.Contains($"the most is {FreeText.MaxReasonLength}", correction.Message, StringComparison.Ordinal);
        Assert.Contains($"the most is {FreeText.MaxReasonLength}", assignment.Message, StringComparison.Ordinal);
        Assert.Equal((CaseStatus.Triaged, events, 0, 0), (c.Status, c.Timeline.Count, c.TriageCorrections.Count, c.Assignments.Count));

        // At the limit, each is taken.
        c.CorrectTriage(TriageOf(Urgency.Standard), "coord:1", T0.AddHours(1), new string('x', FreeText.MaxReasonLength));
        c.RequestInformation(new string('x', FreeText.MaxRequestLength), "coord:1", T0.AddHours(2));
        Assert.Equal(CaseStatus.NeedsInformation, c.Status);
    }

    [Fact]
    public void GivenClosedCase_WhenInformationRequested_ThenIllegalTransition()
    {
        var c = Triaged();
        c.AssignExpert("expert-a", "coord:1", T0.AddHours(1), "lead");
        c.MoveTo(CaseStatus.InReview, "expert-a", T0.AddHours(2), "review");
        c.MoveTo(CaseStatus.OpinionDelivered, "expert-a", T0.AddHours(3), "signed");

        Assert.Throws<IllegalCaseTransitionException>(() => c.RequestInformation("more", "coord:1", T0.AddHours(4)));
    }

    [Fact]
    public void GivenWorkedCase_WhenRestoredFromItsParts_ThenEverythingIsBack()
    {
        var c = Triaged("acct-7");
        c.AssignExpert("expert-a", "coord:1", T0.AddHours(1), "lead");
        c.AssignExpert("expert-b", "coord:1", T0.AddHours(2), "panel");
        c.CorrectTriage(TriageOf(Urgency.Expedited, SituationCode.Cancer), "coord:1", T0.AddHours(3), "urgent after all");

        var r = SecondOpinionCase.Restore(c.Id, c.File, c.CreatedBy, c.CreatedAt, c.Status, c.Timeline, c.OriginalTriage, c.PatientAccountId, c.Assignments, c.TriageCorrections);

        Assert.Equal("acct-7", r.PatientAccountId);
        Assert.Equal(c.Timeline, r.Timeline);
        Assert.Equal(c.Assignments, r.Assignments);
        Assert.Equal(["expert-a", "expert-b"], r.AssignedExperts);
        Assert.Same(c.Triage, r.Triage);
        Assert.Same(c.OriginalTriage, r.OriginalTriage);
    }

    [Fact]
    public void GivenOldCallers_WhenRestoredWithTheOriginalParameters_ThenItStillWorks()
    {
        var c = Triaged();

        var r = SecondOpinionCase.Restore(c.Id, c.File, c.CreatedBy, c.CreatedAt, c.Status, c.Timeline, c.Triage);

        Assert.Null(r.PatientAccountId);
        Assert.Empty(r.AssignedExperts);
        Assert.Same(c.Triage, r.Triage);
    }

    [Property(MaxTest = 300)]
    public bool GivenAnySequenceOfCoordinatorActions_ThenExpertsAreUniqueTimelineChainsAndTriageIsTheLatestCorrection(int[] actions)
    {
        var c = Triaged();
        var t = T0.AddHours(1);
        var corrections = 0;
        TriageResult? latest = c.Triage;
        foreach (var a in actions ?? [])
        {
            t = t.AddMinutes(1);
            try
            {
                switch (Math.Abs(a % 6))
                {
                    case 0 or 1:
                        c.AssignExpert($"expert-{Math.Abs(a % 4)}", "coord", t, "fuzz");
                        break;
                    case 2:
                        latest = TriageOf(Urgency.Expedited, SituationCode.Cancer);
                        c.CorrectTriage(latest, "coord", t, "fuzz");
                        corrections++;
                        break;
                    case 3:
                        c.RequestInformation("more", "coord", t);
                        break;
                    case 4:
                        c.MoveTo(c.ResumesTo ?? CaseStatus.Triaged, "coord", t, "fuzz");
                        break;
                    default:
                        c.MoveTo(CaseStatus.InReview, "expert", t, "fuzz");
                        break;
                }
            }
            catch (DomainRuleException)
            {
                // refused actions change nothing; checked below
            }
        }
        var unique = c.AssignedExperts.Distinct().Count() == c.AssignedExperts.Count;
        var chain = c.Timeline.Select((e, i) => i == 0 || c.Timeline[i - 1].To == e.From).All(x => x);
        var ordered = c.Timeline.Select((e, i) => i == 0 || c.Timeline[i - 1].At <= e.At).All(x => x);
        var assignedOnlyWhenAssignable = c.AssignedExperts.Count == 0 || c.Status is CaseStatus.Assigned or CaseStatus.InReview or CaseStatus.NeedsInformation;
        return unique && chain && ordered && assignedOnlyWhenAssignable && c.TriageCorrections.Count == corrections && ReferenceEquals(latest, c.Triage);
    }
}
