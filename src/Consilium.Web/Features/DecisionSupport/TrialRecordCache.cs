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
    private sealed record Prepared(IReadOnlyList<PreparedTrial> Trials, IReadOnlyDictionary<string, TrialRecord> ById);

    private static readonly VersionedCache<Prepared> Cache = new();

    public static async Task<(IReadOnlyList<PreparedTrial> Trials, IReadOnlyDictionary<string, TrialRecord> ById)> LatestAsync(ConsiliumDatabase database, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        var registry = new TrialRegistry(database.CreateDbContext, time);
        var prepared = await Cache.GetAsync(await registry.VersionAsync(cancellationToken), async ct =>
        {
            var stored = await registry.AllAsync(ct);
            var records = stored.Select(s => CtGovJson.ParseStudy(s.Json, $"stored record {s.NctId}")).ToList();
            return new Prepared(records.Select(PreparedTrial.Prepare).ToList(), records.ToDictionary(r => r.NctId, StringComparer.Ordinal));
        }, cancellationToken);
        return (prepared.Trials, prepared.ById);
    }
}
