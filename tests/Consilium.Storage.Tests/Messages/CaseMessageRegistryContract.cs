using Consilium.Storage.Messages;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Messages;

public abstract class CaseMessageRegistryContract : StoreContract
{
    [SkippableFact]
    public async Task GivenMessagesOnTwoCases_WhenListed_ThenEachCaseHasItsOwnOldestFirst()
    {
        var db = await OpenAsync();
        var a = await AddCaseAsync(db);
        var b = await AddCaseAsync(db);
        var t = CaseSamples.At(2025, 3, 1, 10, 0, TimeSpan.FromHours(1));
        var later = new CaseMessage(Guid.NewGuid(), a, "coord-1", "Coordinator", t.AddHours(1), "We received the CT; an expert will look at it this week.");
        var earlier = new CaseMessage(Guid.NewGuid(), a, "acct-ana", "Patient", t, "I uploaded my CT — is that enough?\nThanks, «Ana»");
        var other = new CaseMessage(Guid.NewGuid(), b, "acct-bo", "Patient", t, "Hello");
        await db.Messages.AddAsync(later);
        await db.Messages.AddAsync(earlier);
        await db.Messages.AddAsync(other);

        var listed = await db.Messages.ListAsync(a);

        Assert.Equal([earlier.Id, later.Id], listed.Select(m => m.Id));
        Assert.Equal((earlier.Text, earlier.FromAccountId, earlier.FromRole, earlier.At.UtcTicks), (listed[0].Text, listed[0].FromAccountId, listed[0].FromRole, listed[0].At.UtcTicks));
        Assert.Equal([other.Id], (await db.Messages.ListAsync(b)).Select(m => m.Id));
        Assert.Single(await db.Messages.ListAsync(a, skip: 1));
    }

    [SkippableTheory]
    [InlineData("")]
    [InlineData("   ")]
    public async Task GivenBlankText_WhenAdded_ThenRefused(string text)
    {
        var db = await OpenAsync();
        var a = await AddCaseAsync(db);

        await Assert.ThrowsAsync<ArgumentException>(() => db.Messages.AddAsync(new CaseMessage(Guid.NewGuid(), a, "acct", "Patient", DateTimeOffset.UnixEpoch, text)));
        Assert.Empty(await db.Messages.ListAsync(a));
    }
}

public sealed class SqliteCaseMessageRegistryTests : CaseMessageRegistryContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlCaseMessageRegistryTests : CaseMessageRegistryContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
