using System.Text.Json;

namespace Consilium.Cli.Tests.Bench.Crash;

/// <summary>
/// The short crash-consistency run (issue 10: 10 iterations) of the real executable: the real server is killed with SIGKILL while
/// writes flow and restarted ten times; nothing acknowledged is lost, nothing half-written is visible, the audit chain verifies
/// and every mail is delivered exactly once.
/// </summary>
public sealed class BenchCrashTests
{
    [Fact]
    public void GivenTenKillsOnSqlite_WhenTheBenchChecksAfterEachRestart_ThenEveryInvariantHolds() =>
        AssertClean(ConsiliumProcess.Start("bench", "crash", "--iterations", "10", "--seed", "7", "--max-kill-ms", "1500", "--provider", "sqlite", "--json"), "sqlite");

    [SkippableFact]
    public async Task GivenTenKillsOnPostgreSql_WhenTheBenchChecksAfterEachRestart_ThenEveryInvariantHolds()
    {
        await using var server = await PostgreSqlDatabase.CreateAsync("consilium_crash");
        AssertClean(ConsiliumProcess.Start("bench", "crash", "--iterations", "10", "--seed", "7", "--max-kill-ms", "1500", "--provider", "postgres", "--postgres", server.ConnectionString, "--json"), "postgres");
    }

    [Fact]
    public void GivenAnUnknownProvider_WhenRun_ThenExitCode2NamingTheOption()
    {
        var run = ConsiliumProcess.Start("bench", "crash", "--provider", "oracle");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--provider", run.StdErr + run.StdOut, StringComparison.Ordinal);
    }

    private static void AssertClean(ConsiliumProcess.Run run, string provider)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.StdOut}\n{run.StdErr}");
        using var json = JsonDocument.Parse(run.StdOut);
        var root = json.RootElement;
        Assert.Equal(10, root.GetProperty("iterations").GetInt32());
        foreach (var field in new[] { "acknowledgedLost", "partialStates", "auditChainBroken", "duplicateDeliveries", "missingDeliveries", "undeliveredMail" })
        {
            Assert.True(root.GetProperty(field).GetInt32() == 0, $"{field} is {root.GetProperty(field).GetInt32()}:\n{run.StdErr}");
        }
        var result = Assert.Single(root.GetProperty("providers").EnumerateArray());
        Assert.Equal(provider, result.GetProperty("provider").GetString());
        // The run really wrote: cases, documents, assignments and opinions were acknowledged between the kills.
        Assert.True(result.GetProperty("acknowledgedWrites").GetInt32() >= 10, run.StdErr);
    }
}
