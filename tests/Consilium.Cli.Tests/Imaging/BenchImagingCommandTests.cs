using System.Text.Json;
using Consilium.Imaging.Orthanc;
using Consilium.Imaging.Synthetic;

namespace Consilium.Cli.Tests.Imaging;

/// <summary><c>consilium bench imaging</c> through the real executable, against the private Orthanc it starts.</summary>
public sealed class BenchImagingCommandTests
{
    [SkippableFact]
    public void GivenASmallStudy_WhenBenchImagingJson_ThenItPrintsOneObjectWithBothThroughputsTheRatioAndPeakMemory()
    {
        var missing = PrivateOrthanc.FindExecutable() is null || SyntheticStudy.Dump2Dcm() is null;
        Assert.False(missing && Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_ORTHANC") == "1", "CONSILIUM_REQUIRE_ORTHANC=1 but Orthanc or dcmtk is not installed.");
        Skip.If(missing, "Skipped: Orthanc or dcmtk is not installed (apt-get install orthanc orthanc-dicomweb orthanc-webviewer dcmtk).");

        var run = ConsiliumProcess.Start("bench", "imaging", "--files", "6", "--kb", "64", "--json");

        Assert.True(run.ExitCode == 0, run.StdErr);
        using var json = JsonDocument.Parse(run.StdOut);
        var r = json.RootElement;
        Assert.Equal(["files", "megabytes", "directMBps", "consiliumMBps", "ratio", "peakMemoryMB", "peakGrowthMB"], r.EnumerateObject().Select(p => p.Name));
        Assert.Equal(6, r.GetProperty("files").GetInt32());
        Assert.True(r.GetProperty("directMBps").GetDouble() > 0 && r.GetProperty("consiliumMBps").GetDouble() > 0);
        // The throughputs are printed rounded to 0.1 MB/s, the ratio from the unrounded times: equal within that rounding.
        Assert.InRange(r.GetProperty("ratio").GetDouble() - (r.GetProperty("consiliumMBps").GetDouble() / r.GetProperty("directMBps").GetDouble()), -0.05, 0.05);
    }

    [Fact]
    public void GivenTooFewFiles_WhenBenchImaging_ThenItIsBadInput()
    {
        var run = ConsiliumProcess.Start("bench", "imaging", "--files", "1");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--files", run.StdErr + run.StdOut, StringComparison.Ordinal);
    }
}
