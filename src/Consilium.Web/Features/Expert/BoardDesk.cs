using System.Security.Claims;
using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Storage.Cases;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Cases;
using Consilium.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;

namespace Consilium.Web.Features.Expert;

/// <summary>
/// A tumour board's work on a case, for its members (the experts assigned to it): convene (the convening expert leads), write one's
/// section, compose the board record into the lead's draft, sign off the draft as composed. Delivery is the lead's signature
/// (<see cref="OpinionDesk.SignAsync"/>), refused until every member has signed off. Every step is audited.
/// </summary>
public sealed class BoardDesk(CaseWorkspace workspace, AuditLog audit, UserManager<ConsiliumUser> users)
{
    public async Task<TumourBoard?> BoardForAsync(Guid caseId, CancellationToken ct = default) =>
        (await workspace.Database.TumourBoards.GetForCaseAsync(caseId, ct)).FirstOrDefault();

    /// <summary>Convenes a board of every expert assigned to the case, led by <paramref name="user"/>, giving the lead's opinion.</summary>
    public async Task<TumourBoard> ConveneAsync(ClaimsPrincipal user, StoredCase stored, Opinion leadOpinion, CancellationToken ct = default)
    {
        var c = stored.Case;
        if (await BoardForAsync(c.Id, ct) is not null)
        {
            throw new DomainRuleException("This case already has a tumour board.");
        }
        var members = new List<BoardMember>();
        foreach (var id in c.AssignedExperts)
        {
            members.Add(new BoardMember(id, (await users.FindByIdAsync(id))?.DisplayName ?? id));
        }
        if (members.Count < 2)
        {
            throw new DomainRuleException("A tumour board needs at least two assigned experts; ask the coordinator to assign the others.");
        }
        var board = new TumourBoard(Guid.NewGuid(), c.Id, leadOpinion.Id, user.AccountId(), members);
        await workspace.Database.InTransactionAsync(async tx =>
        {
            if (!leadOpinion.IsSigned && leadOpinion.Draft is null)
            {
                await workspace.Database.Opinions.SaveAsync(leadOpinion, tx);
            }
            await workspace.Database.TumourBoards.SaveAsync(board, tx);
            await audit.RecordAsync("board.convene", c.Id, $"TumourBoard/{board.Id}", $"lead {user.AccountId()}, {members.Count} members", tx);
        }, ct);
        return board;
    }

    public async Task WriteSectionAsync(ClaimsPrincipal user, TumourBoard board, string text, CancellationToken ct = default)
    {
        board.WriteSection(user.AccountId(), text ?? "");
        await workspace.Database.InTransactionAsync(async tx =>
        {
            await workspace.Database.TumourBoards.SaveAsync(board, tx);
            await audit.RecordAsync("board.section", board.CaseId, $"TumourBoard/{board.Id}", null, tx);
        }, ct);
    }

    /// <summary>The lead puts the board record (members' sections as written, consensus, dissent, date, attendees) into their draft.</summary>
    public async Task ComposeAsync(ClaimsPrincipal user, TumourBoard board, Opinion leadOpinion, DateOnly discussedOn, IEnumerable<string> attendees, string consensus,
        IEnumerable<Dissent> dissents, CancellationToken ct = default)
    {
        if (user.AccountId() != board.LeadAccountId || leadOpinion.Id != board.OpinionId)
        {
            throw new DomainRuleException("Only the board's lead writes the consensus.");
        }
        var record = board.Compose(discussedOn, attendees, consensus, dissents);
        var draft = leadOpinion.Draft ?? new OpinionContent(DiagnosisAgreement.UnableToDetermine, null, TreatmentAgreement.UnableToDetermine, "", null, "", null);
        leadOpinion.SaveDraft(draft with { Board = record });
        await workspace.Database.InTransactionAsync(async tx =>
        {
            await workspace.Database.Opinions.SaveAsync(leadOpinion, tx);
            await audit.RecordAsync("board.compose", board.CaseId, $"Opinion/{leadOpinion.Id}", $"sha256 {leadOpinion.Draft!.ComputeHash()}", tx);
        }, ct);
    }

    /// <summary>A member signs off the lead's draft exactly as it stands now (its content hash is recorded and audited).</summary>
    public async Task<BoardSignOff> SignOffAsync(ClaimsPrincipal user, TumourBoard board, CancellationToken ct = default)
    {
        var opinion = await workspace.Database.Opinions.GetAsync(board.OpinionId, ct);
        if (opinion?.Draft is not { Board: not null } draft)
        {
            throw new DomainRuleException("There is nothing to sign off yet: the lead has not composed the board's opinion.");
        }
        var signOff = board.SignOff(user.AccountId(), draft.ComputeHash(), workspace.Time.GetUtcNow());
        await workspace.Database.InTransactionAsync(async tx =>
        {
            await workspace.Database.TumourBoards.SaveAsync(board, tx);
            await audit.RecordAsync("board.sign-off", board.CaseId, $"Opinion/{board.OpinionId}", $"sha256 {signOff.ContentHash}", tx);
        }, ct);
        return signOff;
    }
}
