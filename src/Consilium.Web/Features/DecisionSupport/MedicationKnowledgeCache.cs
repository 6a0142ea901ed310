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
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private sealed record Entry(string Key, MedicationKnowledge Knowledge, IReadOnlyList<KnowledgeSource> Sources);

    // A reference, swapped whole: readers never see a half-written entry.
    private static volatile Entry? _current;

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
        if (_current is { } hit && hit.Key == key)
        {
            return (hit.Knowledge, hit.Sources);
        }
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && again.Key == key)
            {
                return (again.Knowledge, again.Sources);
            }
            var blobs = rows.Select(ToBlob).ToList();
            var knowledge = KnowledgeSnapshot.Restore(blobs);
            var entry = new Entry(key, knowledge, blobs.Select(b => b.Source).ToList());
            _current = entry;
            return (entry.Knowledge, entry.Sources);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>A stored row as the blob <see cref="KnowledgeSnapshot.Restore"/> reads.</summary>
    public static KnowledgeBlob ToBlob(StoredKnowledge s) =>
        new(s.Kind, new KnowledgeSource(s.Name, s.Version, s.Sha256, s.Files), s.Content);
}
