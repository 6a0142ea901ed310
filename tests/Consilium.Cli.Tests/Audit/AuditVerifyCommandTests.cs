using System.Text.Json;
using Consilium.Storage.Audit;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Cli.Tests.Audit;

/// <summary><c>consilium audit verify</c> on a real SQLite database, before and after someone edits it by hand.</summary>
public sealed class AuditVerifyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("consilium-audit-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DataDirectory => Path.Combine(_dir, "data");

    private ConsiliumProcess.Run Verify(params string[] args) =>
        ConsiliumProcess.StartIn(_dir, null, ["audit", "verify", "--data-dir", DataDirectory, .. args]);

    private async Task WithEntriesAsync(int count, string? tamper = null)
    {
        await using var db = await ConsiliumDatabase.OpenAsync(StorageOptions.ForDataDirectory(DataDirectory));
        var caseId = Guid.NewGuid();
        for (var i = 1; i <= count; i++)
        {
            await db.Audit.AppendAsync(new AuditEvent($"acct-{i}", "case.view", caseId, $"Case/{caseId}", null, "192.0.2.1"));
        }
        if (tamper is not null)
        {
            await using var context = db.CreateDbContext();
            Assert.Equal(1, await context.Database.ExecuteSqlRawAsync(tamper));
        }
    }

    [Fact]
    public async Task GivenUntouchedTrail_WhenVerified_ThenExitZeroAndTheCountAndLastHash()
    {
        await WithEntriesAsync(5);

        var run = Verify();

        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("intact: 5 entries checked", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("Last entry hash: ", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenOneEntryAlteredBySql_WhenVerified_ThenExitOneNamingThatEntry()
    {
        await WithEntriesAsync(5, "UPDATE audit_entries SET actor = 'nobody' WHERE sequence = 3");

        var run = Verify();

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BROKEN at entry 3: entry 3 was altered", run.StdOut, StringComparison.Ordinal);
        Assert.Contains("consilium: audit trail broken at entry 3", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("2 entries before it are intact", run.StdOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenOneEntryDeleted_WhenVerifiedAsJson_ThenExactlyOneObjectNamingTheMissingEntry()
    {
        await WithEntriesAsync(5, "DELETE FROM audit_entries WHERE sequence = 2");

        var run = Verify("--json");

        Assert.Equal(1, run.ExitCode);
        using var json = JsonDocument.Parse(run.StdOut);
        Assert.False(json.RootElement.GetProperty("intact").GetBoolean());
        Assert.Equal(2, json.RootElement.GetProperty("brokenAtSequence").GetInt64());
        Assert.Equal(1, json.RootElement.GetProperty("entriesChecked").GetInt64());
        Assert.Contains("entry 2 is missing", json.RootElement.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenIntactTrail_WhenVerifiedAsJson_ThenIntactWithNoProblem()
    {
        await WithEntriesAsync(3);

        var run = Verify("--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var json = JsonDocument.Parse(run.StdOut);
        Assert.True(json.RootElement.GetProperty("intact").GetBoolean());
        Assert.Equal(3, json.RootElement.GetProperty("entriesChecked").GetInt64());
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("problem").ValueKind);
        Assert.Matches("^[0-9a-f]{64}$", json.RootElement.GetProperty("lastHash").GetString());
    }

    [SkippableFact]
    public async Task GivenPostgreSqlTrailWithAnAlteredEntry_WhenVerifiedWithPostgres_ThenExitOneNamingIt()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync("consilium_cli_audit");
        await using (var db = await ConsiliumDatabase.OpenAsync(StorageOptions.ForPostgreSql(database.ConnectionString)))
        {
            for (var i = 1; i <= 4; i++)
            {
                await db.Audit.AppendAsync(new AuditEvent($"acct-{i}", "document.download", null, $"Document/{i}", null, null));
            }
            await using var context = db.CreateDbContext();
            await context.Database.ExecuteSqlRawAsync("UPDATE audit_entries SET resource = 'Document/other' WHERE sequence = 2");
        }

        var run = ConsiliumProcess.StartIn(_dir, null, "audit", "verify", "--postgres", database.ConnectionString);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("BROKEN at entry 2", run.StdOut, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", run.StdOut, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GivenNoDatabase_WhenVerified_ThenBadInputNamingThePath()
    {
        var run = Verify();

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no Consilium database", run.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(DataDirectory));
    }
}
