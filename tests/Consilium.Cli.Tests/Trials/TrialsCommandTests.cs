using System.Text.Json;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Trials;

namespace Consilium.Cli.Tests.Trials;

/// <summary>The real <c>consilium trials ...</c> commands on the real registry records and a hand-written and a Synthea lung cancer patient.</summary>
public sealed class TrialsCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("consilium-trials-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string? Registry => SharedData.Root is { } r && Directory.Exists(Path.Combine(r, "trials", "ctgov_v2_nsclc")) ? Path.Combine(r, "trials", "ctgov_v2_nsclc") : null;

    private string DataDir => Path.Combine(_dir, "data");

    private ConsiliumProcess.Run Run(params string[] args) => ConsiliumProcess.StartIn(_dir, null, args);

    /// <summary>Console output on one line (the console wraps long lines).</summary>
    private static string Flat(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\s+", " ");

    private async Task<IReadOnlyList<StoredTrial>> StoredAsync()
    {
        await using var db = await ConsiliumDatabase.OpenAsync(StorageOptions.ForDataDirectory(DataDir));
        return await new TrialRegistry(db.CreateDbContext, TimeProvider.System).AllAsync();
    }

    [SkippableFact]
    public async Task GivenTheRealRecords_WhenImportedTwice_ThenAllHundredAreStoredOnceAndTheSecondImportChangesNothing()
    {
        Skip.If(Registry is null, SharedData.MissingMessage);

        var first = Run("trials", "import", Registry!, "--data-dir", DataDir);
        var second = Run("trials", "import", Path.Combine(Registry!, "ctg-studies.json"), "--data-dir", DataDir);

        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("100 added", Flat(first.StdOut), StringComparison.Ordinal);
        Assert.Contains("0 added, 0 updated to a newer version, 100 unchanged", Flat(second.StdOut), StringComparison.Ordinal);
        Assert.Equal(100, (await StoredAsync()).Count);
    }

    [SkippableFact]
    public async Task GivenAFolderWithABadFile_WhenImported_ThenExitIs2NamingFileAndFieldAndNothingIsStored()
    {
        Skip.If(Registry is null, SharedData.MissingMessage);
        var folder = Directory.CreateDirectory(Path.Combine(_dir, "exports")).FullName;
        File.Copy(Path.Combine(Registry!, "ctg-studies.json"), Path.Combine(folder, "a.json"));
        await File.WriteAllTextAsync(Path.Combine(folder, "b.json"), "{\"protocolSection\":{\"identificationModule\":{\"nctId\":\"NCT01234567\"}}}");

        var run = Run("trials", "import", folder, "--data-dir", DataDir);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("b.json", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("protocolSection.identificationModule.briefTitle", run.StdErr, StringComparison.Ordinal);
        Assert.Empty(await StoredAsync());
    }

    [SkippableFact]
    public void GivenAnEgfrPositivePatient_WhenMatchedWithJson_ThenTheIssuesShapeIsPrintedInRankOrder()
    {
        Skip.If(Registry is null, SharedData.MissingMessage);

        var run = Run("trials", "match", ConsiliumProcess.Fixture("Trials", "nsclc-egfr.json"), "--registry", Registry!, "--near", "48.85,2.35", "--top", "5", "--json", "--as-of", "2025-12-01");

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var doc = JsonDocument.Parse(run.StdOut);
        Assert.Equal(["trials"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        var trials = doc.RootElement.GetProperty("trials").EnumerateArray().ToList();
        Assert.Equal(5, trials.Count);
        foreach (var t in trials)
        {
            Assert.Equal(["nctId", "title", "status", "score", "nearestSiteKm", "criteria"], t.EnumerateObject().Select(p => p.Name));
            Assert.StartsWith("NCT", t.GetProperty("nctId").GetString(), StringComparison.Ordinal);
            Assert.True(t.GetProperty("nearestSiteKm").GetDouble() >= 0);
            foreach (var c in t.GetProperty("criteria").EnumerateArray())
            {
                Assert.Equal(["kind", "text", "status", "fact"], c.EnumerateObject().Select(p => p.Name));
                Assert.Contains(c.GetProperty("kind").GetString(), new[] { "inclusion", "exclusion" });
                Assert.Contains(c.GetProperty("status").GetString(), new[] { "met", "not-met", "unknown" });
            }
        }
        Assert.All(trials, t => Assert.Contains(t.GetProperty("status").GetString(), new[] { "RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION" }));
        var scores = trials.Select(t => t.GetProperty("score").GetDouble()).ToList();
        Assert.Equal(scores.OrderDescending(), scores);
        var criteria = trials.SelectMany(t => t.GetProperty("criteria").EnumerateArray()).ToList();
        Assert.Contains(criteria, c => c.GetProperty("status").GetString() == "met" && c.GetProperty("fact").GetString()!.Contains("age 58", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void GivenTheSyntheaLungCancerPatient_WhenMatched_ThenRankedNsclcTrialsWithExplanationsArePrinted()
    {
        Skip.If(SharedData.Root is null || Registry is null, SharedData.MissingMessage);
        var bundle = Directory.EnumerateFiles(Path.Combine(SharedData.Root!, "fhir", "synthea-dev"), "Gilbert_Wunsch_*.json").Single();

        var run = Run("trials", "match", bundle, "--registry", Registry!, "--near", "42.585541,-71.44025", "--top", "3");

        Assert.True(run.ExitCode == 0, run.StdErr);
        var output = Flat(run.StdOut);
        Assert.Contains("Non-small cell lung cancer", output, StringComparison.Ordinal);
        Assert.Contains("Criteria met:", output, StringComparison.Ordinal);
        Assert.Matches(@"nearest open site .+ km away", output);
        Assert.Matches(@"1\. NCT\d{8}", run.StdOut);
    }

    [Theory]
    [InlineData("--near", "north")]
    [InlineData("--top", "0")]
    public void GivenABadOption_WhenMatching_ThenExitIs2(string option, string value)
    {
        var run = Run("trials", "match", ConsiliumProcess.Fixture("Trials", "nsclc-egfr.json"), "--registry", _dir, option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(option, run.StdErr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void GivenTheBenchmarks_WhenEvaluated_ThenTheFiguresArePrintedAsJson()
    {
        Skip.If(SharedData.Root is null || !Directory.Exists(Path.Combine(SharedData.Root, "trials", "trialgpt_criterion_annotations")), SharedData.MissingMessage);

        var run = Run("trials", "eval", "--data", Path.Combine(SharedData.Root!, "trials"), "--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var doc = JsonDocument.Parse(run.StdOut);
        var labels = doc.RootElement.GetProperty("labels");
        Assert.Equal(1015, labels.GetProperty("total").GetInt32());
        Assert.Equal(6, labels.GetProperty("perLabel").GetArrayLength());
        Assert.Equal(1015, labels.GetProperty("perLabel").EnumerateArray().Sum(l => l.GetProperty("expert").GetInt32()));
        Assert.Equal(100, doc.RootElement.GetProperty("topics").GetProperty("records").GetInt32());
    }
}
