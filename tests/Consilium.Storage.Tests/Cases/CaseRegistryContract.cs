using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Storage.Cases;
using Consilium.Storage.Database;
using Consilium.Storage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Tests.Cases;

/// <summary>What the case register promises, run against each provider by the subclasses.</summary>
public abstract class CaseRegistryContract : IAsyncLifetime
{
    private readonly OpenedDatabases _databases = new();

    internal ManualTime Time { get; } = new(CaseSamples.At(2025, 2, 1, 9, 0, TimeSpan.FromHours(1)));

    internal abstract Task<ITestStore> CreateStoreAsync();

    protected async Task<ConsiliumDatabase> OpenAsync()
    {
        _databases.Store ??= await CreateStoreAsync();
        return await _databases.OpenAsync(Time);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _databases.DisposeAsync();

    [SkippableFact]
    public async Task GivenEmptyDatabase_WhenOpened_ThenEveryMigrationIsAppliedAndNonePending()
    {
        var db = await OpenAsync();

        await using var context = db.CreateDbContext();
        var known = context.Database.GetMigrations().ToList();
        Assert.NotEmpty(known);
        Assert.Equal(known, await db.GetAppliedMigrationsAsync());
        Assert.Empty(await db.GetPendingMigrationsAsync());
        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [SkippableFact]
    public async Task GivenMigratedDatabase_WhenOpenedAgain_ThenMigrationIsANoOpAndDataStays()
    {
        var first = await OpenAsync();
        await first.Cases.AddAsync(CaseSamples.TriagedCase());

        var second = await OpenAsync();

        Assert.Empty(await second.GetPendingMigrationsAsync());
        Assert.Equal(1, await second.Cases.CountAsync());
    }

    [SkippableFact]
    public async Task GivenOpenAndDraftCasesOfEveryUrgency_WhenTheQueueIsReadPageByPage_ThenOnlyOpenOnesMostUrgentFirstThenOldest()
    {
        var db = await OpenAsync();
        CaseStatus[] open = [CaseStatus.Submitted, CaseStatus.RecordsReview, CaseStatus.Triaged, CaseStatus.NeedsInformation, CaseStatus.Assigned, CaseStatus.InReview];
        var start = CaseSamples.At(2025, 3, 1, 8, 0, TimeSpan.Zero);
        Urgency?[] urgencies = [Urgency.Standard, null, Urgency.Emergency, Urgency.Expedited];
        var queued = Enumerable.Range(0, 12).Select(i => Queued(start.AddHours(i * 7 % 12), urgencies[i % 4])).ToList();
        await db.Cases.AddRangeAsync([.. queued, CaseSamples.DraftCase(start.AddHours(-1)), CaseSamples.DraftCase(start.AddHours(20))]);

        var pages = new List<Guid>();
        for (var skip = 0; skip < 15; skip += 5)
        {
            pages.AddRange((await db.Cases.QueueAsync(open, skip, 5)).Select(c => c.Id));
        }

        int Rank(Urgency? u) => u switch { Urgency.Emergency => 2, Urgency.Expedited => 1, Urgency.Standard => 0, _ => -1 };
        var expected = queued.OrderByDescending(c => Rank(c.Triage?.Urgency)).ThenBy(c => c.CreatedAt).Select(c => c.Id).ToList();
        Assert.Equal(expected, pages);
        Assert.Equal(12, await db.Cases.CountAsync(open));
    }

    /// <summary>A case waiting for the coordinator: triaged with <paramref name="urgency"/>, or only submitted when null.</summary>
    private static SecondOpinionCase Queued(DateTimeOffset created, Urgency? urgency)
    {
        var c = new SecondOpinionCase(Guid.NewGuid(), CaseSamples.RichFile(), "patient:ana", created);
        c.MoveTo(CaseStatus.Submitted, "patient:ana", created, "Submitted from the web intake");
        if (urgency is { } u)
        {
            c.MoveTo(CaseStatus.RecordsReview, "coordinator:lee", created, "Checking records");
            c.RecordTriage(CaseSamples.RichTriage() with { Urgency = u }, "coordinator:lee", created);
        }
        return c;
    }

    [SkippableFact]
    public async Task GivenRichTriagedCase_WhenAddedAndReadBack_ThenEveryFieldRoundTrips()
    {
        var db = await OpenAsync();
        var original = CaseSamples.TriagedCase();

        var version = await db.Cases.AddAsync(original);
        var stored = await db.Cases.GetStoredAsync(original.Id);

        Assert.Equal(1, version);
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal(Time.Now, stored.UpdatedAt);
        AssertSameCase(original, stored.Case);
        // The documents keep offsets and ticks exactly (they are JSON); compare them field by field.
        DeepAssert.Equal(original.File, stored.Case.File);
        DeepAssert.Equal(original.Triage, stored.Case.Triage);
    }

    [SkippableFact]
    public async Task GivenDraftCase_WhenAddedAndRead_ThenItHasNoTimelineAndNoTriage()
    {
        var db = await OpenAsync();
        var draft = CaseSamples.DraftCase(CaseSamples.At(2025, 1, 1, 10, 0, TimeSpan.Zero));

        await db.Cases.AddAsync(draft);
        var read = await db.Cases.GetAsync(draft.Id);

        Assert.NotNull(read);
        Assert.Equal(CaseStatus.Draft, read.Status);
        Assert.Empty(read.Timeline);
        Assert.Null(read.Triage);
        DeepAssert.Equal(draft.File, read.File);
    }

    [SkippableFact]
    public async Task GivenUnknownId_WhenRead_ThenNull()
    {
        var db = await OpenAsync();

        Assert.Null(await db.Cases.GetAsync(Guid.NewGuid()));
        Assert.Null(await db.Cases.GetStoredAsync(Guid.NewGuid()));
    }

    [SkippableFact]
    public async Task GivenStoredDraft_WhenRevisedMovedAndSaved_ThenNewEventsAreAppendedAndVersionBumped()
    {
        var db = await OpenAsync();
        var created = CaseSamples.At(2025, 1, 1, 10, 0, TimeSpan.Zero);
        var draft = CaseSamples.DraftCase(created, "before");
        await db.Cases.AddAsync(draft);

        var stored = (await db.Cases.GetStoredAsync(draft.Id))!;
        var revised = CaseSamples.RichFile("after") with { PatientQuestion = "Revised question" };
        stored.Case.ReviseFile(revised);
        stored.Case.MoveTo(CaseStatus.Submitted, "patient:x", created.AddMinutes(1), "Submitted");
        stored.Case.MoveTo(CaseStatus.RecordsReview, "coordinator:lee", created.AddMinutes(2), "Records");
        Time.Now = Time.Now.AddHours(3);
        var newVersion = await db.Cases.SaveAsync(stored.Case, stored.Version);

        var second = (await db.Cases.GetStoredAsync(draft.Id))!;
        second.Case.RecordTriage(CaseSamples.RichTriage(), "coordinator:lee", created.AddMinutes(3));
        var thirdVersion = await db.Cases.SaveAsync(second.Case, second.Version);

        var read = (await db.Cases.GetStoredAsync(draft.Id))!;
        Assert.Equal(2, newVersion);
        Assert.Equal(2, second.Version);
        Assert.Equal(3, thirdVersion);
        Assert.Equal(3, read.Version);
        Assert.Equal(Time.Now, read.UpdatedAt);
        Assert.Equal(CaseStatus.Triaged, read.Case.Status);
        Assert.Equal([CaseStatus.Submitted, CaseStatus.RecordsReview, CaseStatus.Triaged], read.Case.Timeline.Select(e => e.To));
        Assert.Equal("Revised question", read.Case.File.PatientQuestion);
        Assert.Equal("urn:uuid:patient-after", read.Case.File.Patient.Source);
        DeepAssert.Equal(CaseSamples.RichTriage(), read.Case.Triage);

        var summary = Assert.Single(await db.Cases.ListAsync());
        Assert.Equal(Urgency.Expedited, summary.Urgency);
        Assert.Equal([SituationCode.Cancer, SituationCode.SurgeryPlanned], summary.Situations);
        Assert.Equal(CaseStatus.Triaged, summary.Status);
        Assert.Equal(3, summary.Version);
    }

    [SkippableFact]
    public async Task GivenTwoCoordinatorsReadTheSameCase_WhenBothSave_ThenTheSecondGetsCaseConcurrencyExceptionAndNothingOfItIsWritten()
    {
        var setup = await OpenAsync();
        var created = CaseSamples.At(2025, 1, 1, 10, 0, TimeSpan.Zero);
        var c = new SecondOpinionCase(Guid.NewGuid(), CaseSamples.RichFile(), "patient:ana", created);
        c.MoveTo(CaseStatus.Submitted, "patient:ana", created.AddMinutes(1), "Submitted");
        await setup.Cases.AddAsync(c);

        // Two separate connections, as two web nodes would have.
        var alice = await OpenAsync();
        var bob = await OpenAsync();
        var byAlice = (await alice.Cases.GetStoredAsync(c.Id))!;
        var byBob = (await bob.Cases.GetStoredAsync(c.Id))!;

        byAlice.Case.MoveTo(CaseStatus.RecordsReview, "coordinator:alice", created.AddMinutes(2), "Alice reviews");
        await alice.Cases.SaveAsync(byAlice.Case, byAlice.Version);

        byBob.Case.MoveTo(CaseStatus.NeedsInformation, "coordinator:bob", created.AddMinutes(3), "Bob asks for the CT");
        byBob.Case.MoveTo(CaseStatus.Submitted, "patient:ana", created.AddMinutes(4), "Here it is");
        var conflict = await Assert.ThrowsAsync<CaseConcurrencyException>(() => bob.Cases.SaveAsync(byBob.Case, byBob.Version));

        Assert.Equal(c.Id, conflict.CaseId);
        Assert.Equal(1, conflict.ExpectedVersion);
        Assert.Equal(2, conflict.ActualVersion);
        Assert.Contains("changed by someone else", conflict.Message, StringComparison.Ordinal);
        var read = (await setup.Cases.GetStoredAsync(c.Id))!;
        Assert.Equal(2, read.Version);
        Assert.Equal(CaseStatus.RecordsReview, read.Case.Status);
        Assert.Equal(["patient:ana", "coordinator:alice"], read.Case.Timeline.Select(e => e.Actor));
    }

    [SkippableFact]
    public async Task GivenSixWritersOnTheSameVersion_WhenTheySaveAtOnce_ThenExactlyOneWinsAndTheTimelineHasOnlyItsEvent()
    {
        var setup = await OpenAsync();
        var created = CaseSamples.At(2025, 1, 1, 10, 0, TimeSpan.Zero);
        var c = new SecondOpinionCase(Guid.NewGuid(), CaseSamples.RichFile(), "patient:ana", created);
        c.MoveTo(CaseStatus.Submitted, "patient:ana", created.AddMinutes(1), "Submitted");
        await setup.Cases.AddAsync(c);
        var writers = new List<(ConsiliumDatabase Db, StoredCase Read)>();
        for (var i = 0; i < 6; i++)
        {
            var db = await OpenAsync();
            var read = (await db.Cases.GetStoredAsync(c.Id))!;
            read.Case.MoveTo(CaseStatus.RecordsReview, $"coordinator:{i}", created.AddMinutes(2), $"writer {i}");
            writers.Add((db, read));
        }

        var outcomes = await Task.WhenAll(writers.Select(w => Task.Run(async () =>
        {
            try
            {
                return await w.Db.Cases.SaveAsync(w.Read.Case, w.Read.Version);
            }
            catch (CaseConcurrencyException)
            {
                return -1;
            }
        })));

        Assert.Single(outcomes, o => o == 2);
        Assert.Equal(5, outcomes.Count(o => o == -1));
        var stored = (await setup.Cases.GetStoredAsync(c.Id))!;
        Assert.Equal(2, stored.Version);
        Assert.Equal(2, stored.Case.Timeline.Count);
        Assert.Equal($"writer {Array.IndexOf(outcomes, 2)}", stored.Case.Timeline[^1].Reason);
    }

    [SkippableFact]
    public async Task GivenCaseReadBeforeALaterSave_WhenSavedClaimingTheLatestVersion_ThenRefusedAndNothingWritten()
    {
        var db = await OpenAsync();
        var created = CaseSamples.At(2025, 1, 1, 10, 0, TimeSpan.Zero);
        var c = new SecondOpinionCase(Guid.NewGuid(), CaseSamples.RichFile(), "patient:ana", created);
        await db.Cases.AddAsync(c);
        var stale = (await db.Cases.GetStoredAsync(c.Id))!;
        var fresh = (await db.Cases.GetStoredAsync(c.Id))!;
        fresh.Case.MoveTo(CaseStatus.Submitted, "patient:ana", created.AddMinutes(1), "Submitted");
        fresh.Case.MoveTo(CaseStatus.RecordsReview, "coordinator:lee", created.AddMinutes(2), "Records");
        await db.Cases.SaveAsync(fresh.Case, fresh.Version);

        stale.Case.MoveTo(CaseStatus.Withdrawn, "patient:ana", created.AddMinutes(3), "Changed my mind");
        await Assert.ThrowsAsync<CaseConcurrencyException>(() => db.Cases.SaveAsync(stale.Case, 2));

        var read = (await db.Cases.GetStoredAsync(c.Id))!;
        Assert.Equal(2, read.Version);
        Assert.Equal(CaseStatus.RecordsReview, read.Case.Status);
        Assert.Equal(2, read.Case.Timeline.Count);
    }

    [SkippableFact]
    public async Task GivenCaseNeverAdded_WhenSaved_ThenCaseNotFoundException()
    {
        var db = await OpenAsync();
        var c = CaseSamples.TriagedCase();

        var e = await Assert.ThrowsAsync<CaseNotFoundException>(() => db.Cases.SaveAsync(c, 1));

        Assert.Equal(c.Id, e.CaseId);
        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [SkippableFact]
    public async Task GivenStoredCase_WhenAddedAgain_ThenDuplicateCaseExceptionAndTheStoredOneIsUnchanged()
    {
        var db = await OpenAsync();
        var c = CaseSamples.TriagedCase();
        await db.Cases.AddAsync(c);
        var again = new SecondOpinionCase(c.Id, CaseSamples.RichFile("other"), "someone:else", c.CreatedAt);

        var e = await Assert.ThrowsAsync<DuplicateCaseException>(() => db.Cases.AddAsync(again));

        Assert.Equal([c.Id], e.CaseIds);
        var read = (await db.Cases.GetAsync(c.Id))!;
        Assert.Equal("patient:ana", read.CreatedBy);
        Assert.Equal(3, read.Timeline.Count);
    }

    [SkippableFact]
    public async Task GivenManyCases_WhenImported_ThenAllAreStoredInBatchesWithProgress()
    {
        var db = await OpenAsync();
        var start = CaseSamples.At(2024, 1, 1, 0, 0, TimeSpan.Zero);
        var cases = Enumerable.Range(0, 1203).Select(i => i % 3 == 0 ? CaseSamples.TriagedCase(createdAt: start.AddMinutes(i)) : CaseSamples.DraftCase(start.AddMinutes(i), $"p{i}")).ToList();
        var progress = new RecordingProgress();

        var stored = await db.Cases.AddRangeAsync(cases, progress, batchSize: 500);

        Assert.Equal(1203, stored);
        Assert.Equal([500, 1000, 1203], progress.Reports);
        Assert.Equal(1203, await db.Cases.CountAsync());
        Assert.Equal(401, await db.Cases.CountAsync(CaseStatus.Triaged));
        var last = (await db.Cases.GetAsync(cases[1200].Id))!;
        AssertSameCase(cases[1200], last);
    }

    [SkippableFact]
    public async Task GivenImportContainingAnAlreadyStoredCase_WhenImported_ThenNothingOfTheImportIsStored()
    {
        var db = await OpenAsync();
        var start = CaseSamples.At(2024, 1, 1, 0, 0, TimeSpan.Zero);
        var existing = CaseSamples.TriagedCase();
        await db.Cases.AddAsync(existing);
        var batch = new[]
        {
            CaseSamples.DraftCase(start, "a"),
            CaseSamples.DraftCase(start.AddMinutes(1), "b"),
            CaseSamples.TriagedCase(),
            existing,
        };

        var e = await Assert.ThrowsAsync<DuplicateCaseException>(() => db.Cases.AddRangeAsync(batch, batchSize: 2));

        Assert.Equal([existing.Id], e.CaseIds);
        Assert.Equal(1, await db.Cases.CountAsync());
        Assert.Null(await db.Cases.GetAsync(batch[0].Id));
    }

    [SkippableFact]
    public async Task GivenSomeStoredCases_WhenAskedWhichExist_ThenOnlyThoseAreNamed()
    {
        var db = await OpenAsync();
        var stored = Enumerable.Range(0, 3).Select(_ => CaseSamples.TriagedCase()).ToList();
        await db.Cases.AddRangeAsync(stored);
        var unknown = Enumerable.Range(0, 600).Select(_ => Guid.NewGuid()).ToList();

        var found = await db.Cases.FindStoredIdsAsync([.. unknown, stored[0].Id, stored[2].Id, stored[0].Id]);

        Assert.Equal(new HashSet<Guid> { stored[0].Id, stored[2].Id }, found);
        Assert.True(await db.Cases.ExistsAsync(stored[1].Id));
        Assert.False(await db.Cases.ExistsAsync(unknown[0]));
    }

    [SkippableFact]
    public async Task GivenImportListingTheSameCaseTwice_WhenImported_ThenRefusedAndNothingStored()
    {
        var db = await OpenAsync();
        var c = CaseSamples.TriagedCase();

        await Assert.ThrowsAsync<DuplicateCaseException>(() => db.Cases.AddRangeAsync([c, CaseSamples.TriagedCase(), c], batchSize: 2));

        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [SkippableFact]
    public async Task GivenCasesInSeveralStatuses_WhenListed_ThenNewestFirstFilteredByStatusAndPaged()
    {
        var db = await OpenAsync();
        // Creation times in different offsets: the order must follow the instant, not the local clock reading.
        var baseTime = CaseSamples.At(2025, 3, 1, 12, 0, TimeSpan.Zero);
        var oldest = CaseSamples.DraftCase(baseTime.ToOffset(TimeSpan.FromHours(-10)), "a");
        var middle = CaseSamples.TriagedCase(createdAt: baseTime.AddMinutes(30).ToOffset(TimeSpan.FromHours(13)));
        var newest = CaseSamples.DraftCase(baseTime.AddHours(1).ToOffset(TimeSpan.FromHours(-10)), "c");
        var newestTriaged = CaseSamples.TriagedCase(createdAt: baseTime.AddHours(2));
        await db.Cases.AddRangeAsync([middle, oldest, newestTriaged, newest]);

        var all = await db.Cases.ListAsync();
        var triaged = await db.Cases.ListAsync(CaseStatus.Triaged);
        var secondPage = await db.Cases.ListAsync(skip: 2, take: 2);
        var none = await db.Cases.ListAsync(CaseStatus.Closed);

        Assert.Equal([newestTriaged.Id, newest.Id, middle.Id, oldest.Id], all.Select(s => s.Id));
        Assert.Equal([newestTriaged.Id, middle.Id], triaged.Select(s => s.Id));
        Assert.Equal([middle.Id, oldest.Id], secondPage.Select(s => s.Id));
        Assert.Empty(none);
        Assert.Equal(4, await db.Cases.CountAsync());
        Assert.Equal(2, await db.Cases.CountAsync(CaseStatus.Draft));
        Assert.Equal(0, await db.Cases.CountAsync(CaseStatus.Closed));

        var summary = all[2];
        Assert.Equal(middle.CreatedAt, summary.CreatedAt);
        Assert.Equal("patient:ana", summary.CreatedBy);
        Assert.Equal(new DateOnly(1961, 2, 28), summary.PatientBirthDate);
        Assert.Equal(AdministrativeSex.Female, summary.PatientSex);
        Assert.Equal("US-MA", summary.Jurisdiction);
        Assert.Equal(Urgency.Expedited, summary.Urgency);
        Assert.Equal([SituationCode.Cancer, SituationCode.SurgeryPlanned], summary.Situations);
        Assert.Null(all[1].Urgency);
        Assert.Empty(all[1].Situations);
    }

    [SkippableFact]
    public async Task GivenBadPage_WhenListed_ThenArgumentOutOfRange()
    {
        var db = await OpenAsync();

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Cases.ListAsync(skip: -1));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Cases.ListAsync(take: 0));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => db.Cases.ListAsync(take: CaseRegistry.MaxPageSize + 1));
    }

    /// <summary>
    /// Id, status, author, triage and file exactly; creation and event times as the same instants (storage keeps them in
    /// UTC; the documents inside keep their offsets).
    /// </summary>
    internal static void AssertSameCase(SecondOpinionCase expected, SecondOpinionCase actual)
    {
        Assert.Equal(expected.Id, actual.Id);
        Assert.Equal(expected.Status, actual.Status);
        Assert.Equal(expected.CreatedBy, actual.CreatedBy);
        Assert.Equal(expected.CreatedAt.UtcTicks, actual.CreatedAt.UtcTicks);
        Assert.Equal(expected.Timeline.Count, actual.Timeline.Count);
        for (var i = 0; i < expected.Timeline.Count; i++)
        {
            var (e, a) = (expected.Timeline[i], actual.Timeline[i]);
            Assert.Equal((e.From, e.To, e.Actor, e.Reason), (a.From, a.To, a.Actor, a.Reason));
            Assert.Equal(e.At.UtcTicks, a.At.UtcTicks);
        }
        DeepAssert.Equal(expected.File, actual.File);
        DeepAssert.Equal(expected.Triage, actual.Triage);
    }
}

public sealed class SqliteCaseRegistryTests : CaseRegistryContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());

    [Fact]
    public async Task GivenStoredCase_WhenReadWithSql_ThenInstantsAreIntegerUtcTicksAndTheFileIsJsonText()
    {
        var db = await OpenAsync();
        var c = CaseSamples.TriagedCase();
        await db.Cases.AddAsync(c);

        var row = await ReadRowAsync(db, "SELECT typeof(created_at), created_at, json_extract(case_file, '$.patient.sex'), (SELECT group_concat(at, ',') FROM case_events) FROM cases");

        Assert.Equal("integer", row[0]);
        Assert.Equal(c.CreatedAt.UtcTicks, Convert.ToInt64(row[1], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Female", row[2]);
        Assert.Equal(string.Join(',', c.Timeline.Select(e => e.At.UtcTicks)), row[3]);
    }

    internal static async Task<object?[]> ReadRowAsync(ConsiliumDatabase db, string sql)
    {
        await using var context = db.CreateDbContext();
        var connection = context.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var values = new object?[reader.FieldCount];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }
        return values;
    }
}

public sealed class PostgreSqlCaseRegistryTests : CaseRegistryContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();

    [SkippableFact]
    public async Task GivenStoredCase_WhenReadWithSql_ThenDocumentsAreJsonbAndInstantsAreTimestamptz()
    {
        var db = await OpenAsync();
        var c = CaseSamples.TriagedCase();
        await db.Cases.AddAsync(c);

        var row = await SqliteCaseRegistryTests.ReadRowAsync(db,
            "SELECT pg_typeof(case_file)::text, case_file->'patient'->>'sex', triage->>'urgency', pg_typeof(created_at)::text, created_at FROM cases");

        Assert.Equal("jsonb", row[0]);
        Assert.Equal("Female", row[1]);
        Assert.Equal("Expedited", row[2]);
        Assert.Equal("timestamp with time zone", row[3]);
        Assert.Equal(c.CreatedAt.UtcDateTime, Assert.IsType<DateTime>(row[4]));
    }
}
