using Consilium.Domain.Cases;
using Consilium.Storage.Database;
using Consilium.Storage.Outbox;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Jobs;

/// <summary>Job leases and turnaround reminders: what makes background work run once across nodes and crashes.</summary>
public abstract class BackgroundJobsContract : StoreContract
{
    private static readonly CaseStatus[] Open = [CaseStatus.Submitted, CaseStatus.RecordsReview, CaseStatus.Triaged, CaseStatus.Assigned, CaseStatus.InReview];

    [SkippableFact]
    public async Task GivenALeaseHeld_WhenAnotherNodeAsks_ThenRefusedUntilItLapsesOrIsReleased()
    {
        var db = await OpenAsync();
        Assert.True(await db.JobLeases.TryAcquireAsync("timer", "node-1", TimeSpan.FromMinutes(3)));
        Assert.False(await db.JobLeases.TryAcquireAsync("timer", "node-2", TimeSpan.FromMinutes(3)));
        Assert.True(await db.JobLeases.TryAcquireAsync("timer", "node-1", TimeSpan.FromMinutes(3)));

        Time.Now = Time.Now.AddMinutes(4);
        Assert.True(await db.JobLeases.TryAcquireAsync("timer", "node-2", TimeSpan.FromMinutes(3)));
        Assert.Equal("node-2", (await db.JobLeases.HolderAsync("timer"))!.Value.Holder);
        Assert.False(await db.JobLeases.TryAcquireAsync("timer", "node-1", TimeSpan.FromMinutes(3)));

        await db.JobLeases.ReleaseAsync("timer", "node-2");
        Assert.True(await db.JobLeases.TryAcquireAsync("timer", "node-1", TimeSpan.FromMinutes(3)));
    }

    [SkippableFact]
    public async Task GivenANewJob_WhenFourNodesOnSeparateConnectionsAskAtOnce_ThenExactlyOneHoldsIt()
    {
        var nodes = new List<ConsiliumDatabase>();
        for (var i = 0; i < 4; i++)
        {
            nodes.Add(await OpenAsync());
        }

        var granted = await Task.WhenAll(nodes.Select((n, i) => Task.Run(() => n.JobLeases.TryAcquireAsync("fresh-job", $"node-{i}", TimeSpan.FromMinutes(1)))));

        Assert.Equal(1, granted.Count(g => g));
    }

    [SkippableFact]
    public async Task GivenAnOpenCasePastItsTurnaround_WhenTheReminderIsRecordedTwice_ThenItsMailIsQueuedOnceAndTheCaseIsNoLongerDue()
    {
        var db = await OpenAsync();
        var created = Time.Now.AddDays(-10);
        var c = CaseSamples.TriagedCase(createdAt: created); // expedited
        await db.Cases.AddAsync(c);
        var cutoff = Time.Now.AddDays(-3);

        var due = Assert.Single(await db.TurnaroundReminders.DueAsync("overdue", Open, expedited: true, cutoff));
        Assert.Equal(c.Id, due.CaseId);
        Assert.Empty(await db.TurnaroundReminders.DueAsync("overdue", Open, expedited: false, cutoff));
        Assert.Empty(await db.TurnaroundReminders.DueAsync("overdue", Open, expedited: true, created.AddMinutes(-1)));

        OutboxMail[] mails = [new("coordinator@example.org", "Case overdue", "Open the case"), new("expert@example.org", "Case overdue", "Open the case")];
        Assert.True(await db.TurnaroundReminders.RecordAsync(c.Id, "overdue", mails));
        Assert.False(await db.TurnaroundReminders.RecordAsync(c.Id, "overdue", mails));

        Assert.Equal(2, await db.Outbox.CountPendingAsync());
        Assert.Empty(await db.TurnaroundReminders.DueAsync("overdue", Open, expedited: true, cutoff));
        Assert.Single(await db.TurnaroundReminders.DueAsync("due-soon", Open, expedited: true, cutoff));
        Assert.Equal(2, Assert.Single(await db.TurnaroundReminders.ForCaseAsync(c.Id)).Recipients);
    }

    [SkippableFact]
    public async Task GivenFourNodesOnSeparateConnections_WhenEachRecordsTheSameReminderAtOnce_ThenOneSucceedsAndTheMailIsQueuedOnce()
    {
        var setup = await OpenAsync();
        var c = CaseSamples.TriagedCase(createdAt: Time.Now.AddDays(-10));
        await setup.Cases.AddAsync(c);
        var nodes = new List<ConsiliumDatabase>();
        for (var i = 0; i < 4; i++)
        {
            nodes.Add(await OpenAsync());
        }

        var recorded = await Task.WhenAll(nodes.Select(n => Task.Run(() =>
            n.TurnaroundReminders.RecordAsync(c.Id, "overdue", [new OutboxMail("coordinator@example.org", "Case overdue", "Open the case")]))));

        Assert.Equal(1, recorded.Count(r => r));
        Assert.Equal(1, await setup.Outbox.CountPendingAsync());
        Assert.Equal(1, await setup.TurnaroundReminders.CountAsync("overdue"));
    }
}

public sealed class SqliteBackgroundJobsTests : BackgroundJobsContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlBackgroundJobsTests : BackgroundJobsContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
