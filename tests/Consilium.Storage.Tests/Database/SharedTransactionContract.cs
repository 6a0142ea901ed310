using System.Text;
using Consilium.Domain.Cases;
using Consilium.Storage.Audit;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Consilium.Storage.Outbox;
using Consilium.Storage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Tests.Database;

/// <summary>
/// <see cref="ConsiliumDatabase.InTransactionAsync"/>: a case change, its audit entry, the mail it queues and a document are stored
/// together or not at all (what a process killed between two of them must never leave half-done).
/// </summary>
public abstract class SharedTransactionContract : StoreContract
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consilium-shared-transaction-tests", Guid.NewGuid().ToString("N"));
    private readonly AesKeyProtector _protector = new(AesKeyProtector.NewMasterKey());

    public override async Task DisposeAsync()
    {
        _protector.Dispose();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
        await base.DisposeAsync();
    }

    private static SecondOpinionCase NewCase() =>
        new(Guid.NewGuid(), CaseSamples.RichFile(), "patient:x", CaseSamples.At(2025, 1, 1, 10, 0, TimeSpan.Zero), "acct-x");

    private static AuditEvent Created(Guid caseId) => new("coordinator:c", "case.create", caseId, $"Case/{caseId}", null, null);

    [SkippableFact]
    public async Task GivenACaseItsAuditEntryAndItsMail_WhenTheLastStepFails_ThenNoneOfThemIsStored()
    {
        var db = await OpenAsync();
        var c = NewCase();

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync(async ct =>
        {
            await db.Cases.AddAsync(c, ct);
            await db.Audit.AppendAsync(Created(c.Id), ct);
            await db.Outbox.EnqueueAsync(new OutboxMail("expert@example.org", "A case for you", "..."), ct);
            throw new InvalidOperationException("the process dies here");
        }));

        Assert.False(await db.Cases.ExistsAsync(c.Id));
        Assert.Equal(0, await db.Audit.CountAsync(new AuditQuery()));
        Assert.Equal(0, await db.Outbox.CountPendingAsync());
    }

    [SkippableFact]
    public async Task GivenSeveralSteps_WhenTheWorkReturns_ThenAllAreStoredAndTheChainVerifies()
    {
        var db = await OpenAsync();
        var c = NewCase();

        var mailId = await db.InTransactionAsync(async ct =>
        {
            await db.Cases.AddAsync(c, ct);
            // A nested call joins the outer transaction.
            await db.InTransactionAsync(inner => db.Audit.AppendAsync(Created(c.Id), inner), ct);
            c.MoveTo(CaseStatus.Submitted, "patient:x", CaseSamples.At(2025, 1, 1, 11, 0, TimeSpan.Zero), "sent");
            await db.Cases.SaveAsync(c, 1, ct);
            return await db.Outbox.EnqueueAsync(new OutboxMail("patient@example.org", "Received", "..."), ct);
        });

        Assert.True(mailId > 0);
        Assert.Equal(CaseStatus.Submitted, (await db.Cases.GetAsync(c.Id))!.Status);
        Assert.Equal(1, await db.Outbox.CountPendingAsync());
        Assert.True((await db.Audit.VerifyAsync()).Intact);
    }

    [SkippableFact]
    public async Task GivenADocumentStoredInsideATransaction_WhenTheTransactionRollsBack_ThenNeitherItsRowNorItsFileIsLeft()
    {
        var db = await OpenAsync();
        var caseId = await AddCaseAsync(db);
        var store = db.Documents(_protector, new DocumentStoreOptions { Directory = _directory });
        StoredDocument? stored = null;

        await Assert.ThrowsAsync<InvalidOperationException>(() => db.InTransactionAsync(async ct =>
        {
            stored = await store.StoreAsync(new DocumentUpload(caseId, "notes.txt", "acct-x", null), new MemoryStream(Encoding.UTF8.GetBytes("blood results")), ct);
            await db.Audit.AppendAsync(new AuditEvent("patient:x", "document.upload", caseId, $"Document/{stored.Id}", null, null), ct);
            throw new InvalidOperationException("the audit step fails");
        }));

        Assert.NotNull(stored);
        Assert.Null(await store.GetAsync(stored.Id));
        Assert.False(File.Exists(store.FinalPath(stored.Id)));
        Assert.Empty(Directory.EnumerateFiles(_directory, "*", SearchOption.AllDirectories));
        Assert.Equal(0, await db.Audit.CountAsync(new AuditQuery()));
    }

    [SkippableFact]
    public async Task GivenTransactionsOnSeveralConnectionsAtOnce_WhenEachAppendsToTheAuditTrail_ThenEveryOneIsStoredAndTheChainVerifies()
    {
        var nodes = new List<ConsiliumDatabase>();
        for (var i = 0; i < 3; i++)
        {
            nodes.Add(await OpenAsync());
        }

        await Task.WhenAll(nodes.Select(node => Task.Run(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                var c = NewCase();
                await node.InTransactionAsync(async ct =>
                {
                    await node.Cases.AddAsync(c, ct);
                    await node.Audit.AppendAsync(Created(c.Id), ct);
                });
            }
        })));

        var db = nodes[0];
        Assert.Equal(30, await db.Cases.CountAsync());
        var verification = await db.Audit.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(30, verification.EntriesChecked);
    }

    [SkippableFact]
    public async Task GivenGroupCommittedAppendsAndTransactionsInOneProcess_WhenHalfTheTransactionsFail_ThenOnlyCommittedEntriesAreChained()
    {
        var db = await OpenAsync();
        var outside = Enumerable.Range(0, 20).Select(_ => Task.Run(() => db.Audit.AppendAsync(new AuditEvent("expert:e", "case.view", null, "Case/x", null, null))));
        var inside = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            var c = NewCase();
            try
            {
                await db.InTransactionAsync(async ct =>
                {
                    await db.Cases.AddAsync(c, ct);
                    await db.Audit.AppendAsync(Created(c.Id), ct);
                    if (i % 2 == 1)
                    {
                        throw new InvalidOperationException("the change fails after its audit entry");
                    }
                });
            }
            catch (InvalidOperationException)
            {
            }
        }));

        await Task.WhenAll(outside.Concat(inside));

        Assert.Equal(5, await db.Cases.CountAsync());
        Assert.Equal(5, await db.Audit.CountAsync(new AuditQuery(Action: "case.create")));
        var verification = await db.Audit.VerifyAsync();
        Assert.True(verification.Intact, verification.Problem);
        Assert.Equal(25, verification.EntriesChecked);
    }

    [SkippableFact]
    public async Task GivenAContextCreatedInsideATransaction_WhenItReads_ThenItSeesTheTransactionsOwnUncommittedWrites()
    {
        var db = await OpenAsync();
        var c = NewCase();

        var seenInside = await db.InTransactionAsync(async ct =>
        {
            await db.Cases.AddAsync(c, ct);
            await using var context = db.CreateDbContext();
            return await context.Cases.AnyAsync(r => r.Id == c.Id, ct);
        });

        Assert.True(seenInside);
        Assert.True(await db.Cases.ExistsAsync(c.Id));
    }
}

public sealed class SqliteSharedTransactionTests : SharedTransactionContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlSharedTransactionTests : SharedTransactionContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
