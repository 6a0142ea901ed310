using System.ComponentModel;
using System.Security.Cryptography;
using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Fhir.Intake;
using Consilium.Storage.Cases;
using Consilium.Storage.Database;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Cases;

/// <summary>
/// <c>consilium import FILE...</c>: reads FHIR R4 Bundles, triages each, and stores them as cases.
/// All or nothing by default: one unreadable file and nothing is stored (each problem is named).
/// A case's id comes from its file's content, so importing the same file twice is noticed and skipped.
/// </summary>
internal sealed class ImportCommand : AsyncCommand<ImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("FHIR R4 Bundle files (JSON), or directories of them.")]
        public string[] Files { get; init; } = [];

        [CommandOption("--data-dir <DIR>")]
        [Description("Store in the SQLite database in DIR (default: Consilium:Storage from appsettings.json, i.e. ./data).")]
        public string? DataDirectory { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("Store in PostgreSQL (Npgsql connection string) instead of SQLite.")]
        public string? Postgres { get; init; }

        [CommandOption("--skip-invalid")]
        [Description("Store the files that are valid even when others are not (they are still reported, exit code 2).")]
        public bool SkipInvalid { get; init; }

        [CommandOption("--as-of <DATE>")]
        [Description("Triage as of this date (default: now).")]
        public string? AsOf { get; init; }

        [CommandOption("--by <WHO>")]
        [Description("Who is recorded on the case timeline as submitting the cases (default: import).")]
        public string By { get; init; } = "import";
    }

    private sealed record Prepared(string File, SecondOpinionCase Case, TriageResult Triage, bool Deceased);

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var asOf = AsOfOption.Resolve(settings.AsOf);
        var storage = CliConfiguration.Storage(settings.DataDirectory, settings.Postgres);
        var files = ExpandFiles(settings.Files);
        var progressConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var prepared = new List<Prepared>();
        var problems = new List<string>();

        await progressConsole.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var reading = ctx.AddTask("Reading and triaging", maxValue: files.Count);
            foreach (var file in files)
            {
                cancellationToken.ThrowIfCancellationRequested();
                try
                {
                    var bytes = await File.ReadAllBytesAsync(file, cancellationToken);
                    var intake = BundleIntake.Read(bytes);
                    var triage = TriageEngine.Assess(intake.CaseFile, asOf);
                    var c = new SecondOpinionCase(IdFor(bytes), intake.CaseFile, settings.By, asOf);
                    c.MoveTo(CaseStatus.Submitted, settings.By, asOf, $"Imported from FHIR Bundle {Path.GetFileName(file)} ({intake.EntryCount} entries).");
                    c.MoveTo(CaseStatus.RecordsReview, "consilium", asOf, "Records received with the referral.");
                    c.RecordTriage(triage, "triage-engine", asOf);
                    prepared.Add(new Prepared(file, c, triage, intake.PatientDeceased));
                }
                catch (FhirIntakeException ex)
                {
                    problems.Add($"{file}: {ex.Message}");
                }
                catch (IOException ex)
                {
                    problems.Add($"{file}: cannot read: {ex.Message}");
                }
                reading.Increment(1);
            }
        });

        foreach (var p in problems)
        {
            await Console.Error.WriteLineAsync($"consilium: {ExitCodes.OneLine(p)}");
        }
        if (problems.Count > 0 && !settings.SkipInvalid)
        {
            await Console.Error.WriteLineAsync($"consilium: nothing imported: {problems.Count} of {files.Count} files could not be read (fix them, or pass --skip-invalid to import the rest).");
            return ExitCodes.BadInput;
        }

        await using var db = await ConsiliumDatabase.OpenAsync(storage, cancellationToken: cancellationToken);
        var unique = prepared.DistinctBy(p => p.Case.Id).ToList();
        var storedIds = await db.Cases.FindStoredIdsAsync(unique.Select(p => p.Case.Id), cancellationToken);
        var fresh = unique.Where(p => !storedIds.Contains(p.Case.Id)).ToList();
        var already = unique.Where(p => storedIds.Contains(p.Case.Id)).ToList();
        var stored = 0;
        await progressConsole.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var storing = ctx.AddTask($"Storing in {db.Description}", maxValue: Math.Max(fresh.Count, 1));
            stored = await db.Cases.AddRangeAsync(fresh.Select(p => p.Case), new Progress<int>(n => storing.Value = n), batchSize: 200, cancellationToken);
            storing.Value = storing.MaxValue;
        });

        var table = new Table().Border(TableBorder.Rounded).AddColumn("File").AddColumn("Case").AddColumn("Situations").AddColumn("Urgency");
        foreach (var p in fresh)
        {
            var situations = p.Triage.Situations.Count == 0 ? "-" : string.Join(", ", p.Triage.Situations.Select(s => s.Code));
            var note = p.Deceased ? " (patient deceased)" : string.Empty;
            table.AddRow(Markup.Escape(Path.GetFileName(p.File)), p.Case.Id.ToString(), Markup.Escape(situations + note), p.Triage.Urgency.ToString().ToLowerInvariant());
        }
        if (fresh.Count > 0)
        {
            AnsiConsole.Write(table);
        }
        foreach (var p in already)
        {
            AnsiConsole.MarkupLine($"[grey]{Markup.Escape(Path.GetFileName(p.File))}: already imported as case {p.Case.Id}, skipped.[/]");
        }
        AnsiConsole.MarkupLine($"Imported [bold]{stored}[/] case(s) into {Markup.Escape(db.Description)}; {already.Count} already there; {problems.Count} unreadable.");
        return problems.Count > 0 ? ExitCodes.BadInput : ExitCodes.Ok;
    }

    /// <summary>The same file always becomes the same case id (first 16 bytes of its SHA-256).</summary>
    private static Guid IdFor(byte[] content) => new(SHA256.HashData(content).AsSpan(0, 16));

    private static List<string> ExpandFiles(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.json", SearchOption.TopDirectoryOnly).Order(StringComparer.Ordinal));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new BadInputException($"{path}: no such file or directory.");
            }
        }
        if (files.Count == 0)
        {
            throw new BadInputException("no .json files to import.");
        }
        return files;
    }
}
