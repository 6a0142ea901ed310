using System.Text.Json;

namespace Consilium.Cli.Tests.Experts;

/// <summary>The expert-network commands through the real executable: generate → import → match → assign, bench assign, bad input.</summary>
public sealed class ExpertCommandsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "consilium-cli-experts", Guid.NewGuid().ToString("N"));

    public ExpertCommandsTests() => Directory.CreateDirectory(_dir);

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    private static string Sample => Path.Combine(AppContext.BaseDirectory, "samples", "cancer-surgery-planned.json");

    private string Data => Path.Combine(_dir, "data");

    private string ImportedDirectory(bool fhir = false)
    {
        var generated = ConsiliumProcess.Start(fhir ? ["experts", "generate", "--experts", "300", "--seed", "4", "--fhir"] : ["experts", "generate", "--experts", "300", "--seed", "4"]);
        Assert.Equal(0, generated.ExitCode);
        var file = Path.Combine(_dir, fhir ? "experts.fhir.json" : "experts.json");
        File.WriteAllText(file, generated.StdOut);
        var imported = ConsiliumProcess.Start("experts", "import", file, "--data-dir", Data);
        Assert.True(imported.ExitCode == 0, imported.StdErr);
        Assert.Contains("300 added", imported.StdOut, StringComparison.Ordinal);
        return file;
    }

    [Fact]
    public void GivenAnImportedDirectory_WhenMatchJson_ThenEveryNeedHasCandidatesWithPartsAndExcludedWithTheConstraint()
    {
        ImportedDirectory();

        var run = ConsiliumProcess.Start("match", Sample, "--top", "5", "--json", "--data-dir", Data, "--as-of", "2026-11-25", "--licensure", "cross-border");

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var json = JsonDocument.Parse(run.StdOut);
        var needs = json.RootElement.GetProperty("needs").EnumerateArray().ToList();
        Assert.Equal(7, needs.Count);
        var candidates = needs.SelectMany(n => n.GetProperty("candidates").EnumerateArray()).ToList();
        Assert.NotEmpty(candidates);
        Assert.All(candidates, c => Assert.Equal(["condition-experience", "subspecialty-fit", "technique-fit", "language", "turnaround", "load"], c.GetProperty("parts").EnumerateArray().Select(p => p.GetProperty("name").GetString())));
        Assert.All(needs, n => Assert.True(n.GetProperty("candidates").GetArrayLength() <= 5));
        var excluded = needs.SelectMany(n => n.GetProperty("excluded").EnumerateArray()).ToList();
        Assert.NotEmpty(excluded);
        Assert.All(excluded, x => Assert.All(x.GetProperty("failed").EnumerateArray(), f => Assert.False(f.GetProperty("passed").GetBoolean())));
        Assert.Equal("tumor-board", json.RootElement.GetProperty("panels")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public void GivenAFhirDirectoryAndATriagedCase_WhenAssignAll_ThenTheCaseIsPlacedAndASecondRunHasNothingLeft()
    {
        ImportedDirectory(fhir: true);
        Assert.Equal(0, ConsiliumProcess.Start("import", Sample, "--data-dir", Data, "--as-of", "2026-11-25").ExitCode);

        var first = ConsiliumProcess.Start("assign", "--all", "--json", "--data-dir", Data, "--as-of", "2026-11-25", "--licensure", "cross-border", "--interpreter");
        var second = ConsiliumProcess.Start("assign", "--all", "--json", "--data-dir", Data, "--as-of", "2026-11-25");

        Assert.True(first.ExitCode == 0, first.StdErr);
        using var plan = JsonDocument.Parse(first.StdOut);
        Assert.Equal(1, plan.RootElement.GetProperty("placed").GetArrayLength());
        Assert.Equal(1, plan.RootElement.GetProperty("applied").GetInt32());
        using var again = JsonDocument.Parse(second.StdOut);
        Assert.Equal(0, again.RootElement.GetProperty("placed").GetArrayLength() + again.RootElement.GetProperty("unplaced").GetArrayLength());
    }

    [Fact]
    public void GivenSmallSizes_WhenBenchAssignJson_ThenExactlyOneObjectWithAZeroGap()
    {
        var run = ConsiliumProcess.Start("bench", "assign", "--cases", "30", "--experts", "30", "--seed", "5", "--json");

        Assert.Equal(0, run.ExitCode);
        using var json = JsonDocument.Parse(run.StdOut);
        var r = json.RootElement;
        Assert.Equal(["cases", "experts", "seconds", "placed", "unplaced", "peakMemoryMB", "optimalityGap"], r.EnumerateObject().Select(p => p.Name));
        Assert.Equal(30, r.GetProperty("placed").GetInt32() + r.GetProperty("unplaced").GetInt32());
        Assert.Equal(0, r.GetProperty("optimalityGap").GetDouble());
    }

    [Fact]
    public void GivenLargeSizes_WhenBenchAssignJson_ThenTheGapIsNull()
    {
        var run = ConsiliumProcess.Start("bench", "assign", "--cases", "200", "--experts", "31", "--json");

        using var json = JsonDocument.Parse(run.StdOut);
        Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("optimalityGap").ValueKind);
    }

    [Fact]
    public void GivenAnInvalidDirectory_WhenImported_ThenExit2WithTheFieldNamed()
    {
        var file = Path.Combine(_dir, "bad.json");
        File.WriteAllText(file, """{"experts":[{"id":"a","name":"Dr A","specialties":["oncology"],"weeklyCapacity":-3}]}""");

        var run = ConsiliumProcess.Start("experts", "import", file, "--data-dir", Data);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("experts[0].weeklyCapacity", run.StdErr, StringComparison.Ordinal);
        Assert.Single(run.StdErr.Trim().Split('\n'));
    }

    [Fact]
    public void GivenAnEmptyDirectory_WhenMatch_ThenExit2SayingToImportFirst()
    {
        var run = ConsiliumProcess.Start("match", Sample, "--data-dir", Data);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("experts import", run.StdErr, StringComparison.Ordinal);
    }
}
