using Consilium.Domain.Experts;
using Consilium.Domain.Experts.Synthetic;
using Consilium.Storage.Experts;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Experts;

/// <summary>The expert directory: import adds or replaces by id, the whole profile round-trips, loads are recorded.</summary>
public abstract class ExpertDirectoryContract : StoreContract
{
    private static IReadOnlyList<ExpertProfile> Network(int count) => new SyntheticNetwork(5, new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)).Experts(count);

    [SkippableFact]
    public async Task GivenImportedExperts_WhenListed_ThenEveryFieldRoundTrips()
    {
        var db = await OpenAsync();
        var directory = new ExpertDirectory(db.CreateDbContext, Time);
        var experts = Network(12);

        var counts = await directory.ImportAsync(experts);
        var listed = await directory.ListAsync();

        Assert.Equal(new ExpertDirectory.ImportCounts(12, 0), counts);
        Assert.Equal(ExpertDirectoryJson.Serialize(experts), ExpertDirectoryJson.Serialize(listed));
    }

    [SkippableFact]
    public async Task GivenAnExpertAlreadyThere_WhenImportedAgain_ThenReplacedNotDuplicated()
    {
        var db = await OpenAsync();
        var directory = new ExpertDirectory(db.CreateDbContext, Time);
        var experts = Network(3);
        await directory.ImportAsync(experts);

        var counts = await directory.ImportAsync([experts[1] with { Name = "Dr Renamed" }]);

        Assert.Equal(new ExpertDirectory.ImportCounts(0, 1), counts);
        Assert.Equal(3, (await directory.ListAsync()).Count);
        Assert.Equal("Dr Renamed", (await directory.GetAsync(experts[1].Id))!.Name);
    }

    [SkippableFact]
    public async Task GivenAssignments_WhenLoadAdded_ThenCurrentLoadGrows()
    {
        var db = await OpenAsync();
        var directory = new ExpertDirectory(db.CreateDbContext, Time);
        var expert = Network(1)[0];
        await directory.ImportAsync([expert]);

        await directory.AddLoadAsync(new Dictionary<string, int> { [expert.Id] = 2 });

        Assert.Equal(expert.CurrentLoad + 2, (await directory.GetAsync(expert.Id))!.CurrentLoad);
    }

    [SkippableFact]
    public async Task GivenAnInvalidDirectory_WhenImported_ThenNothingIsStored()
    {
        var db = await OpenAsync();
        var directory = new ExpertDirectory(db.CreateDbContext, Time);
        var experts = Network(2);

        var ex = await Assert.ThrowsAsync<ExpertDirectoryFormatException>(() => directory.ImportAsync([experts[0], experts[1] with { WeeklyCapacity = -1 }]));

        Assert.Contains("experts[1].weeklyCapacity", ex.Message, StringComparison.Ordinal);
        Assert.Empty(await directory.ListAsync());
    }
}

public sealed class SqliteExpertDirectoryTests : ExpertDirectoryContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlExpertDirectoryTests : ExpertDirectoryContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
