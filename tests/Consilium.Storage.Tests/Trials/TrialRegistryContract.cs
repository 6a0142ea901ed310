using Consilium.Storage.Tests.Support;
using Consilium.Storage.Trials;

namespace Consilium.Storage.Tests.Trials;

/// <summary>Trial registry records: one row per NCT id, replaced only by a newer version; an import is all or nothing.</summary>
public abstract class TrialRegistryContract : StoreContract
{
    private static StoredTrial Trial(string nct, string status, string? lastUpdate, string json = "{}", string? version = "2025-12-09") =>
        new(nct, $"Trial {nct}", status, lastUpdate is null ? null : DateOnly.Parse(lastUpdate, System.Globalization.CultureInfo.InvariantCulture),
            version is null ? null : DateOnly.Parse(version, System.Globalization.CultureInfo.InvariantCulture), json);

    [SkippableFact]
    public async Task GivenNewRecords_WhenImported_ThenTheyAreStoredWithTheirVersionDatesAndJson()
    {
        var db = await OpenAsync();
        var registry = new TrialRegistry(db.CreateDbContext, Time);

        var outcome = await registry.ImportAsync([Trial("NCT00000001", "RECRUITING", "2025-01-02", "{\"a\":1}"), Trial("NCT00000002", "COMPLETED", null)], "operator:1");

        Assert.Equal(new TrialImportOutcome(2, 0, 0, 0), outcome);
        var all = await registry.AllAsync();
        Assert.Equal(["NCT00000001", "NCT00000002"], all.Select(t => t.NctId));
        var first = all[0];
        Assert.Equal(new DateOnly(2025, 1, 2), first.LastUpdate);
        Assert.Equal(new DateOnly(2025, 12, 9), first.VersionDate);
        Assert.Equal("{\"a\":1}", first.Json);
        Assert.Equal("RECRUITING", first.Status);
        Assert.Equal("operator:1", first.ImportedBy);
        Assert.Equal(Time.GetUtcNow(), first.ImportedAt);
        Assert.Null(all[1].LastUpdate);
    }

    [SkippableFact]
    public async Task GivenAStoredRecord_WhenANewerVersionIsImported_ThenItReplacesTheOldOne()
    {
        var db = await OpenAsync();
        var registry = new TrialRegistry(db.CreateDbContext, Time);
        await registry.ImportAsync([Trial("NCT00000001", "RECRUITING", "2025-01-02", "{\"v\":1}")]);

        var outcome = await registry.ImportAsync([Trial("NCT00000001", "COMPLETED", "2025-06-30", "{\"v\":2}")]);

        Assert.Equal(new TrialImportOutcome(0, 1, 0, 0), outcome);
        var stored = Assert.Single(await registry.AllAsync());
        Assert.Equal("COMPLETED", stored.Status);
        Assert.Equal("{\"v\":2}", stored.Json);
    }

    [SkippableFact]
    public async Task GivenAStoredRecord_WhenAnOlderOrTheSameVersionIsImported_ThenTheStoredOneIsKept()
    {
        var db = await OpenAsync();
        var registry = new TrialRegistry(db.CreateDbContext, Time);
        await registry.ImportAsync([Trial("NCT00000001", "COMPLETED", "2025-06-30", "{\"v\":2}")]);

        var outcome = await registry.ImportAsync([Trial("NCT00000001", "RECRUITING", "2025-01-02", "{\"v\":1}"), Trial("NCT00000002", "RECRUITING", "2025-01-02")]);
        var again = await registry.ImportAsync([Trial("NCT00000001", "COMPLETED", "2025-06-30", "{\"v\":2}")]);

        Assert.Equal(new TrialImportOutcome(1, 0, 0, 1), outcome);
        Assert.Equal(new TrialImportOutcome(0, 0, 1, 0), again);
        Assert.Equal("{\"v\":2}", (await registry.FindAsync("NCT00000001"))!.Json);
    }

    [SkippableFact]
    public async Task GivenTheSameLastUpdate_WhenALaterSnapshotIsImported_ThenTheSnapshotDateDecides()
    {
        var db = await OpenAsync();
        var registry = new TrialRegistry(db.CreateDbContext, Time);
        await registry.ImportAsync([Trial("NCT00000001", "RECRUITING", "2025-01-02", "{\"v\":1}", version: "2025-12-09")]);

        var outcome = await registry.ImportAsync([Trial("NCT00000001", "RECRUITING", "2025-01-02", "{\"v\":1,\"s\":2}", version: "2026-01-15")]);

        Assert.Equal(1, outcome.Updated);
        Assert.Equal(new DateOnly(2026, 1, 15), (await registry.FindAsync("NCT00000001"))!.VersionDate);
    }

    [SkippableFact]
    public async Task GivenAnExpertsChoice_WhenTrialsAreSelectedForACase_ThenTheyAreListedInOrderAndCanBeRemoved()
    {
        var db = await OpenAsync();
        var caseId = await AddCaseAsync(db);
        var selections = new CaseTrialSelections(db.CreateDbContext, Time);

        Assert.True(await selections.SelectAsync(caseId, "NCT00000002", "expert:1", "ask about the EGFR result"));
        Time.Now = Time.Now.AddMinutes(1);
        Assert.True(await selections.SelectAsync(caseId, "NCT00000001", "expert:1"));
        Assert.False(await selections.SelectAsync(caseId, "NCT00000001", "expert:1"));

        var listed = await selections.ForCaseAsync(caseId);
        Assert.Equal(["NCT00000002", "NCT00000001"], listed.Select(s => s.NctId));
        Assert.Equal("ask about the EGFR result", listed[0].Note);
        Assert.True(await selections.RemoveAsync(caseId, "NCT00000002"));
        Assert.Equal(["NCT00000001"], (await selections.ForCaseAsync(caseId)).Select(s => s.NctId));
        Assert.Empty(await selections.ForCaseAsync(Guid.NewGuid()));
    }
}

public sealed class SqliteTrialRegistryTests : TrialRegistryContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlTrialRegistryTests : TrialRegistryContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
