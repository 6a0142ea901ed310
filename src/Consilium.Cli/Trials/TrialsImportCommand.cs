using System.ComponentModel;
using Consilium.Storage.Database;
using Consilium.Storage.Trials;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Trials;

/// <summary>
/// <c>consilium trials import PATH</c>: ClinicalTrials.gov API v2 JSON (a study, an array, an API page, or a folder of
/// them) into the database, one row per NCT id, replaced only by a newer version. Every file is read before anything is
/// stored, and the records are stored in one transaction: a bad file stores nothing.
/// </summary>
internal sealed class TrialsImportCommand : AsyncCommand<TrialsImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<PATH>")]
        [Description("A ClinicalTrials.gov API v2 JSON file (one study, an array of studies, or {\"studies\":[[...]]}) or a folder of them.")]
        public string Path { get; init; } = string.Empty;

        [CommandOption("--data-dir <DIR>")]
        [Description("Store in the SQLite database in DIR (default: Consilium:Storage from appsettings.json, i.e. ./data).")]
        public string? DataDirectory { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("Store in PostgreSQL (Npgsql connection string) instead of SQLite.")]
        public string? Postgres { get; init; }

        [CommandOption("--by <WHO>")]
        [Description("Who is recorded as importing (default: the operating-system user).")]
        public string? By { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var progressConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        IReadOnlyList<Consilium.Trials.Registry.RegistryEntry> entries = [];
        progressConsole.Status().Start($"Reading {settings.Path}", _ => entries = TrialRecords.ReadPath(settings.Path));
        await using var db = await ConsiliumDatabase.OpenAsync(CliConfiguration.Storage(settings.DataDirectory, settings.Postgres), cancellationToken: cancellationToken);
        var registry = new TrialRegistry(db.CreateDbContext, TimeProvider.System);
        TrialImportOutcome outcome = new(0, 0, 0, 0);
        await progressConsole.Status().StartAsync($"Storing {entries.Count} record(s)", async _ =>
            outcome = await registry.ImportAsync(entries.Select(TrialRecords.ToStored).ToList(), settings.By ?? Environment.UserName, cancellationToken));
        var files = entries.Select(e => e.File).Distinct(StringComparer.Ordinal).Count();
        AnsiConsole.MarkupLine($"Read [bold]{entries.Count}[/] record(s) from {files} file(s) into {Markup.Escape(db.Description)}: "
            + $"{outcome.Added} added, {outcome.Updated} updated to a newer version, {outcome.Unchanged} unchanged, {outcome.Older} older than the stored version (kept).");
        return ExitCodes.Ok;
    }
}
