using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Consilium.Cli.Bench.Harness;
using Consilium.Storage.Configuration;
using Npgsql;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Bench.Load;

/// <summary>
/// <c>consilium bench load --duration S [--rate R] [--connections C] [--provider sqlite|postgres|both] [--postgres CONN] [--cases N] [--json] [--plot FILE.svg]</c>:
/// seeds a database with N cases (bulk insert), starts the real <c>consilium serve</c> process on it, and drives each hot path
/// for S seconds with C connections (closed loop): the coordinator's queue and case page, a case submission with triage
/// through the API, a record download, and the expert's case page with the ranked differential. Then the case page again at
/// R requests a second on a fixed schedule (open loop, latency from when each request was due). A bare Kestrel endpoint in
/// this process, driven the same way in the same run, is the ceiling each scenario is divided by.
/// </summary>
internal sealed class BenchLoadCommand : AsyncCommand<BenchLoadCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--duration <SECONDS>")]
        [Description("Seconds each scenario runs (default 60), after a short warm-up.")]
        public int Duration { get; init; } = 60;

        [CommandOption("--rate <R>")]
        [Description("Requests a second for the fixed-rate run of the case page (default 200; 0 leaves it out).")]
        public double Rate { get; init; } = 200;

        [CommandOption("--connections <C>")]
        [Description("Concurrent connections (default 16).")]
        public int Connections { get; init; } = 16;

        [CommandOption("--provider <PROVIDER>")]
        [Description("sqlite (default), postgres or both.")]
        public string Provider { get; init; } = "sqlite";

        [CommandOption("--postgres <CONN>")]
        [Description("A PostgreSQL server (Npgsql connection string, allowed to create databases): the bench creates a fresh database on it and drops it afterwards.")]
        public string? Postgres { get; init; }

        [CommandOption("--cases <N>")]
        [Description("Cases seeded for the coordinator (default 10000).")]
        public int Cases { get; init; } = 10_000;

        [CommandOption("--scenario <NAMES>")]
        [Description("Only these scenarios, comma-separated (case-list, case-page, case-submission, document-download, ddx); default all. The ceiling always runs.")]
        public string? Scenario { get; init; }

        public IReadOnlyList<string> ScenarioNames => Scenario is null
            ? LoadScenarios.Names
            : [.. Scenario.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

        [CommandOption("--json")]
        [Description("Print exactly one JSON object: {\"scenarios\":[{\"name\",\"provider\",\"rps\",\"p50ms\",\"p95ms\",\"p99ms\",\"errors\",\"ceilingRatio\",...}]}.")]
        public bool Json { get; init; }

        [CommandOption("--plot <FILE.svg>")]
        [Description("Also draw the latency percentiles per scenario as an SVG chart.")]
        public string? Plot { get; init; }

        public IReadOnlyList<StorageProvider> Providers => Provider.ToLowerInvariant() switch
        {
            "sqlite" => [StorageProvider.Sqlite],
            "postgres" or "postgresql" => [StorageProvider.PostgreSql],
            "both" => [StorageProvider.Sqlite, StorageProvider.PostgreSql],
            _ => [],
        };

        public override ValidationResult Validate() =>
            Duration is < 1 or > 3600 ? ValidationResult.Error("--duration must be between 1 and 3600 seconds.")
            : Connections is < 1 or > 1024 ? ValidationResult.Error("--connections must be between 1 and 1024.")
            : Rate is < 0 or > 100_000 || double.IsNaN(Rate) ? ValidationResult.Error("--rate must be between 0 and 100000 requests a second.")
            : Cases is < 10 or > 1_000_000 ? ValidationResult.Error("--cases must be between 10 and 1000000.")
            : Providers.Count == 0 ? ValidationResult.Error($"--provider must be sqlite, postgres or both, not '{Provider}'.")
            : Providers.Contains(StorageProvider.PostgreSql) && string.IsNullOrWhiteSpace(Postgres) ? ValidationResult.Error("--provider postgres needs --postgres CONN (a server the bench may create a database on).")
            : ScenarioNames.FirstOrDefault(n => !LoadScenarios.Names.Contains(n)) is { } unknown ? ValidationResult.Error($"--scenario: there is no scenario '{unknown}' (there are {string.Join(", ", LoadScenarios.Names)}).")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (settings.Plot is { } plot && !Directory.Exists(Path.GetDirectoryName(Path.GetFullPath(plot))))
        {
            throw new BadInputException($"--plot: the folder of {plot} does not exist.");
        }
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var duration = TimeSpan.FromSeconds(settings.Duration);
        var results = new List<LoadScenarioResult>();
        await using var ceiling = await CeilingServer.StartAsync(cancellationToken);
        using var ceilingClient = LoadScenarios.CeilingClient(ceiling.BaseAddress, settings.Connections);
        foreach (var provider in settings.Providers)
        {
            var work = Path.Combine(Path.GetTempPath(), "consilium-bench-load-" + Guid.NewGuid().ToString("N")[..8]);
            await using var database = provider == StorageProvider.PostgreSql ? await BenchDatabase.CreateAsync(settings.Postgres!, cancellationToken) : null;
            var storage = database is null
                ? StorageOptions.ForDataDirectory(Path.Combine(work, "data"))
                : new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = database.ConnectionString, DataDirectory = Path.Combine(work, "data") };
            var name = provider == StorageProvider.Sqlite ? "sqlite" : "postgres";
            try
            {
                results.AddRange(await RunProviderAsync(name, storage, settings, duration, ceilingClient, stderr, cancellationToken));
            }
            finally
            {
                TryDelete(work);
            }
        }

        var result = new LoadResult(results);
        if (settings.Plot is { } file)
        {
            await File.WriteAllTextAsync(file, LoadReport.Svg(result), cancellationToken);
        }
        if (settings.Json)
        {
            BenchJson.Write(result);
        }
        else
        {
            AnsiConsole.Write(LoadReport.Table(result));
        }
        return results.Any(r => r.Errors > 0 || r.Requests == 0) ? ExitCodes.ProblemFound : ExitCodes.Ok;
    }

    private static async Task<IReadOnlyList<LoadScenarioResult>> RunProviderAsync(
        string provider, StorageOptions storage, Settings settings, TimeSpan duration, HttpClient ceilingClient, IAnsiConsole stderr, CancellationToken cancellationToken)
    {
        // 1. The database: accounts (with TOTP and tokens), then the cases in bulk, the expert's cases and the records.
        LoadData data = null!;
        BenchAccountSet accounts = null!;
        await stderr.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var task = ctx.AddTask($"{provider}: seeding {settings.Cases:N0} cases", maxValue: settings.Cases);
            accounts = await BenchAccounts.SeedAsync(storage, cancellationToken);
            data = await LoadSeed.SeedAsync(storage, settings.Cases, accounts.Patient.Id, accounts.ExpertA.Id,
                $"{accounts.Coordinator.Name} ({accounts.Coordinator.Id})", new Experts.SyncProgress<int>(n => task.Value = n), cancellationToken);
            task.Value = settings.Cases;
        });

        // 2. The real server process on it, with the HPO data the differential needs.
        await using var server = await ServerProcess.StartAsync(storage, ServerSettings(), cancellationToken: cancellationToken);
        using var coordinator = new WebSession(server.BaseAddress, settings.Connections);
        await coordinator.SignInAsync(accounts.Coordinator, cancellationToken);
        using var expert = new WebSession(server.BaseAddress, settings.Connections);
        await expert.SignInAsync(accounts.ExpertA, cancellationToken);
        using var api = WebSession.ApiClient(server.BaseAddress, accounts.Coordinator, settings.Connections);
        if (settings.ScenarioNames.Contains(LoadScenarios.Differential))
        {
            await CheckDifferentialAsync(expert.Client, data, cancellationToken);
        }

        // 3. Each scenario after a warm-up, then the ceiling the same way; then the case page (and the ceiling) at the fixed rate.
        var scenarios = LoadScenarios.All(data, coordinator.Client, expert.Client, api).Where(s => settings.ScenarioNames.Contains(s.Name)).ToList();
        var measured = new List<(LoadScenario Scenario, string Mode, double? Rate, LoadMeasurement Measurement, TimeSpan? ServerCpu)>();
        using var serverProcess = Process.GetProcessById(server.ProcessId);
        var warmUp = TimeSpan.FromSeconds(Math.Clamp(duration.TotalSeconds / 5, 1, 5));
        await stderr.Progress().AutoClear(true).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn()).StartAsync(async ctx =>
        {
            foreach (var scenario in scenarios.Append(LoadScenarios.CeilingPage(ceilingClient)))
            {
                var task = ctx.AddTask($"{provider}: {scenario.Name}, {settings.Connections} connections", maxValue: 1);
                await LoadRunner.ClosedLoopAsync(scenario.Send, settings.Connections, warmUp, null, cancellationToken);
                var cpu = CpuOf(serverProcess);
                var m = await LoadRunner.ClosedLoopAsync(scenario.Send, settings.Connections, duration, new Progress<double>(v => task.Value = v), cancellationToken);
                measured.Add((scenario, "closed", null, m, scenario.Name == LoadScenarios.Ceiling ? null : CpuOf(serverProcess) - cpu));
                task.Value = 1;
            }
            if (settings.Rate > 0 && scenarios.Any(s => s.Name == LoadScenarios.CasePage))
            {
                foreach (var scenario in scenarios.Where(s => s.Name == LoadScenarios.CasePage).Append(LoadScenarios.CeilingPage(ceilingClient)))
                {
                    var task = ctx.AddTask(string.Create(CultureInfo.InvariantCulture, $"{provider}: {scenario.Name}, {settings.Rate:0} requests/s"), maxValue: 1);
                    var cpu = CpuOf(serverProcess);
                    var m = await LoadRunner.OpenLoopAsync(scenario.Send, settings.Rate, settings.Connections, duration, new Progress<double>(v => task.Value = v), cancellationToken);
                    measured.Add((scenario, "open", settings.Rate, m, scenario.Name == LoadScenarios.Ceiling ? null : CpuOf(serverProcess) - cpu));
                    task.Value = 1;
                }
            }
        });
        await server.StopAsync();
        if (measured.Any(m => m.Measurement.Errors > 0))
        {
            // What the server said about the failures (its warnings and errors).
            stderr.WriteLine(string.Join('\n', server.Log.Split('\n').Where(l => l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("Exception", StringComparison.Ordinal)).TakeLast(20)));
        }

        foreach (var (scenario, _, _, m, _) in measured.Where(m => m.Measurement.Errors > 0))
        {
            stderr.MarkupLineInterpolated($"[red]{provider}: {scenario.Name}: {m.Errors} errors[/], e.g. {string.Join("; ", m.Problems)}");
        }
        return [.. measured.Select(m => LoadReport.Result(m.Scenario.Name, m.Scenario.Name == LoadScenarios.Ceiling ? "none" : provider, m.Mode, settings.Connections, m.Rate, m.Measurement,
            measured.Single(c => c.Scenario.Name == LoadScenarios.Ceiling && c.Mode == m.Mode).Measurement.RequestsPerSecond, m.ServerCpu))];
    }

    /// <summary>CPU time the process (the server: dotnet running consilium serve) has used so far.</summary>
    private static TimeSpan CpuOf(Process process)
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    /// <summary>The expert's page must show a ranked differential, or the scenario would measure a page without decision support.</summary>
    private static async Task CheckDifferentialAsync(HttpClient expert, LoadData data, CancellationToken cancellationToken)
    {
        var page = await expert.GetStringAsync($"/expert/cases/{data.ExpertCases[0]}", cancellationToken);
        if (!page.Contains("OMIM:", StringComparison.Ordinal) && !page.Contains("ORPHA:", StringComparison.Ordinal))
        {
            throw new BadInputException("The expert's case page shows no ranked differential: the server has no HPO data (set Consilium:Phenotypes:DataDirectory or CONSILIUM_HPO_DIR to ../shared/data/hpo).");
        }
    }

    private static Dictionary<string, string?> ServerSettings()
    {
        var settings = new Dictionary<string, string?>();
        // The server runs elsewhere: the HPO directory goes to it as a full path (CONSILIUM_HPO_DIR wins, as it does for ddx).
        var hpo = Environment.GetEnvironmentVariable("CONSILIUM_HPO_DIR") is { Length: > 0 } fromEnvironment ? fromEnvironment : CliConfiguration.Load()["Consilium:Phenotypes:DataDirectory"];
        if (!string.IsNullOrWhiteSpace(hpo))
        {
            settings["Consilium:Phenotypes:DataDirectory"] = Path.GetFullPath(hpo);
        }
        return settings;
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
            // Left to the system's temp cleaning.
        }
    }
}

/// <summary>A fresh PostgreSQL database for one run, created on the given server and dropped at the end.</summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private BenchDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 200 }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<BenchDatabase> CreateAsync(string server, CancellationToken cancellationToken)
    {
        var name = "consilium_bench_load_" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or ArgumentException)
        {
            throw new BadInputException($"--postgres: could not create a database for the bench: {e.Message}", e);
        }
        return new BenchDatabase(server, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_server);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
