using System.ComponentModel;
using System.Text.Json;
using Consilium.Storage.Audit;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Audit;

/// <summary>
/// <c>consilium audit verify</c>: checks the audit trail's hash chain from the first entry to the last. Exit 0 when it is intact;
/// exit 1 when it is broken, naming the first entry at fault (its sequence number) and what is wrong with it.
/// </summary>
internal sealed class AuditVerifyCommand : AsyncCommand<AuditVerifyCommand.Settings>
{
    /// <summary>The exit code when the chain is broken (the check itself worked).</summary>
    public const int Broken = ExitCodes.ProblemFound;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--data-dir <DIR>")]
        [Description("Check the SQLite database in DIR (default: Consilium:Storage from appsettings.json, i.e. ./data).")]
        public string? DataDirectory { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("Check PostgreSQL (Npgsql connection string) instead of SQLite.")]
        public string? Postgres { get; init; }

        [CommandOption("--json")]
        [Description("Print exactly one JSON object: intact, entriesChecked, brokenAtSequence, problem, lastHash.")]
        public bool Json { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var storage = CliConfiguration.Storage(settings.DataDirectory, settings.Postgres);
        if (storage.Provider == StorageProvider.Sqlite && string.IsNullOrWhiteSpace(storage.ConnectionString) && !File.Exists(storage.SqliteFilePath))
        {
            throw new BadInputException($"there is no Consilium database at {storage.SqliteFilePath} (pass --data-dir or --postgres)");
        }
        await using var db = await ConsiliumDatabase.OpenAsync(storage, cancellationToken: cancellationToken);
        var total = await db.Audit.CountAsync(new AuditQuery(), cancellationToken);
        var progressConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        AuditVerification result = null!;
        await progressConsole.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var task = ctx.AddTask($"Verifying {total} audit entries in {db.Description}", maxValue: Math.Max(total, 1));
            result = await db.Audit.VerifyAsync(new Progress<long>(n => task.Value = n), cancellationToken);
            task.Value = task.MaxValue;
        });

        if (settings.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                intact = result.Intact,
                entriesChecked = result.EntriesChecked,
                brokenAtSequence = result.BrokenAtSequence,
                problem = result.Problem,
                lastHash = result.LastHash,
            }));
        }
        else if (result.Intact)
        {
            AnsiConsole.MarkupLine($"Audit trail [green]intact[/]: {result.EntriesChecked} entries checked in {Markup.Escape(db.Description)}.");
            if (result.LastHash is { } last)
            {
                AnsiConsole.WriteLine($"Last entry hash: {last} (keep it elsewhere: a later check must still pass through it).");
            }
        }
        else
        {
            AnsiConsole.MarkupLine($"Audit trail [red]BROKEN[/] at entry {result.BrokenAtSequence}: {Markup.Escape(result.Problem ?? "?")}.");
            AnsiConsole.WriteLine($"{result.EntriesChecked} entries before it are intact ({db.Description}).");
        }
        if (!result.Intact)
        {
            await Console.Error.WriteLineAsync($"consilium: audit trail broken at entry {result.BrokenAtSequence}: {ExitCodes.OneLine(result.Problem ?? "?")}");
            return Broken;
        }
        return ExitCodes.Ok;
    }
}
