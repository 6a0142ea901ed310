using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Backup;

/// <summary>
/// <c>consilium backup --out FILE</c>: one archive with the database (keys included), the encrypted documents and a manifest, taken
/// while the platform runs. Exit 1 when the data is damaged (a document without its file), 2 for bad arguments or no database.
/// </summary>
internal sealed class BackupCommand : AsyncCommand<BackupCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--out <FILE>")]
        [Description("The archive to write (a ZIP; replaced only once the new one is complete).")]
        public string? Out { get; init; }

        [CommandOption("--data-dir <DIR>")]
        [Description("The data directory: SQLite database and documents (default: Consilium:Storage from appsettings.json, i.e. ./data). With --postgres: where the documents are.")]
        public string? DataDirectory { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("Back up PostgreSQL (Npgsql connection string) with pg_dump instead of SQLite.")]
        public string? Postgres { get; init; }

        [CommandOption("--json")]
        [Description("Print exactly one JSON object: archive, bytes, seconds, provider, counts, parts.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            string.IsNullOrWhiteSpace(Out) ? ValidationResult.Error("--out FILE is required: where to write the backup archive.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var storage = CliConfiguration.Storage(settings.DataDirectory, settings.Postgres);
        var clock = Stopwatch.StartNew();
        BackupResult result;
        try
        {
            result = await SpectreBackupProgress.RunAsync(progress => DatabaseBackup.CreateAsync(storage, settings.Out!, progress, cancellationToken));
        }
        catch (BackupProblemException e)
        {
            await Console.Error.WriteLineAsync($"consilium: backup not written: {ExitCodes.OneLine(e.Message)}");
            return ExitCodes.ProblemFound;
        }
        catch (PostgreSqlToolException e)
        {
            throw new BadInputException(e.Message, e);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await DatabaseBackup.AuditAsync(storage, result, cancellationToken);

        var manifest = result.Manifest;
        var counts = manifest.Counts;
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                archive = result.ArchivePath,
                bytes = result.ArchiveBytes,
                seconds = Math.Round(seconds, 3),
                provider = manifest.Provider.ToString(),
                counts,
                parts = manifest.Parts.Count,
            }, BackupManifest.OneLineJson));
        }
        else
        {
            AnsiConsole.MarkupLine($"Backed up {manifest.Provider}: {counts.Cases} cases, {counts.Documents} documents, {counts.AuditEntries} audit entries, {counts.Accounts} accounts, {counts.DataProtectionKeys} Data Protection keys");
            AnsiConsole.WriteLine($"  -> {result.ArchivePath} ({result.ArchiveBytes / 1024.0 / 1024.0:0.0} MB, {manifest.Parts.Count} parts, SHA-256 each) in {seconds:0.0} s.");
            AnsiConsole.WriteLine("The archive holds the keys that decrypt the documents: keep it as safe as the data itself.");
        }
        return ExitCodes.Ok;
    }
}
