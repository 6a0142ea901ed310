using System.Globalization;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Trials;

/// <summary>A registry record as stored: identity, version dates and the study's JSON.</summary>
public sealed record StoredTrial(string NctId, string Title, string Status, DateOnly? LastUpdate, DateOnly? VersionDate, string Json)
{
    public DateTimeOffset ImportedAt { get; init; }
    public string? ImportedBy { get; init; }

    internal (DateOnly, DateOnly) VersionKey => (LastUpdate ?? DateOnly.MinValue, VersionDate ?? DateOnly.MinValue);
}

/// <summary>What an import did: records added, updated to a newer version, already there, or older than the stored one (kept).</summary>
public sealed record TrialImportOutcome(int Added, int Updated, int Unchanged, int Older);

/// <summary>
/// Trial registry records (<c>consilium trials import</c>), one row per NCT id holding the newest version imported:
/// a record replaces the stored one only when its last update (then its snapshot date) is later. An import is one
/// transaction: all of it is stored, or none.
/// </summary>
public sealed class TrialRegistry(Func<ConsiliumDbContext> contexts, TimeProvider time)
{
    public async Task<TrialImportOutcome> ImportAsync(IReadOnlyList<StoredTrial> trials, string? importedBy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(trials);
        // the same NCT id twice in one import: the newer version counts
        var newest = trials.GroupBy(t => t.NctId, StringComparer.Ordinal).Select(g => g.MaxBy(t => t.VersionKey)!).ToList();
        await using var db = contexts();
        await using var tx = await StepTransaction.BeginAsync(db, cancellationToken);
        var ids = newest.Select(t => t.NctId).ToList();
        var existing = new Dictionary<string, TrialRecordRow>(StringComparer.Ordinal);
        foreach (var chunk in ids.Chunk(500))
        {
            foreach (var row in await db.Set<TrialRecordRow>().Where(r => chunk.Contains(r.NctId)).ToListAsync(cancellationToken))
            {
                existing[row.NctId] = row;
            }
        }
        var now = time.GetUtcNow();
        int added = 0, updated = 0, unchanged = 0, older = 0;
        foreach (var t in newest)
        {
            if (!existing.TryGetValue(t.NctId, out var row))
            {
                db.Add(Fill(new TrialRecordRow { NctId = t.NctId }, t, now, importedBy));
                added++;
                continue;
            }
            var stored = (Parse(row.LastUpdate) ?? DateOnly.MinValue, Parse(row.VersionDate) ?? DateOnly.MinValue);
            var order = t.VersionKey.CompareTo(stored);
            if (order > 0)
            {
                Fill(row, t, now, importedBy);
                updated++;
            }
            else if (order == 0 && row.Json != t.Json)
            {
                // same version dates, different content (a re-export): the newer import wins
                Fill(row, t, now, importedBy);
                updated++;
            }
            else if (order == 0)
            {
                unchanged++;
            }
            else
            {
                older++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        await tx.CommitAsync(cancellationToken);
        return new TrialImportOutcome(added, updated, unchanged, older);
    }

    public async Task<IReadOnlyList<StoredTrial>> AllAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var rows = await db.Set<TrialRecordRow>().AsNoTracking().OrderBy(r => r.NctId).ToListAsync(cancellationToken);
        return rows.Select(ToStored).ToList();
    }

    public async Task<StoredTrial?> FindAsync(string nctId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var row = await db.Set<TrialRecordRow>().AsNoTracking().SingleOrDefaultAsync(r => r.NctId == nctId, cancellationToken);
        return row is null ? null : ToStored(row);
    }

    public async Task<int> CountAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        return await db.Set<TrialRecordRow>().CountAsync(cancellationToken);
    }

    /// <summary>A key that changes whenever any record is added or replaced (for caches of prepared records).</summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var count = await db.Set<TrialRecordRow>().CountAsync(cancellationToken);
        var latest = count == 0 ? null : await db.Set<TrialRecordRow>().OrderByDescending(r => r.ImportedAt).Select(r => (DateTimeOffset?)r.ImportedAt).FirstOrDefaultAsync(cancellationToken);
        return $"{count}:{latest?.UtcTicks}";
    }

    private static TrialRecordRow Fill(TrialRecordRow row, StoredTrial t, DateTimeOffset now, string? importedBy)
    {
        row.Title = t.Title.Length > 1000 ? t.Title[..1000] : t.Title;
        row.Status = t.Status;
        row.LastUpdate = Format(t.LastUpdate);
        row.VersionDate = Format(t.VersionDate);
        row.ImportedAt = now;
        row.ImportedBy = importedBy;
        row.Json = t.Json;
        return row;
    }

    private static string? Format(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Parse(string? s) =>
        s is not null && DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;

    private static StoredTrial ToStored(TrialRecordRow r) =>
        new(r.NctId, r.Title, r.Status, Parse(r.LastUpdate), Parse(r.VersionDate), r.Json) { ImportedAt = r.ImportedAt, ImportedBy = r.ImportedBy };
}

/// <summary>A trial chosen for a case.</summary>
public sealed record TrialSelection(Guid CaseId, string NctId, string SelectedBy, DateTimeOffset SelectedAt, string? Note);

/// <summary>The trials an expert selected for a case's opinion ("clinical trials to consider"), in the order chosen.</summary>
public sealed class CaseTrialSelections(Func<ConsiliumDbContext> contexts, TimeProvider time)
{
    /// <summary>Selects a trial for the case (again: updates the note); returns false when it was already selected with the same note.</summary>
    public async Task<bool> SelectAsync(Guid caseId, string nctId, string selectedBy, string? note = null, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var row = await db.Set<CaseTrialSelectionRow>().SingleOrDefaultAsync(s => s.CaseId == caseId && s.NctId == nctId, cancellationToken);
        if (row is not null)
        {
            if (row.Note == note)
            {
                return false;
            }
            row.Note = note;
        }
        else
        {
            db.Add(new CaseTrialSelectionRow { CaseId = caseId, NctId = nctId, SelectedBy = selectedBy, SelectedAt = time.GetUtcNow(), Note = note });
        }
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<bool> RemoveAsync(Guid caseId, string nctId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        return await db.Set<CaseTrialSelectionRow>().Where(s => s.CaseId == caseId && s.NctId == nctId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    public async Task<IReadOnlyList<TrialSelection>> ForCaseAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var rows = await db.Set<CaseTrialSelectionRow>().AsNoTracking().Where(s => s.CaseId == caseId).ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.SelectedAt).ThenBy(r => r.NctId, StringComparer.Ordinal)
            .Select(r => new TrialSelection(r.CaseId, r.NctId, r.SelectedBy, r.SelectedAt, r.Note)).ToList();
    }
}
