using System.Text.Json;
using Consilium.Domain.Triage;
using Consilium.Storage.Configuration;
using Consilium.Tests.Shared;
using Consilium.Storage.Database;
using Consilium.Web;

namespace Consilium.Cli.Tests.Opinions;

/// <summary><c>consilium opinion export</c> over the demo data (as <c>serve --demo</c> seeds it), run as the real executable.</summary>
public sealed class OpinionExportCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("consilium-export-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string DataDirectory => Path.Combine(_dir, "data");

    private string Out => Path.Combine(_dir, "reports");

    private async Task SeedDemoAsync(StorageOptions? storage = null)
    {
        await using var app = await ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings
        {
            Urls = "http://127.0.0.1:0",
            Storage = storage ?? StorageOptions.ForDataDirectory(DataDirectory),
            Demo = true,
            DemoOutput = TextWriter.Null,
            EnvironmentName = "Testing",
        });
    }

    [SkippableFact]
    public async Task GivenTheDemoData_WhenExported_ThenAPdfAndAFhirDocumentPerDeliveredOpinionCoveringEverySituationAndTheBoard()
    {
        await SeedDemoAsync();

        var run = ConsiliumProcess.StartIn(_dir, null, "opinion", "export", "--data-dir", DataDirectory, "--out", Out);

        Assert.True(run.ExitCode == 0, run.StdErr + run.StdOut);
        await using var db = await ConsiliumDatabase.OpenAsync(StorageOptions.ForDataDirectory(DataDirectory));
        var delivered = (await db.Opinions.ListSignedAsync()).Select(o => o.CaseId).Distinct().Order().ToList();
        Assert.Equal(4, delivered.Count);
        Assert.Equal(delivered.SelectMany(id => new[] { $"{id}.fhir.json", $"{id}.pdf" }).Order(StringComparer.Ordinal),
            Directory.GetFiles(Out).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Contains($"Wrote 4 opinions (8 files) to {Out}", run.StdErr, StringComparison.Ordinal);

        var situations = new HashSet<string>();
        var boards = 0;
        foreach (var id in delivered)
        {
            using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(Out, $"{id}.fhir.json")));
            Assert.Equal("document", json.RootElement.GetProperty("type").GetString());
            var text = PdfText.Extract(Path.Combine(Out, $"{id}.pdf"));
            Assert.Contains($"Case: {id}", text, StringComparison.Ordinal);
            Assert.Contains("Answer:", text, StringComparison.Ordinal);
            Assert.Matches("Diagnosis: (confirmed|refined|changed)", text);
            boards += text.Contains("Tumour board Discussed on", StringComparison.Ordinal) ? 1 : 0;
            var opinion = (await db.Opinions.GetForCaseAsync(id)).Single(o => o.IsSigned);
            situations.UnionWith(opinion.Current!.Content.Sections!.Select(s => s.Situation));
        }
        Assert.Equal(SituationCode.All.Order(StringComparer.Ordinal), situations.Order(StringComparer.Ordinal));
        Assert.Equal(1, boards);
    }

    [SkippableFact]
    public async Task GivenTheDemoDataInPostgreSql_WhenExportedWithPostgres_ThenEveryDeliveredOpinionIsWritten()
    {
        await using var database = await PostgreSqlDatabase.CreateAsync("consilium_cli_export");
        var storage = StorageOptions.ForPostgreSql(database.ConnectionString);
        await SeedDemoAsync(storage);

        var run = ConsiliumProcess.StartIn(_dir, null, "opinion", "export", "--postgres", database.ConnectionString, "--out", Out);

        Assert.True(run.ExitCode == 0, run.StdErr + run.StdOut);
        await using var db = await ConsiliumDatabase.OpenAsync(storage);
        var delivered = (await db.Opinions.ListSignedAsync()).Select(o => o.CaseId).Distinct().ToList();
        Assert.Equal(4, delivered.Count);
        Assert.Equal(8, Directory.GetFiles(Out).Length);
        Assert.All(delivered, id => Assert.Contains($"{id}: diagnosis ", run.StdOut, StringComparison.Ordinal));
        Assert.DoesNotContain("Password", run.StdOut + run.StdErr, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GivenNoDatabase_WhenExported_ThenExitTwoNamingItAndNoFolder()
    {
        var run = ConsiliumProcess.StartIn(_dir, null, "opinion", "export", "--data-dir", DataDirectory, "--out", Out);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no Consilium database", run.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Out));
    }

    [Fact]
    public void GivenNoOutFolder_WhenExported_ThenExitTwoNamingTheOption()
    {
        var run = ConsiliumProcess.StartIn(_dir, null, "opinion", "export", "--data-dir", DataDirectory);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--out", run.StdErr + run.StdOut, StringComparison.Ordinal);
    }
}
