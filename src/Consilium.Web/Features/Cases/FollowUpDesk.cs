using System.Security.Claims;
using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Storage.Cases;
using Consilium.Storage.Messages;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Reports;

namespace Consilium.Web.Features.Cases;

/// <summary>
/// After delivery: the patient asks follow-up questions while the window is open (<see cref="FollowUpPolicy"/>, config
/// <c>Consilium:FollowUp:WindowDays</c>) and books a consult slot the expert offers; the case moves to FollowUp, and is closed by the
/// patient or a coordinator. Every step is audited.
/// </summary>
public sealed class FollowUpDesk(CaseWorkspace workspace, AuditLog audit, FollowUpPolicy policy)
{
    public FollowUpPolicy Policy => policy;

    /// <summary>When the case's opinion was first delivered, or null before.</summary>
    public async Task<DateTimeOffset?> DeliveredAtAsync(Guid caseId, CancellationToken ct = default)
    {
        var opinions = await workspace.Database.Opinions.GetForCaseAsync(caseId, ct);
        var boards = await workspace.Database.TumourBoards.GetForCaseAsync(caseId, ct);
        return DeliveredOpinions.Primary(opinions, boards)?.Versions[0].SignedAt;
    }

    public async Task AskAsync(ClaimsPrincipal user, StoredCase stored, string question, CancellationToken ct = default)
    {
        var c = stored.Case;
        var now = workspace.Time.GetUtcNow();
        if (string.IsNullOrWhiteSpace(question))
        {
            throw new DomainRuleException("Write your question first.");
        }
        if (c.Status is not (CaseStatus.OpinionDelivered or CaseStatus.FollowUp) || await DeliveredAtAsync(c.Id, ct) is not { } delivered)
        {
            throw new DomainRuleException("Follow-up questions are taken once the opinion has been delivered.");
        }
        if (!policy.IsOpen(delivered, now))
        {
            throw new DomainRuleException($"Follow-up questions were taken until {policy.ClosesAt(delivered):d MMM yyyy}; please send a new case.");
        }
        var message = new CaseMessage(Guid.NewGuid(), c.Id, user.AccountId(), $"Patient {user.DisplayName()} (follow-up question)", now, question.Trim());
        await workspace.Database.InTransactionAsync(async tx =>
        {
            await workspace.Database.Messages.AddAsync(message, tx);
            await MoveToFollowUpAsync(user, stored, now, "The patient asked a follow-up question", tx);
            await audit.RecordAsync("followup.question", c.Id, $"CaseMessage/{message.Id}", null, tx);
        }, ct);
    }

    public async Task OfferSlotAsync(ClaimsPrincipal user, StoredCase stored, DateTimeOffset startsAt, int minutes, CancellationToken ct = default)
    {
        if (stored.Case.Status is not (CaseStatus.OpinionDelivered or CaseStatus.FollowUp))
        {
            throw new DomainRuleException("Follow-up slots are offered once the opinion has been delivered.");
        }
        if (startsAt <= workspace.Time.GetUtcNow())
        {
            throw new DomainRuleException("A follow-up slot must be in the future.");
        }
        var slot = new FollowUpSlot(Guid.NewGuid(), stored.Case.Id, user.AccountId(), startsAt, minutes);
        await workspace.Database.InTransactionAsync(async tx =>
        {
            try
            {
                await workspace.Database.FollowUpSlots.OfferAsync(slot, tx);
            }
            catch (ArgumentException e)
            {
                throw new DomainRuleException(e.Message);
            }
            await audit.RecordAsync("followup.slot-offer", stored.Case.Id, $"FollowUpSlot/{slot.Id}", $"{startsAt:O}, {minutes} min", tx);
        }, ct);
    }

    public async Task BookAsync(ClaimsPrincipal user, StoredCase stored, Guid slotId, CancellationToken ct = default)
    {
        var now = workspace.Time.GetUtcNow();
        await workspace.Database.InTransactionAsync(async tx =>
        {
            var slot = await workspace.Database.FollowUpSlots.BookAsync(stored.Case.Id, slotId, user.AccountId(), now, tx);
            await workspace.Database.Messages.AddAsync(new CaseMessage(Guid.NewGuid(), stored.Case.Id, user.AccountId(), $"Patient {user.DisplayName()}", now,
                $"I booked the follow-up consult on {slot.StartsAt.ToUniversalTime():d MMM yyyy HH:mm} UTC ({slot.Minutes} minutes)."), tx);
            await MoveToFollowUpAsync(user, stored, now, "The patient booked a follow-up consult", tx);
            await audit.RecordAsync("followup.slot-book", stored.Case.Id, $"FollowUpSlot/{slot.Id}", null, tx);
        }, ct);
    }

    public async Task CloseAsync(ClaimsPrincipal user, StoredCase stored, CancellationToken ct = default)
    {
        stored.Case.MoveTo(CaseStatus.Closed, user.Actor(), workspace.Time.GetUtcNow(), "Closed after the opinion and follow-up");
        await workspace.Database.InTransactionAsync(async tx =>
        {
            await workspace.Database.Cases.SaveAsync(stored.Case, stored.Version, tx);
            await audit.RecordAsync("case.close", stored.Case.Id, $"Case/{stored.Case.Id}", null, tx);
        }, ct);
    }

    private async Task MoveToFollowUpAsync(ClaimsPrincipal user, StoredCase stored, DateTimeOffset now, string why, CancellationToken ct)
    {
        if (stored.Case.Status == CaseStatus.OpinionDelivered)
        {
            stored.Case.MoveTo(CaseStatus.FollowUp, user.Actor(), now, why);
            await workspace.Database.Cases.SaveAsync(stored.Case, stored.Version, ct);
        }
    }
}
