using Consilium.Storage.Database;
using Consilium.Storage.Trials;
using Consilium.Trials.Matching;
using Consilium.Trials.Registry;

namespace Consilium.Cli.Trials;

/// <summary>Trial records for the commands: read from files (<c>--registry PATH</c>) or from the database.</summary>
internal static class TrialRecords
{
    public static IReadOnlyList<RegistryEntry> ReadPath(string path)
    {
        try
        {
            return CtGovJson.ReadPath(path);
        }
        catch (TrialRecordException ex)
        {
            throw new BadInputException(ex.Message, ex);
        }
    }

    public static StoredTrial ToStored(RegistryEntry e) =>
        new(e.Record.NctId, e.Record.Title, e.Record.Status, e.Record.LastUpdate, e.Record.VersionDate, e.Json);

    /// <summary>Every stored record, read back from its JSON.</summary>
    public static async Task<IReadOnlyList<TrialRecord>> StoredAsync(ConsiliumDatabase db, CancellationToken cancellationToken)
    {
        var stored = await new TrialRegistry(db.CreateDbContext, TimeProvider.System).AllAsync(cancellationToken);
        return stored.Select(s => CtGovJson.ParseStudy(s.Json, $"stored record {s.NctId}")).ToList();
    }

    /// <summary>The newest version of each NCT id (a folder can hold several exports of the same trial).</summary>
    public static IReadOnlyList<PreparedTrial> Prepare(IEnumerable<TrialRecord> records) =>
        records.GroupBy(r => r.NctId, StringComparer.Ordinal)
            .Select(g => g.Aggregate((a, b) => b.IsNewerThan(a.LastUpdate, a.VersionDate) ? b : a))
            .Select(PreparedTrial.Prepare)
            .ToList();
}
