using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Consilium.Domain.Tests.Opinions.StructuredOpinionSamples;

namespace Consilium.Domain.Tests.Opinions;

public class TumourBoardTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 5, 14, 0, 0, TimeSpan.Zero);
    private static readonly BoardMember[] Members = [new("onc", "Dr Oncologist"), new("rad", "Dr Radiologist"), new("path", "Dr Pathologist")];

    private static (TumourBoard Board, Opinion Opinion) Board()
    {
        var opinion = new Opinion(Guid.NewGuid(), Guid.NewGuid(), "onc");
        var board = new TumourBoard(Guid.NewGuid(), opinion.CaseId, opinion.Id, "onc", Members);
        foreach (var m in Members)
        {
            board.WriteSection(m.AccountId, $"{m.Name}'s view.");
        }
        var record = board.Compose(new DateOnly(2026, 11, 4), ["Dr Oncologist", "Dr Radiologist", "Dr Pathologist"], "Surgery after neoadjuvant therapy.",
            [new Dissent("Dr Radiologist", "Would re-image first.")]);
        opinion.SaveDraft(WithSections(SituationCode.Cancer) with { Board = record });
        return (board, opinion);
    }

    [Fact]
    public void GivenEveryMemberSignedOff_WhenTheLeadDelivers_ThenSignedWithTheBoardRecord()
    {
        var (board, opinion) = Board();
        var hash = opinion.Draft!.ComputeHash();
        foreach (var m in Members)
        {
            board.SignOff(m.AccountId, hash, T0);
        }

        var v = board.Deliver(opinion, "onc", T0.AddHours(1), [SituationCode.Cancer]);

        Assert.Equal(hash, v.ContentHash);
        Assert.Equal(3, v.Content.Board!.MemberSections.Count);
        Assert.Equal("Would re-image first.", Assert.Single(v.Content.Board.Dissents).Text);
        Assert.True(board.IsDelivered);
        Assert.Throws<DomainRuleException>(() => board.WriteSection("rad", "Changed my mind."));
    }

    [Fact]
    public void GivenTheDraftChangedAfterASignOff_WhenDelivered_ThenRefusedNamingWhoMustSignAgain()
    {
        var (board, opinion) = Board();
        foreach (var m in Members)
        {
            board.SignOff(m.AccountId, opinion.Draft!.ComputeHash(), T0);
        }
        opinion.SaveDraft(opinion.Draft! with { RecommendedPlan = "Something else." });

        var e = Assert.Throws<DomainRuleException>(() => board.Deliver(opinion, "onc", T0));

        Assert.Contains("Dr Oncologist, Dr Radiologist, Dr Pathologist", e.Message, StringComparison.Ordinal);
        Assert.False(opinion.IsSigned);
    }

    [Fact]
    public void GivenAMemberWithoutASection_WhenComposed_ThenRefusedNamingThem()
    {
        var board = new TumourBoard(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), "onc", Members);
        board.WriteSection("onc", "Mine.");

        var e = Assert.Throws<DomainRuleException>(() => board.Compose(new DateOnly(2026, 11, 4), ["x"], "c", []));

        Assert.Contains("Dr Radiologist, Dr Pathologist", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenABoardRecordWithoutDateAttendeesOrConsensus_WhenChecked_ThenEachFieldIsNamed()
    {
        var content = OpinionTests.Complete() with { Board = new BoardRecord(default, [], [new("a", "A", " ")], " ", [new("", "x")]) };

        Assert.Equal(["board.discussedOn", "board.attendees", "board.consensus", "board.memberSections[0]", "board.dissents[0]"], content.Check().Select(p => p.Field));
    }

    [Fact]
    public void GivenSomeoneOutsideTheBoard_WhenTheyWriteOrSignOff_ThenRefused()
    {
        var (board, opinion) = Board();

        Assert.Throws<DomainRuleException>(() => board.WriteSection("stranger", "text"));
        Assert.Throws<DomainRuleException>(() => board.SignOff("stranger", opinion.Draft!.ComputeHash(), T0));
        Assert.Throws<DomainRuleException>(() => board.Deliver(opinion, "rad", T0));
    }

    [Property(MaxTest = 100)]
    public Property GivenAnySubsetOfSignOffs_WhenDelivered_ThenDeliveredExactlyWhenEveryMemberSignedOffTheDraft(bool[] signs, bool[] stale)
    {
        var (board, opinion) = Board();
        var hash = opinion.Draft!.ComputeHash();
        var everyone = true;
        for (var i = 0; i < Members.Length; i++)
        {
            var signsOff = i < signs.Length && signs[i];
            var old = i < stale.Length && stale[i];
            if (signsOff)
            {
                board.SignOff(Members[i].AccountId, old ? "0000" : hash, T0);
            }
            everyone &= signsOff && !old;
        }
        bool delivered;
        try
        {
            board.Deliver(opinion, "onc", T0, [SituationCode.Cancer]);
            delivered = true;
        }
        catch (DomainRuleException)
        {
            delivered = false;
        }
        return (delivered == everyone && opinion.IsSigned == everyone && board.IsDelivered == everyone).ToProperty();
    }
}
