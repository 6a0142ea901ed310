using System.Security.Claims;
using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Storage.Cases;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Cases;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Mail;
using Microsoft.AspNetCore.Identity;

namespace Consilium.Web.Features.Expert;

/// <summary>
/// The expert's opinion work on a case assigned to them: save a draft (the case goes InReview), sign it (immutable; the
/// case goes to OpinionDelivered and the patient is told), amend a signed opinion (a new signed version with a reason).
/// </summary>
public sealed class OpinionDesk(CaseWorkspace workspace, AuditLog audit, UserManager<ConsiliumUser> users, IAccountMail mail)
{
    /// <summary>This expert's opinion on the case (new and unsaved when there is none yet).</summary>
    public async Task<Opinion> OpinionForAsync(ClaimsPrincipal user, Guid caseId, CancellationToken cancellationToken = default)
    {
        var me = user.AccountId();
        var existing = (await workspace.Database.Opinions.GetForCaseAsync(caseId, cancellationToken)).FirstOrDefault(o => o.AuthorAccountId == me);
        return existing ?? new Opinion(Guid.NewGuid(), caseId, me);
    }

    public async Task SaveDraftAsync(ClaimsPrincipal user, StoredCase stored, Opinion opinion, OpinionContent content, CancellationToken cancellationToken = default)
    {
        opinion.SaveDraft(content);
        await workspace.Database.InTransactionAsync(async ct =>
        {
            await workspace.Database.Opinions.SaveAsync(opinion, ct);
            await StartReviewAsync(user, stored, ct);
            await audit.RecordAsync("opinion.draft", stored.Case.Id, $"Opinion/{opinion.Id}", null, ct);
        }, cancellationToken);
    }

    public async Task<OpinionVersion> SignAsync(ClaimsPrincipal user, StoredCase stored, Opinion opinion, OpinionContent content, string? amendmentReason, CancellationToken cancellationToken = default)
    {
        var now = workspace.Time.GetUtcNow();
        var situations = Situations(stored.Case);
        var board = await workspace.Database.TumourBoards.GetForOpinionAsync(opinion.Id, cancellationToken);
        OpinionVersion version;
        if (opinion.IsSigned)
        {
            version = opinion.Amend(content, amendmentReason ?? "", user.AccountId(), now, situations);
        }
        else
        {
            opinion.SaveDraft(content);
            // A board's opinion is delivered only when every member has signed off this exact content.
            version = board is null ? opinion.Sign(user.AccountId(), now, situations) : board.Deliver(opinion, user.AccountId(), now, situations);
        }
        var c = stored.Case;
        var email = c.PatientAccountId is not null && await users.FindByIdAsync(c.PatientAccountId) is { Email: { } address } ? address : null;
        // The signed version, the case's delivery, the content hash in the audit trail and the patient's mail: all or nothing.
        await workspace.Database.InTransactionAsync(async ct =>
        {
            await workspace.Database.Opinions.SaveAsync(opinion, ct);
            if (board is { IsDelivered: true } && version.Number == 1)
            {
                await workspace.Database.TumourBoards.SaveAsync(board, ct);
            }
            if (c.Status == CaseStatus.Assigned)
            {
                c.MoveTo(CaseStatus.InReview, user.Actor(), now, "The expert started the review");
            }
            if (c.Status == CaseStatus.InReview)
            {
                c.MoveTo(CaseStatus.OpinionDelivered, user.Actor(), now, "The expert signed the opinion");
                await workspace.Database.Cases.SaveAsync(c, stored.Version, ct);
            }
            await audit.RecordAsync(version.IsAmendment ? "opinion.amend" : "opinion.sign", c.Id, $"Opinion/{opinion.Id}", $"version {version.Number}, sha256 {version.ContentHash}", ct);
            if (email is not null)
            {
                await mail.SendAsync(email, version.IsAmendment ? "Your second opinion was updated" : "Your second opinion is ready",
                    "The expert has signed the opinion on your case. Sign in to Consilium and open your case to read it.", ct);
            }
        }, cancellationToken);
        return version;
    }

    /// <summary>The situations the case was triaged into: the opinion answers each one's template.</summary>
    public static IReadOnlyList<string> Situations(SecondOpinionCase @case) => @case?.Triage?.Situations.Select(s => s.Code).ToList() ?? [];

    private async Task StartReviewAsync(ClaimsPrincipal user, StoredCase stored, CancellationToken cancellationToken)
    {
        if (stored.Case.Status == CaseStatus.Assigned)
        {
            stored.Case.MoveTo(CaseStatus.InReview, user.Actor(), workspace.Time.GetUtcNow(), "The expert started the review");
            await workspace.Database.Cases.SaveAsync(stored.Case, stored.Version, cancellationToken);
        }
    }
}
