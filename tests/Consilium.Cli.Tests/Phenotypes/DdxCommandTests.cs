using System.Text.Json;

namespace Consilium.Cli.Tests.Phenotypes;

/// <summary><c>consilium ddx</c> through the real executable, over the HPO release and published phenopackets in ../shared/data.</summary>
public sealed class DdxCommandTests
{
    private static string Hpo(string file) => Path.Combine(SharedData.Root!, "hpo", file);

    private static string[] DataArgs => ["--ontology", Hpo("hp.v2025-05-06.json.gz"), "--annotations", Hpo("phenotype.v2025-05-06.hpoa.gz")];

    private static string Case(string file) => Path.Combine(SharedData.Root!, "phenopackets", "dev", file);

    [SkippableFact]
    public void GivenTwoPhenopackets_WhenRankedAsJson_ThenOneLinePerCaseInRankOrder()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingMessage);
        string[] cases = ["PMID_10077612_Family_A_III_10.json", "PMID_15266616_130.json"];

        var run = ConsiliumProcess.Start(["ddx", .. DataArgs, "--database", "OMIM", "--top", "5", "--json", .. cases.Select(Case)]);

        Assert.Equal(0, run.ExitCode);
        var lines = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Length, lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            using var doc = JsonDocument.Parse(lines[i]);
            Assert.Equal(cases[i], doc.RootElement.GetProperty("case").GetString());
            var scores = doc.RootElement.GetProperty("candidates").EnumerateArray().Select(c => c.GetProperty("score").GetDouble()).ToArray();
            Assert.Equal(5, scores.Length);
            Assert.Equal(scores.OrderDescending(), scores);
        }
    }

    [SkippableFact]
    public void GivenTheGeneLinksBesideTheAnnotations_WhenRanked_ThenTheyAreUsedAndSaidSo()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingMessage);

        var run = ConsiliumProcess.Start(["ddx", .. DataArgs, "--terms", "HP:0001166,HP:0001083", "--top", "3"]);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("gene links: ", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("genes_to_disease", run.StdErr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void GivenAGeneLinkFileThatIsNotOne_WhenRanked_ThenExitTwoNamingTheFile()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingMessage);
        var bogus = Path.Combine(Path.GetTempPath(), $"consilium-genes-{Guid.NewGuid():N}.txt");
        File.WriteAllText(bogus, "this is not a gene list\n");
        try
        {
            var run = ConsiliumProcess.Start(["ddx", .. DataArgs, "--genes", bogus, "--terms", "HP:0001166"]);

            Assert.Equal(2, run.ExitCode);
            Assert.Contains(bogus, run.StdErr, StringComparison.Ordinal);
            Assert.Contains("genes_to_disease header", run.StdErr, StringComparison.Ordinal);
            Assert.Equal("", run.StdOut);
        }
        finally
        {
            File.Delete(bogus);
        }
    }

    [SkippableFact]
    public void GivenAWomanWithAnXLinkedRecessivePicture_WhenRankedWithHerSex_ThenTheExplanationSaysWhatHerSexWeighed()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingMessage);
        // Duchenne-like findings; Duchenne muscular dystrophy (OMIM:310200) is inherited X-linked recessively
        string[] query = ["ddx", .. DataArgs, "--terms", "HP:0003560,HP:0003707,HP:0003236", "--database", "OMIM", "--top", "30", "--explain", "30"];

        var man = ConsiliumProcess.Start([.. query, "--sex", "male", "--onset", "P4Y"]);
        var woman = ConsiliumProcess.Start([.. query, "--sex", "female", "--onset", "P4Y"]);

        Assert.Equal(0, man.ExitCode);
        Assert.Equal(0, woman.ExitCode);
        Assert.DoesNotContain("a woman, and the disease is inherited X-linked recessively", man.StdOut, StringComparison.Ordinal);
        Assert.Contains("a woman, and the disease is inherited X-linked recessively", woman.StdOut, StringComparison.Ordinal);
    }

    [SkippableTheory]
    [InlineData("--sex", "unknown", "--sex must be male or female")]
    [InlineData("--onset", "soon", "--onset must be an HPO onset term")]
    public void GivenAnUnreadableSexOrOnset_WhenRanked_ThenExitTwoNamingTheOption(string option, string value, string message)
    {
        Skip.If(SharedData.Root is null, SharedData.MissingMessage);

        var run = ConsiliumProcess.Start(["ddx", .. DataArgs, "--terms", "HP:0001166", option, value]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(message, run.StdErr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void GivenAFewManifestRows_WhenEvaluatedWithAPlot_ThenTheFiguresCountThemAndTheChartIsWritten()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingMessage);
        var dir = Directory.CreateTempSubdirectory("consilium-ddx-eval-").FullName;
        try
        {
            var rows = File.ReadLines(Path.Combine(SharedData.Root!, "phenopackets", "dev_manifest.tsv")).Take(4).ToArray(); // header + 3 cases
            var manifest = Path.Combine(dir, "small_manifest.tsv");
            File.WriteAllLines(manifest, rows);
            var chart = Path.Combine(dir, "accuracy.svg");

            var run = ConsiliumProcess.Start(["ddx-eval", .. DataArgs, "--manifest", manifest, "--cases", Path.Combine(SharedData.Root!, "phenopackets", "dev"), "--plot", chart, "--json"]);

            Assert.Equal(0, run.ExitCode);
            using var doc = JsonDocument.Parse(run.StdOut);
            Assert.Equal(3, doc.RootElement.GetProperty("cases").GetInt32());
            var svg = File.ReadAllText(chart);
            Assert.Contains("<svg", svg, StringComparison.Ordinal);
            Assert.Contains("top-k accuracy", svg, StringComparison.Ordinal);
            Assert.Contains("covered (n=", svg, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public void GivenAPlotInAFolderThatDoesNotExist_WhenEvaluated_ThenExitTwoBeforeAnyWork()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingMessage);

        var run = ConsiliumProcess.Start(["ddx-eval", .. DataArgs, "--manifest", Path.Combine(SharedData.Root!, "phenopackets", "dev_manifest.tsv"), "--plot", "/nonexistent-folder/accuracy.svg"]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--plot", run.StdErr, StringComparison.Ordinal);
        Assert.DoesNotContain("evaluated", run.StdErr, StringComparison.Ordinal);
    }
}
