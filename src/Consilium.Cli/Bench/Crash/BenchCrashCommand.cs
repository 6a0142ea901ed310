using System.ComponentModel;
using Consilium.Cli.Bench.Harness;
using Consilium.Storage.Configuration;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Bench.Crash;

/// <summary>
/// <c>consilium bench crash --iterations N [--seed S] [--provider sqlite|postgres|both] [--postgres CONN] [--workers W] [--json]</c>:
/// crash consistency of the real server (<see cref="CrashRun"/>) on a fresh SQLite data directory and/or a fresh PostgreSQL
/// database (created on the server <c>--postgres</c> points at, with CREATEDB, and dropped afterwards). Prints
/// <c>{"iterations":N,"acknowledgedLost":..,"partialStates":..,"auditChainBroken":..,...}</c>; exit 1 when anything is not zero,
/// with each problem on stderr.
/// </summary>
internal sealed class BenchCrashCommand : AsyncCommand<BenchCrashCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--iterations <N>")]
        [Description("Kill-and-restart rounds per provider (default 10).")]
        public int Iterations { get; init; } = 10;

        [CommandOption("--seed <S>")]
        [Description("Seed of the kill moments and of the writes' mix (default 1).")]
        public int Seed { get; init; } = 1;

        [CommandOption("--provider <P>")]
        [Description("sqlite, postgres or both (default: postgres with --postgres, else sqlite).")]
        public string? Provider { get; init; }

        [CommandOption("--postgres <CONN>")]
        [Description("A PostgreSQL server (Npgsql connection string, a role with CREATEDB): each run creates its own database there and drops it.")]
        public string? Postgres { get; init; }

        [CommandOption("--workers <W>")]
        [Description("Concurrent case stories while the server runs (default 4).")]
        public int Workers { get; init; } = 4;

        [CommandOption("--max-kill-ms <MS>")]
        [Description("The kill comes at a seeded random moment up to this long after the round's first acknowledged write (default 2500).")]
        public int MaxKillMilliseconds { get; init; } = 2500;

        [CommandOption("--data-dir <DIR>")]
        [Description("Where the data directories go (default: a new temporary folder, removed afterwards).")]
        public string? DataDirectory { get; init; }

        [CommandOption("--json")]
        [Description("Print exactly one JSON object on stdout.")]
        public bool Json { get; init; }

        public IReadOnlyList<StorageProvider> Providers() => (Provider?.ToLowerInvariant() ?? (Postgres is null ? "sqlite" : "postgres")) switch
        {
            "sqlite" => [StorageProvider.Sqlite],
            "postgres" or "postgresql" => [StorageProvider.PostgreSql],
            "both" => [StorageProvider.Sqlite, StorageProvider.PostgreSql],
            _ => [],
        };

        public override ValidationResult Validate() =>
            Iterations is < 1 or > 100_000 ? ValidationResult.Error("--iterations must be between 1 and 100000.")
            : Workers is < 1 or > 64 ? ValidationResult.Error("--workers must be between 1 and 64.")
            : MaxKillMilliseconds is < 300 or > 600_000 ? ValidationResult.Error("--max-kill-ms must be between 300 and 600000.")
            : Providers().Count == 0 ? ValidationResult.Error($"--provider must be sqlite, postgres or both, not '{Provider}'.")
            : Providers().Contains(StorageProvider.PostgreSql) && string.IsNullOrWhiteSpace(Postgres) ? ValidationResult.Error("PostgreSQL needs --postgres CONN (a role with CREATEDB).")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var root = settings.DataDirectory is { } given ? Path.GetFullPath(given) : Path.Combine(Path.GetTempPath(), "consilium-bench-crash-" + Guid.NewGuid().ToString("N")[..8]);
        var results = new List<CrashProviderResult>();
        var details = new List<string>();
        try
        {
            await stderr.Progress().AutoClear(false).StartAsync(async ctx =>
            {
                foreach (var provider in settings.Providers())
                {
                    var name = provider == StorageProvider.PostgreSql ? "postgres" : "sqlite";
                    var task = ctx.AddTask($"Kill and restart ({name})", maxValue: settings.Iterations);
                    var directory = Path.Combine(root, name);
                    await using var database = provider == StorageProvider.PostgreSql ? await ScratchDatabase.CreateAsync(settings.Postgres!, cancellationToken) : null;
                    var storage = database is null ? StorageOptions.ForDataDirectory(directory) : StorageOptions.ForPostgreSql(database.ConnectionString);
                    storage.DataDirectory = directory;
                    var run = new CrashRun(storage, settings.Seed, settings.Workers, TimeSpan.FromMilliseconds(settings.MaxKillMilliseconds));
                    results.Add(await run.RunAsync(settings.Iterations, new Progress<int>(i => task.Value = i), cancellationToken));
                    details.AddRange(run.Details.Select(d => $"{name}: {d}"));
                    if (run.Refusals.Count > 0)
                    {
                        stderr.MarkupLineInterpolated($"[grey]{name}: refused steps (not failures): {string.Join(", ", run.Refusals.Select(r => $"{r.Key} ×{r.Value}"))}[/]");
                    }
                    task.StopTask();
                }
            });
        }
        finally
        {
            if (settings.DataDirectory is null)
            {
                TryDelete(root);
            }
        }

        var summary = new
        {
            iterations = settings.Iterations,
            acknowledgedLost = results.Sum(r => r.AcknowledgedLost),
            partialStates = results.Sum(r => r.PartialStates),
            auditChainBroken = results.Sum(r => r.AuditChainBroken),
            duplicateDeliveries = results.Sum(r => r.DuplicateDeliveries),
            missingDeliveries = results.Sum(r => r.MissingDeliveries),
            undeliveredMail = results.Sum(r => r.UndeliveredMail),
            acknowledgedWrites = results.Sum(r => r.AcknowledgedWrites),
            reminders = results.Sum(r => r.Reminders),
            providers = results,
        };
        if (settings.Json)
        {
            BenchJson.Write(summary);
        }
        else
        {
            var table = new Table().AddColumns("provider", "iterations", "acknowledged writes", "lost", "partial states", "audit chain broken", "reminders", "mail sent", "duplicate", "missing", "undelivered");
            foreach (var r in results)
            {
                table.AddRow(r.Provider, $"{r.Iterations}", $"{r.AcknowledgedWrites}", $"{r.AcknowledgedLost}", $"{r.PartialStates}", $"{r.AuditChainBroken}",
                    $"{r.Reminders}", $"{r.MailSent}", $"{r.DuplicateDeliveries}", $"{r.MissingDeliveries}", $"{r.UndeliveredMail}");
            }
            AnsiConsole.Write(table);
        }
        foreach (var detail in details)
        {
            await Console.Error.WriteLineAsync(detail);
        }
        return results.All(r => r.Clean) ? ExitCodes.Ok : ExitCodes.ProblemFound;
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (IOException)
        {
            // A temp folder; the system cleans it.
        }
    }

    /// <summary>A fresh database on the PostgreSQL server for one run, dropped afterwards.</summary>
    private sealed class ScratchDatabase(string admin, string name, string connectionString) : IAsyncDisposable
    {
        public string ConnectionString => connectionString;

        public static async Task<ScratchDatabase> CreateAsync(string admin, CancellationToken ct)
        {
            var name = $"consilium_crash_{Guid.NewGuid():N}"[..40];
            await using (var connection = new NpgsqlConnection(admin))
            {
                await connection.OpenAsync(ct);
                await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
                await command.ExecuteNonQueryAsync(ct);
            }
            return new ScratchDatabase(admin, name, new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString);
        }

        public async ValueTask DisposeAsync()
        {
            NpgsqlConnection.ClearAllPools();
            await using var connection = new NpgsqlConnection(admin);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (PostgresException)
            {
                // An autovacuum worker may hold it for a moment; a leftover scratch database is harmless.
            }
        }
    }
}
