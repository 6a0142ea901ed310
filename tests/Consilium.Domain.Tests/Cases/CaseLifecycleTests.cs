using Consilium.Domain.Cases;
using FsCheck.Xunit;

namespace Consilium.Domain.Tests.Cases;

public class CaseLifecycleTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    /// <summary>The legal moves, written out independently of the production table.</summary>
    private static readonly (CaseStatus From, CaseStatus To)[] Legal =
    [
        (CaseStatus.Draft, CaseStatus.Submitted), (CaseStatus.Draft, CaseStatus.Withdrawn),
        (CaseStatus.Submitted, CaseStatus.RecordsReview), (CaseStatus.Submitted, CaseStatus.NeedsInformation), (CaseStatus.Submitted, CaseStatus.Withdrawn),
        (CaseStatus.RecordsReview, CaseStatus.Triaged), (CaseStatus.RecordsReview, CaseStatus.NeedsInformation), (CaseStatus.RecordsReview, CaseStatus.Withdrawn),
        (CaseStatus.Triaged, CaseStatus.Assigned), (CaseStatus.Triaged, CaseStatus.NeedsInformation), (CaseStatus.Triaged, CaseStatus.Withdrawn),
        (CaseStatus.Assigned, CaseStatus.InReview), (CaseStatus.Assigned, CaseStatus.Triaged), (CaseStatus.Assigned, CaseStatus.NeedsInformation), (CaseStatus.Assigned, CaseStatus.Withdrawn),
        (CaseStatus.InReview, CaseStatus.OpinionDelivered), (CaseStatus.InReview, CaseStatus.NeedsInformation), (CaseStatus.InReview, CaseStatus.Withdrawn),
        (CaseStatus.OpinionDelivered, CaseStatus.FollowUp), (CaseStatus.OpinionDelivered, CaseStatus.Closed),
        (CaseStatus.FollowUp, CaseStatus.Closed),
    ];

    /// <summary>The shortest path from Draft to each status along the main line.</summary>
    private static readonly CaseStatus[] MainLine =
    [
        CaseStatus.Draft, CaseStatus.Submitted, CaseStatus.RecordsReview, CaseStatus.Triaged, CaseStatus.Assigned,
        CaseStatus.InReview, CaseStatus.OpinionDelivered, CaseStatus.FollowUp, CaseStatus.Closed,
    ];

    private static SecondOpinionCase CaseAt(CaseStatus status)
    {
        var c = new SecondOpinionCase(Guid.NewGuid(), new CaseFile(), "patient:1", T0);
        var t = T0;
        if (status == CaseStatus.Draft)
        {
            return c;
        }
        if (status == CaseStatus.Withdrawn)
        {
            c.MoveTo(CaseStatus.Withdrawn, "patient:1", t, "changed my mind");
            return c;
        }
        if (status == CaseStatus.NeedsInformation)
        {
            c.MoveTo(CaseStatus.Submitted, "patient:1", t = t.AddHours(1), "submit");
            c.MoveTo(CaseStatus.NeedsInformation, "coordinator:1", t.AddHours(1), "missing pathology report");
            return c;
        }
        foreach (var s in MainLine.Skip(1).TakeWhile(s => s != status).Append(status))
        {
            c.MoveTo(s, "coordinator:1", t = t.AddHours(1), $"to {s}");
        }
        return c;
    }

    public static TheoryData<CaseStatus, CaseStatus> LegalMoves()
    {
        var data = new TheoryData<CaseStatus, CaseStatus>();
        foreach (var (from, to) in Legal)
        {
            data.Add(from, to);
        }
        return data;
    }

    public static TheoryData<CaseStatus, CaseStatus> IllegalMoves()
    {
        var data = new TheoryData<CaseStatus, CaseStatus>();
        foreach (var from in Enum.GetValues<CaseStatus>().Where(s => s != CaseStatus.NeedsInformation))
        {
            foreach (var to in Enum.GetValues<CaseStatus>())
            {
                if (!Legal.Contains((from, to)))
                {
                    data.Add(from, to);
                }
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(LegalMoves))]
    public void GivenCaseInStatus_WhenLegalMove_ThenStatusChangesAndTimelineRecordsWhoWhenWhy(CaseStatus from, CaseStatus to)
    {
        var c = CaseAt(from);
        var before = c.Timeline.Count;
        var at = c.Timeline.Count == 0 ? T0 : c.Timeline[^1].At.AddMinutes(5);

        var e = c.MoveTo(to, "coordinator:7", at, "because");

        Assert.Equal(to, c.Status);
        Assert.Equal(before + 1, c.Timeline.Count);
        Assert.Equal(new CaseEvent(from, to, "coordinator:7", at, "because"), e);
        Assert.Equal(e, c.Timeline[^1]);
    }

    [Theory]
    [MemberData(nameof(IllegalMoves))]
    public void GivenCaseInStatus_WhenIllegalMove_ThenDomainErrorAndNothingChanges(CaseStatus from, CaseStatus to)
    {
        var c = CaseAt(from);
        var timeline = c.Timeline.ToList();

        var ex = Assert.Throws<IllegalCaseTransitionException>(() => c.MoveTo(to, "coordinator:7", T0.AddDays(30), "try"));

        Assert.Equal(from, ex.From);
        Assert.Equal(to, ex.To);
        Assert.Contains(from.ToString(), ex.Message, StringComparison.Ordinal);
        Assert.Equal(from, c.Status);
        Assert.Equal(timeline, c.Timeline);
    }

    [Theory]
    [InlineData(CaseStatus.Submitted)]
    [InlineData(CaseStatus.RecordsReview)]
    [InlineData(CaseStatus.Triaged)]
    [InlineData(CaseStatus.Assigned)]
    [InlineData(CaseStatus.InReview)]
    public void GivenCaseSentBackForInformation_WhenPatientAnswers_ThenItResumesWhereItWas(CaseStatus from)
    {
        var c = CaseAt(from);
        var t = c.Timeline[^1].At;
        c.MoveTo(CaseStatus.NeedsInformation, "coordinator:1", t.AddHours(1), "need the MRI report");
        Assert.Equal(from, c.ResumesTo);

        foreach (var other in Enum.GetValues<CaseStatus>().Where(s => s != from && s != CaseStatus.Withdrawn))
        {
            Assert.Throws<IllegalCaseTransitionException>(() => c.MoveTo(other, "patient:1", t.AddHours(2), "resume elsewhere"));
        }
        c.MoveTo(from, "patient:1", t.AddHours(2), "uploaded the MRI report");

        Assert.Equal(from, c.Status);
        Assert.Null(c.ResumesTo);
    }

    [Fact]
    public void GivenCaseWaitingForInformation_WhenWithdrawn_ThenWithdrawnIsFinal()
    {
        var c = CaseAt(CaseStatus.NeedsInformation);
        c.MoveTo(CaseStatus.Withdrawn, "patient:1", T0.AddDays(1), "no longer needed");

        Assert.Equal(CaseStatus.Withdrawn, c.Status);
        Assert.Empty(CaseLifecycle.NextFrom(CaseStatus.Withdrawn));
    }

    [Fact]
    public void GivenEvent_WhenDatedBeforeThePreviousOne_ThenRefused()
    {
        var c = CaseAt(CaseStatus.Submitted);
        Assert.Throws<DomainRuleException>(() => c.MoveTo(CaseStatus.RecordsReview, "coordinator:1", T0.AddDays(-1), "clock skew"));
        Assert.Equal(CaseStatus.Submitted, c.Status);
    }

    [Fact]
    public void GivenSubmittedCase_WhenFileRevised_ThenRefused()
    {
        var c = CaseAt(CaseStatus.Submitted);
        Assert.Throws<DomainRuleException>(() => c.ReviseFile(new CaseFile { PatientQuestion = "changed" }));
    }

    [Fact]
    public void GivenStoredTimeline_WhenRestoredWithMismatchedStatus_ThenRefused()
    {
        var c = CaseAt(CaseStatus.Triaged);
        Assert.Throws<DomainRuleException>(() => SecondOpinionCase.Restore(c.Id, c.File, c.CreatedBy, c.CreatedAt, CaseStatus.Closed, c.Timeline, null));
        var restored = SecondOpinionCase.Restore(c.Id, c.File, c.CreatedBy, c.CreatedAt, CaseStatus.Triaged, c.Timeline, null);
        Assert.Equal(c.Timeline, restored.Timeline);
    }

    [Property(MaxTest = 300)]
    public bool GivenAnySequenceOfRequestedMoves_ThenTimelineIsAChainOfLegalMovesEndingAtStatus(int[] requested)
    {
        var c = new SecondOpinionCase(Guid.NewGuid(), new CaseFile(), "patient:1", T0);
        var statuses = Enum.GetValues<CaseStatus>();
        var t = T0;
        foreach (var r in requested ?? [])
        {
            var to = statuses[Math.Abs(r % statuses.Length)];
            try
            {
                c.MoveTo(to, "someone", t = t.AddMinutes(1), "fuzz");
            }
            catch (IllegalCaseTransitionException)
            {
                // refused moves leave no trace; checked below
            }
        }
        var chain = c.Timeline.Select((e, i) => i == 0 ? e.From == CaseStatus.Draft : c.Timeline[i - 1].To == e.From).All(x => x);
        var legal = c.Timeline.All(e => Legal.Contains((e.From, e.To)) || e.From == CaseStatus.NeedsInformation);
        var ends = c.Status == (c.Timeline.Count == 0 ? CaseStatus.Draft : c.Timeline[^1].To);
        return chain && legal && ends;
    }
}
