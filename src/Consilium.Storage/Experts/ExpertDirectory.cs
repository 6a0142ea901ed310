using Consilium.Domain.Experts;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Experts;

/// <summary>
/// The expert directory in the database: import (insert or replace by id, one transaction), read all, find one, and
/// record load after assignment. Safe to share: each call uses its own short-lived context.
/// </summary>
/// <example><code>var directory = new ExpertDirectory(db.CreateDbContext, TimeProvider.System);</code></example>
public sealed class ExpertDirectory(Func<ConsiliumDbContext> contexts, TimeProvider time)
{
    public sealed record ImportCounts(int Added, int Replaced);

    /// <summary>Adds new experts and replaces the profiles of those already there (by id); all or nothing.</summary>
    public async Task<ImportCounts> ImportAsync(IReadOnlyList<ExpertProfile> experts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(experts);
        ExpertDirectoryJson.Validate(experts);
        await using var db = contexts();
        await using var transaction = await StepTransaction.BeginAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        int added = 0, replaced = 0;
        foreach (var batch in experts.Chunk(500))
        {
            var ids = batch.Select(e => e.Id).ToArray();
            var existing = await db.Set<ExpertRow>().Where(r => ids.Contains(r.Id)).ToDictionaryAsync(r => r.Id, StringComparer.Ordinal, cancellationToken);
            foreach (var e in batch)
            {
                if (existing.TryGetValue(e.Id, out var row))
                {
                    Fill(row, e, now);
                    replaced++;
                }
                else
                {
                    var fresh = new ExpertRow { Id = e.Id };
                    Fill(fresh, e, now);
                    db.Add(fresh);
                    added++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
        await transaction.CommitAsync(cancellationToken);
        return new ImportCounts(added, replaced);
    }

    /// <summary>Every expert, by id (ordinal).</summary>
    public async Task<IReadOnlyList<ExpertProfile>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var rows = await db.Set<ExpertRow>().AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.Select(r => r.Profile).OrderBy(p => p.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// A key that changes whenever the directory does (an import adds or replaces profiles, an assignment adds load): how many
    /// experts there are and when the latest one changed. Cheap; for caches of what is built from the whole directory.
    /// </summary>
    public async Task<string> VersionAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var latest = await db.Set<ExpertRow>().AsNoTracking()
            .GroupBy(r => 1)
            .Select(g => new { Count = g.Count(), Latest = g.Max(r => r.UpdatedAt) })
            .FirstOrDefaultAsync(cancellationToken);
        return latest is null ? "empty" : FormattableString.Invariant($"{latest.Count}|{latest.Latest.UtcTicks}");
    }

    public async Task<ExpertProfile?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        return (await db.Set<ExpertRow>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken))?.Profile;
    }

    /// <summary>Adds <c>added[id]</c> opinions to each expert's current load (after an assignment), in one transaction.</summary>
    public async Task AddLoadAsync(IReadOnlyDictionary<string, int> added, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(added);
        await using var db = contexts();
        var ids = added.Keys.ToArray();
        var rows = await db.Set<ExpertRow>().Where(r => ids.Contains(r.Id)).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        foreach (var row in rows)
        {
            Fill(row, row.Profile with { CurrentLoad = row.Profile.CurrentLoad + added[row.Id] }, now);
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static void Fill(ExpertRow row, ExpertProfile e, DateTimeOffset now)
    {
        row.Name = e.Name;
        row.Profile = e;
        row.WeeklyCapacity = e.WeeklyCapacity;
        row.CurrentLoad = e.CurrentLoad;
        row.UpdatedAt = now;
    }
}
