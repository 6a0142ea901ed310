using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Consilium.Storage.Audit;
using Consilium.Storage.Database;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Backup;

/// <summary>
/// <c>consilium restore FILE</c>: checks the archive whole, replaces the target's database and documents with it (refusing a target
/// with data unless <c>--force</c>), then verifies the audit chain and decrypts every document. Exit 0 when all of that holds, 1 when
/// the restored data fails the check, 2 for a bad or damaged archive, a non-empty target or bad arguments (nothing is changed then).
/// </summary>
internal sealed class RestoreCommand : AsyncCommand<RestoreCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("The archive written by consilium backup.")]
        public string Archive { get; init; } = string.Empty;

        [CommandOption("--data-dir <DIR>")]
        [Description("Restore into this data directory (SQLite database and documents; default: Consilium:Storage, i.e. ./data). With --postgres: where the documents go.")]
        public string? DataDirectory { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("Restore into this PostgreSQL database (it must exist; pg_restore) instead of SQLite.")]
        public string? Postgres { get; init; }

        [CommandOption("--force")]
        [Description("Replace a target that already holds a database or documents.")]
        public bool Force { get; init; }

        [CommandOption("--json")]
        [Description("Print exactly one JSON object: provider, counts, seconds, auditIntact, auditEntries, documentsDecrypted, documentFailures.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var target = CliConfiguration.Storage(settings.DataDirectory, settings.Postgres);
        var clock = Stopwatch.StartNew();
        BackupManifest manifest;
        RestoreCheckResult check;
        try
        {
            (manifest, check) = await SpectreBackupProgress.RunAsync(async progress =>
            {
                var restored = await DatabaseRestore.RestoreAsync(settings.Archive, target, settings.Force, progress, cancellationToken);
                return (restored, await RestoreCheck.RunAsync(target, progress, cancellationToken));
            });
        }
        catch (PostgreSqlToolException e)
        {
            throw new BadInputException($"{e.Message} (the target database is unchanged)", e);
        }
        var seconds = clock.Elapsed.TotalSeconds;
        await using (var db = await ConsiliumDatabase.OpenAsync(target, cancellationToken: cancellationToken))
        {
            await db.Audit.AppendAsync(new AuditEvent($"cli:{Environment.UserName}", "backup.restore", null, $"Backup/{Path.GetFileName(settings.Archive)}",
                $"made {manifest.CreatedAt:u} by Consilium {manifest.ConsiliumVersion}; audit chain {(check.Audit.Intact ? "intact" : "BROKEN")}, {check.DocumentsDecrypted} documents decrypt, {check.DocumentFailures.Count} do not", null), cancellationToken);
        }

        var counts = manifest.Counts;
        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                provider = manifest.Provider.ToString(),
                counts,
                seconds = Math.Round(seconds, 3),
                auditIntact = check.Audit.Intact,
                auditEntries = check.Audit.EntriesChecked,
                documentsDecrypted = check.DocumentsDecrypted,
                documentFailures = check.DocumentFailures,
            }, BackupManifest.OneLineJson));
        }
        else
        {
            AnsiConsole.WriteLine($"Restored {manifest.Provider} backup of {manifest.CreatedAt:u} (Consilium {manifest.ConsiliumVersion}): {counts.Cases} cases, {counts.Documents} documents, {counts.AuditEntries} audit entries, {counts.Accounts} accounts, {counts.DataProtectionKeys} Data Protection keys, in {seconds:0.0} s.");
            AnsiConsole.WriteLine(check.Audit.Intact
                ? $"Audit trail intact: {check.Audit.EntriesChecked} entries checked; last hash {check.Audit.LastHash}."
                : $"Audit trail BROKEN at entry {check.Audit.BrokenAtSequence}: {check.Audit.Problem}.");
            AnsiConsole.WriteLine($"{check.DocumentsDecrypted} of {check.DocumentsDecrypted + check.DocumentFailures.Count} documents decrypt and match their SHA-256.");
        }
        foreach (var failure in check.DocumentFailures)
        {
            await Console.Error.WriteLineAsync($"consilium: {ExitCodes.OneLine(failure)}");
        }
        if (!check.Passed)
        {
            await Console.Error.WriteLineAsync("consilium: the restored data failed its check (see above)");
            return ExitCodes.ProblemFound;
        }
        return ExitCodes.Ok;
    }
}
