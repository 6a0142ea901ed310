using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Fhir.Reports;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Web.Features.Reports;

/// <summary>A case's delivered opinion with its composed report.</summary>
public sealed record DeliveredOpinion(SecondOpinionCase Case, Opinion Opinion, OpinionReport Report)
{
    /// <summary>The PDF (DejaVu fonts from <paramref name="fontDirectory"/> or the usual places).</summary>
    public byte[] Pdf(string? fontDirectory = null)
    {
        ReportFonts.Install(fontDirectory);
        return OpinionPdf.Render(Report);
    }

    /// <summary>The FHIR R4 document Bundle as JSON.</summary>
    public string FhirJson() => OpinionDocument.ToJson(Report, Case.File.Patient);
}

/// <summary>
/// Finds a case's delivered opinion and composes its report. The case's opinion is its tumour board's when it has one, else the first
/// opinion signed on it. People's names come from <see cref="AccountNames"/>.
/// </summary>
public static class DeliveredOpinions
{
    public static async Task<DeliveredOpinion?> ForCaseAsync(ConsiliumDatabase database, SecondOpinionCase @case, AccountNames names, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(@case);
        ArgumentNullException.ThrowIfNull(names);
        var opinions = await database.Opinions.GetForCaseAsync(@case.Id, ct);
        var boards = await database.TumourBoards.GetForCaseAsync(@case.Id, ct);
        return Primary(opinions, boards) is { } opinion ? await ComposeAsync(database, @case, opinion, names, ct) : null;
    }

    /// <summary>Every case with a delivered opinion, with its report (for the export).</summary>
    public static async IAsyncEnumerable<DeliveredOpinion> AllAsync(ConsiliumDatabase database, AccountNames names, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        foreach (var group in (await database.Opinions.ListSignedAsync(ct)).GroupBy(o => o.CaseId))
        {
            var @case = await database.Cases.GetAsync(group.Key, ct);
            var boards = await database.TumourBoards.GetForCaseAsync(group.Key, ct);
            if (@case is not null && Primary([.. group], boards) is { } opinion)
            {
                yield return await ComposeAsync(database, @case, opinion, names, ct);
            }
        }
    }

    /// <summary>The board's opinion when a board has delivered, else the first signed one.</summary>
    public static Opinion? Primary(IReadOnlyList<Opinion> opinions, IReadOnlyList<TumourBoard> boards)
    {
        ArgumentNullException.ThrowIfNull(opinions);
        ArgumentNullException.ThrowIfNull(boards);
        var signed = opinions.Where(o => o.IsSigned).ToList();
        return signed.FirstOrDefault(o => boards.Any(b => b.OpinionId == o.Id)) ?? signed.OrderBy(o => o.Versions[0].SignedAt).FirstOrDefault();
    }

    /// <summary>When the patient submitted the case (its first move to Submitted), else when it was created.</summary>
    public static DateTimeOffset SubmittedAt(SecondOpinionCase @case)
    {
        ArgumentNullException.ThrowIfNull(@case);
        return @case.Timeline.FirstOrDefault(e => e.To == CaseStatus.Submitted && e.From != e.To)?.At ?? @case.CreatedAt;
    }

    private static async Task<DeliveredOpinion> ComposeAsync(ConsiliumDatabase database, SecondOpinionCase @case, Opinion opinion, AccountNames names, CancellationToken ct)
    {
        var ids = opinion.Versions.Select(v => v.SignedBy).Concat(opinion.Current!.Content.Board?.MemberSections.Select(m => m.MemberAccountId) ?? []);
        var known = await names.NamesAsync(ids, ct);
        var situations = @case.Triage?.Situations.Select(s => s.Code).ToList() ?? [];
        var report = OpinionReport.Compose(@case.Id, @case.File.PatientQuestion, SubmittedAt(@case), situations, opinion, known);
        // the imaging re-reads filed on the case are part of the opinion
        var rereads = await database.Imaging.RereadsAsync(@case.Id, ct);
        if (rereads.Count > 0)
        {
            report = report.WithImagingRereads(rereads, await names.NamesAsync(rereads.Select(r => r.RadiologistAccountId), ct));
        }
        return new DeliveredOpinion(@case, opinion, report);
    }
}

/// <summary>People's display names by account id, read from the accounts in the same database; an id without an account keeps the id.</summary>
public sealed class AccountNames(Func<Identity.IdentityStore> stores)
{
    public static AccountNames For(StorageOptions storage) => new(new IdentityStoreFactory(storage).CreateDbContext);

    public async Task<IReadOnlyDictionary<string, string>> NamesAsync(IEnumerable<string> accountIds, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var ids = accountIds.Distinct(StringComparer.Ordinal).ToList();
        await using var db = stores();
        try
        {
            return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.DisplayName, ct);
        }
        catch (Exception e) when (e is System.Data.Common.DbException)
        {
            // A data directory that was never served has no account tables: the report shows account ids.
            return new Dictionary<string, string>();
        }
    }
}
