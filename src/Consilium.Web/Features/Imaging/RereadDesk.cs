using System.Security.Claims;
using Consilium.Domain.Cases;
using Consilium.Domain.Imaging;
using Consilium.Domain.Matching;
using Consilium.Storage.Cases;
using Consilium.Storage.Experts;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Cases;
using Consilium.Web.Features.Identity;

namespace Consilium.Web.Features.Imaging;

/// <summary>
/// The radiologist's re-read of a case's imaging: the request (triage asked for a re-read), the radiologists matching
/// proposes for it (subspecialty and the modalities actually stored), and filing the scored re-read (its own record,
/// audited; the case moves to InReview when it was only Assigned).
/// </summary>
public sealed class RereadDesk(CaseWorkspace workspace, AuditLog audit)
{
    private static readonly DecisionSupport.VersionedCache<MatchingEngine> Engines = new();

    /// <summary>The radiologists matching ranks for the case's re-read (null when triage did not ask for one).</summary>
    public async Task<NeedMatch?> ProposeRadiologistsAsync(SecondOpinionCase @case, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@case);
        if (ImagingRereadRequest.NeedFor(@case.Triage) is not { } need)
        {
            return null;
        }
        var studies = await workspace.Database.Imaging.StudiesAsync(@case.Id, cancellationToken);
        var directory = new ExpertDirectory(workspace.Database.CreateDbContext, workspace.Time);
        // The engine over the whole directory is built once per directory version, not on every case page view.
        var engine = await Engines.GetAsync(
            $"{workspace.Database.Description}|{await directory.VersionAsync(cancellationToken)}",
            async ct => new MatchingEngine(new Domain.Experts.ExpertNetwork(await directory.ListAsync(ct))),
            cancellationToken);
        var file = ImagingRereadRequest.WithStoredStudies(@case.File, studies);
        return engine.MatchNeed(new MatchRequest(@case.Id.ToString(), file, @case.Triage!, workspace.Time.GetUtcNow()), need);
    }

    public async Task<ImagingReread> FileAsync(ClaimsPrincipal user, StoredCase stored, ImagingRereadContent content, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var studies = await workspace.Database.Imaging.StudiesAsync(stored.Case.Id, cancellationToken);
        var now = workspace.Time.GetUtcNow();
        var reread = ImagingReread.File(stored.Case.Id, user.AccountId(), [.. studies.Select(s => s.Study.StudyInstanceUid)], content, now);
        await workspace.Database.InTransactionAsync(async ct =>
        {
            await workspace.Database.Imaging.AddRereadAsync(reread, ct);
            if (stored.Case.Status == CaseStatus.Assigned)
            {
                stored.Case.MoveTo(CaseStatus.InReview, user.Actor(), now, "The radiologist filed the imaging re-read");
                await workspace.Database.Cases.SaveAsync(stored.Case, stored.Version, ct);
            }
            await audit.RecordAsync("imaging.reread", stored.Case.Id, $"ImagingReread/{reread.Id}", $"RADPEER {Radpeer.Code(content.Score)}; studies {string.Join(", ", reread.StudyInstanceUids)}", ct);
        }, cancellationToken);
        return reread;
    }
}
