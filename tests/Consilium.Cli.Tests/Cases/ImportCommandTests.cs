using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;

namespace Consilium.Cli.Tests.Cases;

public sealed class ImportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("consilium-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Fixture(string name) => ConsiliumProcess.Fixture("Triage", name);

    private ConsiliumProcess.Run Import(params string[] args) =>
        ConsiliumProcess.StartIn(_dir, null, ["import", "--data-dir", Path.Combine(_dir, "data"), "--as-of", "2026-11-25", .. args]);

    private async Task<ConsiliumDatabase> OpenAsync() => await ConsiliumDatabase.OpenAsync(StorageOptions.ForDataDirectory(Path.Combine(_dir, "data")));

    [Fact]
    public async Task GivenValidBundles_WhenImported_ThenEachIsStoredTriagedWithItsTimeline()
    {
        var run = Import(Fixture("cancer-untreated.json"), Fixture("surgery-in-10-days.json"));

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("Imported 2 case(s)", run.StdOut, StringComparison.Ordinal);
        await using var db = await OpenAsync();
        var listed = await db.Cases.ListAsync();
        Assert.Equal(2, listed.Count);
        foreach (var summary in listed)
        {
            var c = await db.Cases.GetAsync(summary.Id);
            Assert.NotNull(c);
            Assert.Equal(CaseStatus.Triaged, c.Status);
            Assert.Equal([CaseStatus.Submitted, CaseStatus.RecordsReview, CaseStatus.Triaged], c.Timeline.Select(e => e.To));
            Assert.NotNull(c.Triage);
            Assert.Equal(Urgency.Expedited, c.Triage.Urgency);
        }
    }

    [Fact]
    public async Task GivenSameFileImportedTwice_WhenImportedAgain_ThenItIsNoticedAndNotDuplicated()
    {
        Assert.Equal(0, Import(Fixture("rare-disease.json")).ExitCode);
        var again = Import(Fixture("rare-disease.json"));

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("already imported", again.StdOut, StringComparison.Ordinal);
        await using var db = await OpenAsync();
        Assert.Equal(1, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task GivenOneBadFileInTheBatch_WhenImported_ThenNothingIsStoredAndTheFileIsNamed()
    {
        var run = Import(Fixture("rare-disease.json"), Fixture("bad-birthdate.json"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("bad-birthdate.json", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("nothing imported", run.StdErr, StringComparison.Ordinal);
        await using var db = await OpenAsync();
        Assert.Equal(0, await db.Cases.CountAsync());
    }

    [Fact]
    public async Task GivenSkipInvalid_WhenImported_ThenValidFilesStoredAndExitCodeStillSaysSomethingWasWrong()
    {
        var run = Import("--skip-invalid", Fixture("rare-disease.json"), Fixture("not-json.json"));

        Assert.Equal(2, run.ExitCode);
        await using var db = await OpenAsync();
        Assert.Equal(1, await db.Cases.CountAsync());
    }

    [SkippableFact]
    public async Task GivenPostgres_WhenImported_ThenCasesAreStoredThere()
    {
        var server = Environment.GetEnvironmentVariable("CONSILIUM_TEST_POSTGRES");
        Assert.False(string.IsNullOrWhiteSpace(server) && Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_POSTGRES") == "1", "CONSILIUM_REQUIRE_POSTGRES=1 but CONSILIUM_TEST_POSTGRES is not set.");
        Skip.If(string.IsNullOrWhiteSpace(server), "CONSILIUM_TEST_POSTGRES is not set: start a server with `eval \"$(bash .ci/postgres.sh start)\"` (.ci/run does).");
        var database = $"consilium_cli_{Guid.NewGuid():N}";
        var connection = new Npgsql.NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        try
        {
            var run = ConsiliumProcess.StartIn(_dir, null, "import", "--postgres", connection, "--as-of", "2026-11-25", Fixture("complex-multimorbidity.json"));
            Assert.True(run.ExitCode == 0, run.StdErr);
            await using var db = await ConsiliumDatabase.OpenAsync(StorageOptions.ForPostgreSql(connection));
            var c = await db.Cases.GetAsync((await db.Cases.ListAsync()).Single().Id);
            Assert.True(c!.Triage!.Has(SituationCode.RareOrComplex));
        }
        finally
        {
            await using var admin = new Npgsql.NpgsqlConnection(server);
            await admin.OpenAsync();
            Npgsql.NpgsqlConnection.ClearAllPools();
            await using var drop = new Npgsql.NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
