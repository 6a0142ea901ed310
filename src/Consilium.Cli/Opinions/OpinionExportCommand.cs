using System.ComponentModel;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Web.Features.Reports;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Opinions;

/// <summary>
/// <c>consilium opinion export</c>: writes <c>&lt;case-id&gt;.pdf</c> and <c>&lt;case-id&gt;.fhir.json</c> for every case with a delivered
/// opinion, with progress on stderr and one line per case on stdout. Each file is written to a temporary name and renamed when complete,
/// so a failed run leaves no half-written file. Exit 2 when there is no database or the fonts are missing.
/// </summary>
internal sealed class OpinionExportCommand : AsyncCommand<OpinionExportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data-dir <DIR>")]
        [Description("Read the SQLite database in DIR (default: Consilium:Storage from appsettings.json, i.e. ./data).")]
        public string? DataDirectory { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("Read PostgreSQL (Npgsql connection string) instead of SQLite.")]
        public string? Postgres { get; init; }

        [CommandOption("--out <FOLDER>")]
        [Description("Where to write the files (created when missing).")]
        public string? Out { get; init; }

        [CommandOption("--font-dir <DIR>")]
        [Description("Where the DejaVu Sans fonts are (default: Consilium:Reports:FontDirectory, then the usual font directories).")]
        public string? FontDirectory { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out FOLDER is required: where to write the PDF and FHIR files.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var storage = CliConfiguration.Storage(settings.DataDirectory, settings.Postgres);
        if (storage.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(storage.ConnectionString) && !File.Exists(storage.SqliteFilePath))
        {
            throw new BadInputException($"there is no Consilium database at {storage.SqliteFilePath} (pass --data-dir or --postgres)");
        }
        var fontDirectory = settings.FontDirectory ?? CliConfiguration.Load()[$"{ReportOptions.SectionName}:FontDirectory"];
        try
        {
            ReportFonts.Install(fontDirectory);
        }
        catch (ReportFontsMissingException e)
        {
            throw new BadInputException(e.Message);
        }
        var output = Path.GetFullPath(settings.Out!);
        if (File.Exists(output))
        {
            throw new BadInputException($"--out {output} is a file; give a folder");
        }
        Directory.CreateDirectory(output);

        await using var db = await ConsiliumDatabase.OpenAsync(storage, cancellationToken: cancellationToken);
        var names = AccountNames.For(storage);
        var cases = (await db.Opinions.ListSignedAsync(cancellationToken)).Select(o => o.CaseId).Distinct().Count();
        var written = 0;
        var progressConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await progressConsole.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var task = ctx.AddTask($"Exporting the delivered opinions of {cases} cases from {db.Description}", maxValue: Math.Max(cases, 1));
            await foreach (var delivered in DeliveredOpinions.AllAsync(db, names, cancellationToken))
            {
                var id = delivered.Case.Id;
                await WriteAsync(Path.Combine(output, $"{id}.pdf"), delivered.Pdf(fontDirectory), cancellationToken);
                await WriteAsync(Path.Combine(output, $"{id}.fhir.json"), System.Text.Encoding.UTF8.GetBytes(delivered.FhirJson()), cancellationToken);
                written++;
                task.Increment(1);
                Console.WriteLine($"{id}: diagnosis {delivered.Report.DiagnosisConcordance}, plan {delivered.Report.PlanConcordance}, version {delivered.Report.Current.Number}");
            }
            task.Value = task.MaxValue;
        });
        await Console.Error.WriteLineAsync($"Wrote {written} opinions ({written * 2} files) to {output}.");
        return ExitCodes.Ok;
    }

    private static async Task WriteAsync(string path, byte[] content, CancellationToken ct)
    {
        var temporary = path + ".partial";
        await File.WriteAllBytesAsync(temporary, content, ct);
        File.Move(temporary, path, overwrite: true);
    }
}
