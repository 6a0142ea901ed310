using System.Text.Json;

namespace Consilium.Cli.Tests.Bench.Load;

/// <summary>
/// The short CI version of <c>consilium bench load</c>: the real executable seeds a small database, starts the real server and
/// drives every scenario for 10 seconds. Asserts what must always hold (every scenario ran requests, none failed, the JSON
/// shape); never a latency or a throughput figure.
/// </summary>
public sealed class BenchLoadTests
{
    private static readonly string[] Scenarios = ["case-list", "case-page", "case-submission", "document-download", "ddx", "ceiling"];

    [SkippableFact]
    public void GivenSqlite_WhenLoadRunsTenSecondsPerScenario_ThenEveryScenarioRanRequestsWithoutErrors()
    {
        var run = Run("sqlite", null);
        AssertClean(run, "sqlite");
    }

    [SkippableFact]
    public void GivenPostgreSql_WhenLoadRunsTenSecondsPerScenario_ThenEveryScenarioRanRequestsWithoutErrors()
    {
        var server = Environment.GetEnvironmentVariable("CONSILIUM_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(server) && Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_POSTGRES") != "1",
            "PostgreSQL tests need CONSILIUM_TEST_POSTGRES (start a server with: eval \"$(bash .ci/postgres.sh start)\").");
        Assert.False(string.IsNullOrEmpty(server), "CONSILIUM_REQUIRE_POSTGRES=1 but CONSILIUM_TEST_POSTGRES is not set.");
        var run = Run("postgres", server);
        AssertClean(run, "postgres");
    }

    [Fact]
    public void GivenPostgresWithoutAServer_WhenLoadStarts_ThenItExitsWithBadInputNamingTheOption()
    {
        var run = ConsiliumProcess.Start("bench", "load", "--duration", "1", "--provider", "postgres");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--postgres", run.StdErr, StringComparison.Ordinal);
        Assert.Equal("", run.StdOut);
    }

    private static ConsiliumProcess.Run Run(string provider, string? postgres)
    {
        Skip.If(SharedData.Root is null, SharedData.MissingMessage);
        var hpo = Path.Combine(SharedData.Root!, "hpo");
        List<string> args = ["bench", "load", "--duration", "10", "--cases", "500", "--connections", "4", "--rate", "50", "--provider", provider, "--json"];
        if (postgres is not null)
        {
            args.AddRange(["--postgres", postgres]);
        }
        return ConsiliumProcess.StartIn(AppContext.BaseDirectory, new Dictionary<string, string> { ["CONSILIUM_HPO_DIR"] = hpo }, [.. args]);
    }

    private static void AssertClean(ConsiliumProcess.Run run, string provider)
    {
        Assert.True(run.ExitCode == ExitCodes.Ok, $"exit {run.ExitCode}: {run.StdErr}");
        using var json = JsonDocument.Parse(run.StdOut);
        var scenarios = json.RootElement.GetProperty("scenarios").EnumerateArray().ToList();
        Assert.Equal(Scenarios, scenarios.Where(s => s.GetProperty("mode").GetString() == "closed").Select(s => s.GetProperty("name").GetString()));
        Assert.Equal(["case-page", "ceiling"], scenarios.Where(s => s.GetProperty("mode").GetString() == "open").Select(s => s.GetProperty("name").GetString()));
        foreach (var s in scenarios)
        {
            var name = s.GetProperty("name").GetString();
            Assert.Equal(name == "ceiling" ? "none" : provider, s.GetProperty("provider").GetString());
            Assert.True(s.GetProperty("requests").GetInt64() > 0, $"{name} ran no requests");
            Assert.True(s.GetProperty("errors").GetInt64() == 0, $"{name}: {s.GetProperty("errors").GetInt64()} errors; {run.StdErr}");
            foreach (var figure in new[] { "rps", "p50ms", "p95ms", "p99ms", "ceilingRatio" })
            {
                Assert.True(s.GetProperty(figure).GetDouble() > 0, $"{name}: {figure} is not positive");
            }
            Assert.True(s.GetProperty("p50ms").GetDouble() <= s.GetProperty("p99ms").GetDouble(), $"{name}: p50 above p99");
        }
    }
}
