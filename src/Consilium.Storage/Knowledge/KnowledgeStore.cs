using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Knowledge;

/// <summary>One version of a knowledge source, as stored.</summary>
public sealed record StoredKnowledge(string Kind, string Name, string Version, string Sha256, IReadOnlyList<string> Files, DateTimeOffset ImportedAt, string? ImportedBy, byte[] Content);

/// <summary>
/// Reference knowledge imported once by an operator (<c>consilium knowledge import</c>) and read by every node:
/// every version is kept; the latest import of each kind is the one in use.
/// </summary>
public sealed class KnowledgeStore(Func<ConsiliumDbContext> contexts, TimeProvider time)
{
    /// <summary>Stores the sources not stored yet (same kind and content hash = already there); returns how many were new.</summary>
    public async Task<int> SaveAsync(IEnumerable<StoredKnowledge> sources, string? importedBy = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(sources);
        await using var db = contexts();
        var now = time.GetUtcNow();
        var added = 0;
        foreach (var s in sources)
        {
            var id = $"{s.Kind}:{s.Sha256}";
            if (await db.Set<KnowledgeSourceRow>().AnyAsync(k => k.Id == id, cancellationToken))
            {
                continue;
            }
            db.Add(new KnowledgeSourceRow
            {
                Id = id,
                Kind = s.Kind,
                Name = s.Name,
                Version = s.Version,
                Sha256 = s.Sha256,
                Files = string.Join('\n', s.Files),
                ImportedAt = now,
                ImportedBy = importedBy ?? s.ImportedBy,
                Content = s.Content,
            });
            added++;
        }
        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <summary>The latest imported version of each kind, with content.</summary>
    public async Task<IReadOnlyList<StoredKnowledge>> LatestAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var heads = (await db.Set<KnowledgeSourceRow>().AsNoTracking().Select(k => new { k.Id, k.Kind, k.ImportedAt }).ToListAsync(cancellationToken))
            .GroupBy(k => k.Kind, StringComparer.Ordinal)
            .Select(g => g.OrderByDescending(k => k.ImportedAt).ThenBy(k => k.Id, StringComparer.Ordinal).First().Id)
            .ToList();
        var rows = await db.Set<KnowledgeSourceRow>().AsNoTracking().Where(k => heads.Contains(k.Id)).ToListAsync(cancellationToken);
        return rows.OrderBy(r => r.Kind, StringComparer.Ordinal).Select(ToStored).ToList();
    }

    /// <summary>Every stored version (without content), newest first.</summary>
    public async Task<IReadOnlyList<StoredKnowledge>> VersionsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var rows = await db.Set<KnowledgeSourceRow>().AsNoTracking()
            .Select(k => new KnowledgeSourceRow { Id = k.Id, Kind = k.Kind, Name = k.Name, Version = k.Version, Sha256 = k.Sha256, Files = k.Files, ImportedAt = k.ImportedAt, ImportedBy = k.ImportedBy })
            .ToListAsync(cancellationToken);
        return rows.OrderByDescending(r => r.ImportedAt).ThenBy(r => r.Kind, StringComparer.Ordinal).Select(ToStored).ToList();
    }

    private static StoredKnowledge ToStored(KnowledgeSourceRow r) =>
        new(r.Kind, r.Name, r.Version, r.Sha256, r.Files.Split('\n', StringSplitOptions.RemoveEmptyEntries), r.ImportedAt, r.ImportedBy, r.Content);
}
