using System.Text.Json;

namespace Consilium.Cli.Tests.Bench.Fuzz;

/// <summary>The short CI version of the hostile-input campaign: the real executable, 1,000 inputs, seed 1.</summary>
public class BenchFuzzTests
{
    [SkippableFact]
    public void GivenAThousandHostileInputs_WhenTheCampaignRuns_ThenNothingCrashesHangsOrWritesHalfway()
    {
        Skip.If(SharedData.Root is null && Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_SHARED_DATA") != "1", SharedData.MissingMessage);
        Assert.NotNull(SharedData.Root);

        var run = ConsiliumProcess.StartIn(AppContext.BaseDirectory, new Dictionary<string, string> { ["CONSILIUM_SHARED_DATA"] = SharedData.Root! },
            "bench", "fuzz", "--inputs", "1000", "--seed", "1", "--json");

        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StdErr}");
        using var json = JsonDocument.Parse(run.StdOut);
        var r = json.RootElement;
        Assert.Equal(1000, r.GetProperty("inputs").GetInt32());
        Assert.Equal(0, r.GetProperty("crashes").GetInt32());
        Assert.Equal(0, r.GetProperty("hangs").GetInt32());
        Assert.Equal(0, r.GetProperty("partialWrites").GetInt32());
        Assert.Equal(1000, r.GetProperty("accepted").GetInt32() + r.GetProperty("rejected").GetInt32());
        // Both outcomes occur: the seeds are read, and the hostile inputs are refused.
        Assert.True(r.GetProperty("accepted").GetInt32() > 0 && r.GetProperty("rejected").GetInt32() > 0, run.StdOut);
    }

    [Fact]
    public void GivenAMissingDataFolder_WhenTheCampaignStarts_ThenExitTwoNamesTheFolder()
    {
        var run = ConsiliumProcess.Start("bench", "fuzz", "--inputs", "10", "--data", "/nonexistent/shared-data", "--json");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("/nonexistent/shared-data", run.StdErr, StringComparison.Ordinal);
        Assert.Equal("", run.StdOut);
    }
}
