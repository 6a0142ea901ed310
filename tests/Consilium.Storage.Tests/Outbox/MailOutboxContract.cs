using Consilium.Storage.Database;
using Consilium.Storage.Outbox;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Outbox;

public abstract class MailOutboxContract : StoreContract
{
    private static OutboxMail Mail(int i) => new($"user{i}@example.org", $"Subject {i}", $"Body {i}");

    [SkippableFact]
    public async Task GivenQueuedMail_WhenClaimedAndCompleted_ThenOldestFirstAndNeverHandedOutAgain()
    {
        var db = await OpenAsync();
        var ids = new List<long>();
        for (var i = 1; i <= 3; i++)
        {
            ids.Add(await db.Outbox.EnqueueAsync(Mail(i)));
        }

        var claimed = await db.Outbox.ClaimAsync(2, "node-1", TimeSpan.FromMinutes(5));

        Assert.Equal(ids.Take(2), claimed.Select(c => c.Id));
        Assert.Equal(Mail(1), claimed[0].Mail);
        Assert.Equal(1, claimed[0].Attempt);
        Assert.True(await db.Outbox.CompleteAsync(claimed[0].Id));
        Assert.False(await db.Outbox.CompleteAsync(claimed[0].Id));
        var rest = await db.Outbox.ClaimAsync(10, "node-2", TimeSpan.FromMinutes(5));
        Assert.Equal([ids[2]], rest.Select(c => c.Id));
        Assert.Equal(2, await db.Outbox.CountPendingAsync());
    }

    [SkippableFact]
    public async Task GivenClaimedMail_WhenItsLeaseRunsOut_ThenAnotherWorkerGetsItWithTheNextAttempt()
    {
        var db = await OpenAsync();
        var id = await db.Outbox.EnqueueAsync(Mail(1));
        await db.Outbox.ClaimAsync(1, "node-1", TimeSpan.FromMinutes(5));

        Time.Now = Time.Now.AddMinutes(4);
        Assert.Empty(await db.Outbox.ClaimAsync(1, "node-2", TimeSpan.FromMinutes(5)));
        Time.Now = Time.Now.AddMinutes(2);
        var again = Assert.Single(await db.Outbox.ClaimAsync(1, "node-2", TimeSpan.FromMinutes(5)));

        Assert.Equal(id, again.Id);
        Assert.Equal(2, again.Attempt);
    }

    [SkippableFact]
    public async Task GivenSeveralWorkersOnSeparateConnections_WhenClaimingAtOnce_ThenEachMailGoesToExactlyOne()
    {
        var setup = await OpenAsync();
        for (var i = 0; i < 60; i++)
        {
            await setup.Outbox.EnqueueAsync(Mail(i));
        }
        var workers = new List<ConsiliumDatabase>();
        for (var i = 0; i < 4; i++)
        {
            workers.Add(await OpenAsync());
        }

        var claims = await Task.WhenAll(workers.Select((w, i) => Task.Run(async () =>
        {
            var mine = new List<long>();
            IReadOnlyList<ClaimedMail> batch;
            while ((batch = await w.Outbox.ClaimAsync(5, $"node-{i}", TimeSpan.FromMinutes(5))).Count > 0)
            {
                mine.AddRange(batch.Select(c => c.Id));
            }
            return mine;
        })));

        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(60, all.Count);
        Assert.Equal(60, all.Distinct().Count());
    }
}

public sealed class SqliteMailOutboxTests : MailOutboxContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlMailOutboxTests : MailOutboxContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
