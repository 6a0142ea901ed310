using System.Runtime.CompilerServices;
using Consilium.Domain.Opinions;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Opinions;

/// <summary>Someone else saved the opinion after it was read: nothing was written. Read it again and re-apply the change.</summary>
public sealed class OpinionConcurrencyException : Exception
{
    public OpinionConcurrencyException(Guid opinionId, string why)
        : base($"Opinion {opinionId} was changed by someone else ({why}). Nothing was written; reload the opinion and try again.")
    {
        OpinionId = opinionId;
    }

    public OpinionConcurrencyException() { }
    public OpinionConcurrencyException(string message) : base(message) { }
    public OpinionConcurrencyException(string message, Exception inner) : base(message, inner) { }

    public Guid OpinionId { get; }
}

/// <summary>
/// The register of opinions. <see cref="SaveAsync"/> stores a new opinion or the changes to one read from here (optimistic concurrency:
/// the register remembers the version each opinion object was read or saved at). Signed versions are only ever inserted; a save that
/// would change a signed version is refused. Safe to share.
/// </summary>
public sealed class OpinionRegistry
{
    private readonly Func<ConsiliumDbContext> _contexts;
    private readonly TimeProvider _time;
    private readonly ConditionalWeakTable<Opinion, StrongBox<int>> _versions = [];

    public OpinionRegistry(Func<ConsiliumDbContext> contexts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(time);
        _contexts = contexts;
        _time = time;
    }

    /// <summary>
    /// Stores <paramref name="opinion"/>: inserts it when it is new (not read from this register), else saves its draft and any versions
    /// signed since it was read. Throws <see cref="OpinionConcurrencyException"/> when it was saved by someone else meanwhile (or an
    /// opinion with its id already exists), and nothing is written. Returns the stored version number of the row.
    /// </summary>
    public async Task<int> SaveAsync(Opinion opinion, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(opinion);
        var now = _time.GetUtcNow();
        await using var db = _contexts();
        await using var transaction = await StepTransaction.BeginAsync(db, ct);
        int newVersion;
        if (!_versions.TryGetValue(opinion, out var box))
        {
            if (await db.Opinions.AnyAsync(o => o.Id == opinion.Id, ct))
            {
                throw new OpinionConcurrencyException(opinion.Id, "an opinion with this id is already stored");
            }
            newVersion = 1;
            db.Opinions.Add(new OpinionRow
            {
                Id = opinion.Id,
                CaseId = opinion.CaseId,
                AuthorAccountId = opinion.AuthorAccountId,
                Draft = opinion.Draft,
                Version = newVersion,
                CreatedAt = now,
                UpdatedAt = now,
                Versions = [.. opinion.Versions.Select(v => ToRow(opinion.Id, v))],
            });
        }
        else
        {
            var expected = box.Value;
            newVersion = expected + 1;
            var id = opinion.Id;
            var draft = opinion.Draft;
            var updated = await db.Opinions
                .Where(o => o.Id == id && o.Version == expected)
                .ExecuteUpdateAsync(s => s.SetProperty(o => o.Version, newVersion).SetProperty(o => o.Draft, draft).SetProperty(o => o.UpdatedAt, now), ct);
            if (updated == 0)
            {
                throw new OpinionConcurrencyException(id, $"this copy was read at version {expected}");
            }
            var stored = await db.OpinionVersions.AsNoTracking().Where(v => v.OpinionId == id).OrderBy(v => v.Number).ToListAsync(ct);
            if (stored.Count > opinion.Versions.Count)
            {
                throw new OpinionConcurrencyException(id, $"{stored.Count} versions are stored, this copy has {opinion.Versions.Count}");
            }
            for (var i = 0; i < stored.Count; i++)
            {
                if (!string.Equals(stored[i].ContentHash, opinion.Versions[i].ContentHash, StringComparison.Ordinal))
                {
                    throw new InvalidOperationException($"Opinion {id}: signed version {stored[i].Number} differs from the stored one; a signed version is never changed.");
                }
            }
            db.OpinionVersions.AddRange(opinion.Versions.Skip(stored.Count).Select(v => ToRow(id, v)));
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        _versions.AddOrUpdate(opinion, new StrongBox<int>(newVersion));
        return newVersion;
    }

    /// <summary>The opinion, or null when there is none with that id.</summary>
    public async Task<Opinion?> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = _contexts();
        var row = await db.Opinions.AsNoTracking().Include(o => o.Versions).SingleOrDefaultAsync(o => o.Id == id, ct);
        return row is null ? null : Track(row);
    }

    /// <summary>The opinions written on a case (one per author; a panel may give several), oldest first.</summary>
    public async Task<IReadOnlyList<Opinion>> GetForCaseAsync(Guid caseId, CancellationToken ct = default)
    {
        await using var db = _contexts();
        var rows = await db.Opinions.AsNoTracking().Include(o => o.Versions).Where(o => o.CaseId == caseId)
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(ct);
        return rows.Select(Track).ToList();
    }

    /// <summary>Every opinion with at least one signed version (delivered), by case then age; for exports and the outcomes dashboard.</summary>
    public async Task<IReadOnlyList<Opinion>> ListSignedAsync(CancellationToken ct = default)
    {
        await using var db = _contexts();
        var rows = await db.Opinions.AsNoTracking().Include(o => o.Versions).Where(o => o.Versions.Any())
            .OrderBy(o => o.CaseId).ThenBy(o => o.CreatedAt).ThenBy(o => o.Id).ToListAsync(ct);
        return rows.Select(Track).ToList();
    }

    private Opinion Track(OpinionRow row)
    {
        var opinion = Opinion.Restore(
            row.Id,
            row.CaseId,
            row.AuthorAccountId,
            row.Draft,
            row.Versions.Select(v => new OpinionVersion(v.Number, v.Content, v.SignedBy, v.SignedAt, v.ContentHash, v.AmendmentReason)));
        _versions.AddOrUpdate(opinion, new StrongBox<int>(row.Version));
        return opinion;
    }

    private static OpinionVersionRow ToRow(Guid opinionId, OpinionVersion v) => new()
    {
        OpinionId = opinionId,
        Number = v.Number,
        Content = v.Content,
        SignedBy = v.SignedBy,
        SignedAt = v.SignedAt,
        ContentHash = v.ContentHash,
        AmendmentReason = v.AmendmentReason,
    };
}
