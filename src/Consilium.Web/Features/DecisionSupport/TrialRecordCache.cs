using Consilium.Storage.Database;
using Consilium.Storage.Trials;
using Consilium.Trials.Matching;
using Consilium.Trials.Registry;

namespace Consilium.Web.Features.DecisionSupport;

/// <summary>
/// The trial records imported with <c>consilium trials import</c>, read and prepared (criteria split and recognised) once
/// per process and kept while the stored records stay the same (the key is the row count and the latest import time;
/// a new import is picked up on the next page view). Prepared trials are immutable, so one list serves every request.
/// </summary>
internal static class TrialRecordCache
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private sealed record Entry(string Key, IReadOnlyList<PreparedTrial> Trials, IReadOnlyDictionary<string, TrialRecord> ById);

    // A reference, swapped whole: readers never see a half-written entry.
    private static volatile Entry? _current;

    public static async Task<(IReadOnlyList<PreparedTrial> Trials, IReadOnlyDictionary<string, TrialRecord> ById)> LatestAsync(ConsiliumDatabase database, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var registry = new TrialRegistry(database.CreateDbContext, time);
        var key = await registry.VersionAsync(cancellationToken);
        if (_current is { } hit && hit.Key == key)
        {
            return (hit.Trials, hit.ById);
        }
        await Gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && again.Key == key)
            {
                return (again.Trials, again.ById);
            }
            var stored = await registry.AllAsync(cancellationToken);
            var records = stored.Select(s => CtGovJson.ParseStudy(s.Json, $"stored record {s.NctId}")).ToList();
            var entry = new Entry(key, records.Select(PreparedTrial.Prepare).ToList(), records.ToDictionary(r => r.NctId, StringComparer.Ordinal));
            _current = entry;
            return (entry.Trials, entry.ById);
        }
        finally
        {
            Gate.Release();
        }
    }
}
