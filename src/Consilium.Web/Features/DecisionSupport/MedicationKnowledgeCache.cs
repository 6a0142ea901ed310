using Consilium.Medications.Knowledge;
using Consilium.Storage.Database;
using Consilium.Storage.Knowledge;

namespace Consilium.Web.Features.DecisionSupport;

/// <summary>
/// The medication knowledge imported with <c>consilium knowledge import</c>, restored once per process and kept while the
/// imported versions stay the same (the key is every source's kind, version and content hash; a newer import is picked up
/// on the next page view). Restored knowledge is immutable, so one instance serves every request.
/// </summary>
internal static class MedicationKnowledgeCache
{
    private sealed record Restored(MedicationKnowledge Knowledge, IReadOnlyList<KnowledgeSource> Sources);

    private static readonly VersionedCache<Restored> Cache = new();

    /// <summary>The latest imported knowledge, or null when none has been imported.</summary>
    /// <exception cref="InvalidDataException">A stored source cannot be read.</exception>
    public static async Task<(MedicationKnowledge Knowledge, IReadOnlyList<KnowledgeSource> Sources)?> LatestAsync(
        ConsiliumDatabase database, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var rows = await new KnowledgeStore(database.CreateDbContext, time).LatestAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }
        var key = string.Join("\n", rows.Select(r => $"{r.Kind}|{r.Name}|{r.Version}|{r.Sha256}").Order(StringComparer.Ordinal));
        var restored = await Cache.GetAsync(key, _ =>
        {
            var blobs = rows.Select(ToBlob).ToList();
            return Task.FromResult(new Restored(KnowledgeSnapshot.Restore(blobs), blobs.Select(b => b.Source).ToList()));
        }, cancellationToken);
        return (restored.Knowledge, restored.Sources);
    }

    /// <summary>A stored row as the blob <see cref="KnowledgeSnapshot.Restore"/> reads.</summary>
    public static KnowledgeBlob ToBlob(StoredKnowledge s) =>
        new(s.Kind, new KnowledgeSource(s.Name, s.Version, s.Sha256, s.Files), s.Content);
}
