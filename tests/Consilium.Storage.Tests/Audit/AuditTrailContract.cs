using Consilium.Storage.Audit;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Audit;

/// <summary>The audit trail is a hash chain: it verifies when untouched, and any edit, deletion or reordering by hand is found and named.</summary>
public abstract class AuditTrailContract : StoreContract
{
    private static readonly Guid CaseA = Guid.Parse("6f1c2a53-0000-4000-8000-00000000000a");
    private static readonly Guid CaseB = Guid.Parse("6f1c2a53-0000-4000-8000-00000000000b");

    private async Task<ConsiliumDatabase> WithEntriesAsync(int count)
    {
        var db = await OpenAsync();
        for (var i = 1; i <= count; i++)
        {
            await db.Audit.AppendAsync(new AuditEvent($"acct-{i % 3}", i % 2 == 0 ? "case.view" : "document.download", i % 2 == 0 ? CaseA : CaseB, $"Case/{i}", $"detail {i}", "203.0.113.7"));
            Time.Now = Time.Now.AddSeconds(1);
        }
        return db;
    }

    [SkippableFact]
    public async Task GivenEmptyTrail_WhenVerified_ThenIntactWithNothingChecked()
    {
        var db = await OpenAsync();

        var result = await db.Audit.VerifyAsync();

        Assert.Equal(new AuditVerification(true, 0, null, null), result);
    }

    [SkippableFact]
    public async Task GivenAppends_WhenStored_ThenSequencedAndChainedFromGenesis()
    {
        var db = await OpenAsync();

        var first = await db.Audit.AppendAsync(new AuditEvent("acct-1", "case.view", CaseA, $"Case/{CaseA}", null, "::1"));
        Time.Now = Time.Now.AddTicks(1_234_567);
        var second = await db.Audit.AppendAsync(new AuditEvent("system", "outbox.send", null, "Mail/1", "to: a@example.org", null));

        Assert.Equal(1, first.Sequence);
        Assert.Equal(AuditTrail.GenesisHash, first.PreviousHash);
        Assert.Equal(2, second.Sequence);
        Assert.Equal(first.Hash, second.PreviousHash);
        Assert.Matches("^[0-9a-f]{64}$", second.Hash);
        Assert.Equal(TimeSpan.Zero, second.At.Offset);
        var stored = await db.Audit.QueryAsync(new AuditQuery());
        Assert.Equal([second, first], stored);
        var verification = await db.Audit.VerifyAsync();
        Assert.Equal(new AuditVerification(true, 2, null, null), verification with { LastHash = null });
        Assert.Equal(second.Hash, verification.LastHash);
    }

    [SkippableFact]
    public async Task GivenEntries_WhenQueried_ThenFiltersCombineNewestFirstWithPaging()
    {
        var db = await WithEntriesAsync(10);
        var start = (await db.Audit.QueryAsync(new AuditQuery(Take: 1000))).Min(e => e.At);

        var forCaseA = await db.Audit.QueryAsync(new AuditQuery(CaseId: CaseA));
        var viewsByActor1 = await db.Audit.QueryAsync(new AuditQuery(Actor: "acct-1", Action: "document.download"));
        var window = await db.Audit.QueryAsync(new AuditQuery(From: start.AddSeconds(2), To: start.AddSeconds(5)));
        var page = await db.Audit.QueryAsync(new AuditQuery(Skip: 2, Take: 3));

        Assert.Equal([10L, 8, 6, 4, 2], forCaseA.Select(e => e.Sequence));
        Assert.Equal([7L, 1], viewsByActor1.Select(e => e.Sequence));
        Assert.Equal([5L, 4, 3], window.Select(e => e.Sequence));
        Assert.Equal([8L, 7, 6], page.Select(e => e.Sequence));
        Assert.Equal(5, await db.Audit.CountAsync(new AuditQuery(CaseId: CaseA)));
    }

    [SkippableFact]
    public async Task GivenActorsWithLikeAndQuoteCharacters_WhenFilteredByAPartOfTheActor_ThenOnlyActorsContainingItLiterallyMatch()
    {
        var db = await OpenAsync();
        foreach (var actor in new[] { "Ann 100%_sure (id-1)", "Bob 1000 sure (id-2)", "O'Brien \\ [x] (id-3)", "Eve (id-40)" })
        {
            await db.Audit.AppendAsync(new AuditEvent(actor, "case.view", CaseA, $"Case/{CaseA}", null, null));
            Time.Now = Time.Now.AddSeconds(1);
        }

        async Task<string[]> Matching(string part) => [.. (await db.Audit.QueryAsync(new AuditQuery(ActorContains: part))).Select(e => e.Actor).Order(StringComparer.Ordinal)];

        Assert.Equal(["Ann 100%_sure (id-1)"], await Matching("%_"));
        Assert.Equal(["Ann 100%_sure (id-1)"], await Matching("0%"));
        Assert.Equal(["O'Brien \\ [x] (id-3)"], await Matching("O'Brien \\ [x]"));
        Assert.Equal(["Eve (id-40)"], await Matching("id-4"));
        Assert.Empty(await Matching("' OR '1'='1"));
        Assert.Equal(["Ann 100%_sure (id-1)"], await Matching("_"));
        Assert.Empty(await Matching("1_0"));
        Assert.Empty(await Matching("%sure"));
        Assert.Equal(4, (await Matching("(id-")).Length);
    }

    public static TheoryData<string> Tampering() =>
    [
        "actor", "action", "case_id", "resource", "detail", "remote_address", "at", "hash", "previous_hash",
    ];

    [SkippableTheory]
    [MemberData(nameof(Tampering))]
    public async Task GivenOneFieldOfAStoredEntryAltered_WhenVerified_ThenBrokenAtThatEntry(string column)
    {
        var db = await WithEntriesAsync(6);
        var postgres = db.Provider == StorageProvider.PostgreSql;
        var set = column switch
        {
            "case_id" => postgres ? "case_id = NULL" : "case_id = NULL",
            "at" => postgres ? "at = at + interval '1 microsecond'" : "at = at + 10",
            "hash" => "hash = previous_hash",
            "previous_hash" => $"previous_hash = '{AuditTrail.GenesisHash}'",
            _ => $"{column} = {column} || 'x'",
        };

        Assert.Equal(1, await ExecuteSqlAsync(db, $"UPDATE audit_entries SET {set} WHERE sequence = 4"));
        var result = await db.Audit.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(4, result.BrokenAtSequence);
        Assert.Equal(3, result.EntriesChecked);
        Assert.Contains("entry 4", result.Problem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GivenEntryAlteredAndItsHashRecomputed_WhenVerified_ThenTheNextEntryNoLongerChains()
    {
        var db = await WithEntriesAsync(5);
        var e = (await db.Audit.QueryAsync(new AuditQuery())).Single(x => x.Sequence == 3);
        var forged = AuditTrail.ComputeHash(3, e.At, "someone-else", e.Action, e.CaseId, e.Resource, e.Detail, e.RemoteAddress, e.PreviousHash);

        await ExecuteSqlAsync(db, $"UPDATE audit_entries SET actor = 'someone-else', hash = '{forged}' WHERE sequence = 3");
        var result = await db.Audit.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(4, result.BrokenAtSequence);
        Assert.Contains("does not follow entry 3", result.Problem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GivenEntryDeleted_WhenVerified_ThenTheMissingSequenceIsNamed()
    {
        var db = await WithEntriesAsync(6);

        await ExecuteSqlAsync(db, "DELETE FROM audit_entries WHERE sequence = 3");
        var result = await db.Audit.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(3, result.BrokenAtSequence);
        Assert.Contains("entry 3 is missing", result.Problem, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GivenFirstEntryDeleted_WhenVerified_ThenEntryOneIsNamed()
    {
        var db = await WithEntriesAsync(3);

        await ExecuteSqlAsync(db, "DELETE FROM audit_entries WHERE sequence = 1");
        var result = await db.Audit.VerifyAsync();

        Assert.Equal(1, result.BrokenAtSequence);
    }

    [SkippableFact]
    public async Task GivenTwoEntriesSwapped_WhenVerified_ThenBrokenAtTheFirstOfThem()
    {
        var db = await WithEntriesAsync(6);

        await ExecuteSqlAsync(db, "UPDATE audit_entries SET sequence = -2 WHERE sequence = 2");
        await ExecuteSqlAsync(db, "UPDATE audit_entries SET sequence = 2 WHERE sequence = 3");
        await ExecuteSqlAsync(db, "UPDATE audit_entries SET sequence = 3 WHERE sequence = -2");
        var result = await db.Audit.VerifyAsync();

        Assert.False(result.Intact);
        Assert.Equal(2, result.BrokenAtSequence);
    }

    [SkippableFact]
    public async Task GivenLongChain_WhenVerified_ThenProgressIsReportedAndEveryEntryChecked()
    {
        var db = await OpenAsync();
        for (var i = 0; i < 25; i++)
        {
            await db.Audit.AppendAsync(new AuditEvent("a", "x", null, "r", null, null));
        }
        db.Audit.VerifyBatchSize = 10;
        var reports = new List<long>();

        var result = await db.Audit.VerifyAsync(new SyncProgress(reports.Add));

        Assert.True(result.Intact);
        Assert.Equal(25, result.EntriesChecked);
        Assert.Equal([10L, 20, 25], reports);
    }

    [SkippableFact]
    public async Task GivenSeveralWritersOnSeparateConnections_WhenAppendingAtOnce_ThenTheChainStaysOneLineAndIntact()
    {
        var writers = new List<ConsiliumDatabase>();
        for (var i = 0; i < 4; i++)
        {
            writers.Add(await OpenAsync());
        }

        await Task.WhenAll(writers.Select((w, i) => Task.Run(async () =>
        {
            for (var n = 0; n < 25; n++)
            {
                await w.Audit.AppendAsync(new AuditEvent($"node-{i}", "case.view", CaseA, $"Case/{n}", null, null));
            }
        })));

        var result = await writers[0].Audit.VerifyAsync();
        Assert.Equal(new AuditVerification(true, 100, null, null), result with { LastHash = null });
        var all = await writers[0].Audit.QueryAsync(new AuditQuery(Take: 1000));
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i).Reverse(), all.Select(e => e.Sequence));
    }

    [SkippableFact]
    public async Task GivenManyAppendsAtOnceInOneProcess_WhenGroupCommitted_ThenEachCallerGetsItsOwnStoredEntryAndTheChainIsIntact()
    {
        var db = await OpenAsync();

        var entries = await Task.WhenAll(Enumerable.Range(0, 60).Select(n => Task.Run(() =>
            db.Audit.AppendAsync(new AuditEvent($"viewer-{n}", "case.view", CaseA, $"Case/{n}", null, null)))));

        Assert.Equal(Enumerable.Range(1, 60).Select(i => (long)i), entries.Select(e => e.Sequence).Order());
        var stored = (await db.Audit.QueryAsync(new AuditQuery(Take: 1000))).ToDictionary(e => e.Sequence);
        Assert.All(entries, e => Assert.Equal(stored[e.Sequence], e));
        Assert.All(entries, e => Assert.Equal($"Case/{e.Actor["viewer-".Length..]}", e.Resource));
        Assert.True((await db.Audit.VerifyAsync()).Intact);
    }

    [SkippableFact]
    public async Task GivenBlankActor_WhenAppended_ThenRefusedAndNothingStored()
    {
        var db = await OpenAsync();

        await Assert.ThrowsAsync<ArgumentException>(() => db.Audit.AppendAsync(new AuditEvent(" ", "case.view", null, "Case/1", null, null)));

        Assert.Empty(await db.Audit.QueryAsync(new AuditQuery()));
    }

    [Fact]
    public void GivenTheCanonicalForm_WhenHashed_ThenItIsPinned()
    {
        // Stored hashes depend on this form: changing it breaks every existing chain.
        var hash = AuditTrail.ComputeHash(1, new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1230), "acct-1", "case.view", CaseA, "Case/x", null, "::1", AuditTrail.GenesisHash);
        var json = "[1,\"2025-01-02T03:04:05.000123Z\",\"acct-1\",\"case.view\",\"6f1c2a53-0000-4000-8000-00000000000a\",\"Case/x\",null,\"::1\",\"" + AuditTrail.GenesisHash + "\"]";

        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(json))), hash);
    }

    private sealed class SyncProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}

public sealed class SqliteAuditTrailTests : AuditTrailContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlAuditTrailTests : AuditTrailContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
