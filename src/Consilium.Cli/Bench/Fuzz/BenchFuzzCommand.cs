using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Consilium.Cli.Bench.Harness;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Bench.Fuzz;

/// <summary>
/// <c>consilium bench fuzz --inputs N [--seed S] [--json] [--out DIR]</c>: feeds N hostile inputs, made from the real
/// files in the shared data by mutation and by FsCheck generators, to every file reader (FHIR intake, phenopackets,
/// expert directories, trial registry, medication knowledge, HPO files, upload sniffing) and to the running platform's
/// API bodies, uploads and forms (in-process on loopback, a fresh SQLite data directory, its private Orthanc when
/// installed). Each input is accepted, rejected with a message naming the problem, or a failure: a crash (an
/// unexpected exception, a 5xx), a hang (past --timeout) or a partial write (refused, but rows or files left behind).
/// Exit 0 when there are no failures, 1 when there are (the first few on stderr, all of them in --out).
/// </summary>
internal sealed class BenchFuzzCommand : AsyncCommand<BenchFuzzCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--inputs <N>")]
        [Description("How many hostile inputs to send (default 1000), shared round-robin between the targets.")]
        public int Inputs { get; init; } = 1000;

        [CommandOption("--seed <S>")]
        [Description("Seed of the mutations and generators (default 1): the same seed sends the same inputs.")]
        public int Seed { get; init; } = 1;

        [CommandOption("--json")]
        [Description("Print exactly one JSON object: inputs, accepted, rejected, crashes, hangs, partialWrites.")]
        public bool Json { get; init; }

        [CommandOption("--out <DIR>")]
        [Description("Save every failing input (bytes and what happened) in this folder, to turn into regression tests.")]
        public string? Out { get; init; }

        [CommandOption("--data <DIR>")]
        [Description("The shared reference data (default: CONSILIUM_SHARED_DATA, else shared/data found above the working directory).")]
        public string? Data { get; init; }

        [CommandOption("--timeout <SECONDS>")]
        [Description("An input still running after this long is a hang (default 10).")]
        public double TimeoutSeconds { get; init; } = 10;

        [CommandOption("--targets <NAMES>")]
        [Description("Only the targets whose names start with one of these (comma-separated), e.g. fhir,http-form.")]
        public string? Targets { get; init; }

        [CommandOption("--no-http")]
        [Description("Only the file readers: do not start the platform.")]
        public bool NoHttp { get; init; }

        public override ValidationResult Validate() =>
            Inputs is < 1 or > 10_000_000 ? ValidationResult.Error("--inputs must be between 1 and 10000000.")
            : TimeoutSeconds is < 0.1 or > 600 ? ValidationResult.Error("--timeout must be between 0.1 and 600 seconds.")
            : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var data = FuzzSeeds.Locate(settings.Data)
            ?? throw new BadInputException($"bench fuzz needs the shared reference data: {(settings.Data is null ? "set CONSILIUM_SHARED_DATA or pass --data DIR" : $"'{settings.Data}' is not a folder")}.");
        if (settings.Out is { } outDir)
        {
            try
            {
                Directory.CreateDirectory(outDir);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                throw new BadInputException($"--out '{outDir}' cannot be created: {e.Message}", e);
            }
        }
        var scratch = Path.Combine(Path.GetTempPath(), "consilium-bench-fuzz-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(scratch);
        HttpTargets? http = null;
        try
        {
            var seeds = new FuzzSeeds(data);
            List<FuzzTarget> targets = [.. ParserTargets.Create(seeds, scratch)];
            var filter = settings.Targets?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
            bool Wanted(string name) => filter.Length == 0 || filter.Any(f => name.StartsWith(f, StringComparison.OrdinalIgnoreCase));
            if (!settings.NoHttp && (filter.Length == 0 || filter.Any(f => f.StartsWith("http", StringComparison.OrdinalIgnoreCase))))
            {
                await stderr.Status().StartAsync("Starting the platform on loopback (fresh SQLite, private Orthanc when installed)", async _ =>
                {
                    http = await HttpTargets.StartAsync(seeds, scratch, cancellationToken);
                });
                targets.AddRange(http!.Targets);
            }
            targets = [.. targets.Where(t => Wanted(t.Name))];
            if (targets.Count == 0)
            {
                throw new BadInputException($"--targets '{settings.Targets}' matches none of the targets.");
            }

            var campaign = new FuzzCampaign(targets, settings.Seed, TimeSpan.FromSeconds(settings.TimeoutSeconds), http is null ? null : http.FreshCasesAsync);
            var clock = Stopwatch.StartNew();
            FuzzReport report = null!;
            await stderr.Progress().AutoClear(true).HideCompleted(true).StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"Fuzzing {targets.Count} targets", maxValue: settings.Inputs);
                report = await campaign.RunAsync(settings.Inputs, (done, r) =>
                {
                    task.Value = done;
                    task.Description = string.Create(CultureInfo.InvariantCulture, $"Fuzzing {targets.Count} targets: {r.Totals[FuzzOutcome.Crash]} crashes, {r.Totals[FuzzOutcome.Hang]} hangs, {r.Totals[FuzzOutcome.PartialWrite]} partial writes");
                }, cancellationToken);
            });
            clock.Stop();

            Print(settings, report, clock.Elapsed);
            await ListFailuresAsync(report, settings.Out);
            return report.Clean ? ExitCodes.Ok : ExitCodes.ProblemFound;
        }
        finally
        {
            if (http is not null)
            {
                await http.DisposeAsync();
            }
            try
            {
                Directory.Delete(scratch, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left to the system's temp cleaning.
            }
        }
    }

    private static void Print(Settings settings, FuzzReport report, TimeSpan elapsed)
    {
        var t = report.Totals;
        if (settings.Json)
        {
            var result = new BenchFuzzResult(t.Total, t[FuzzOutcome.Accepted], t[FuzzOutcome.Rejected], t[FuzzOutcome.Crash], t[FuzzOutcome.Hang], t[FuzzOutcome.PartialWrite]);
            BenchJson.Write(result);
            return;
        }
        var table = new Table().AddColumns("target", "inputs", "accepted", "rejected", "crashes", "hangs", "partial writes", "seconds", "a refusal, for example");
        foreach (var (name, tally) in report.ByTarget.Append(new KeyValuePair<string, FuzzTally>("[bold]all[/]", t)))
        {
            table.AddRow(name.StartsWith('[') ? name : Markup.Escape(name), N(tally.Total), N(tally[FuzzOutcome.Accepted]), N(tally[FuzzOutcome.Rejected]),
                Bad(tally[FuzzOutcome.Crash]), Bad(tally[FuzzOutcome.Hang]), Bad(tally[FuzzOutcome.PartialWrite]),
                tally.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),
                Markup.Escape(Shorten(report.ExampleRefusal.GetValueOrDefault(name) ?? "")));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"{t.Total} inputs in {elapsed.TotalSeconds:0.0} s (seed {settings.Seed}); {(report.Clean ? "[green]no crashes, hangs or partial writes[/]" : "[red]failures found[/]")}."));

        static string Shorten(string s) => s.Length <= 90 ? s : s[..90] + "…";
        static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        static string Bad(int n) => n == 0 ? "0" : $"[red]{n.ToString(CultureInfo.InvariantCulture)}[/]";
    }

    private static async Task ListFailuresAsync(FuzzReport report, string? outDir)
    {
        foreach (var f in report.Failures.Take(10))
        {
            await Console.Error.WriteLineAsync($"{f.Outcome} #{f.Index} {f.Target} ({f.Mutation}, {f.Input.Length} bytes): {ExitCodes.OneLine(f.Message)}");
        }
        if (report.Failures.Count > 10)
        {
            await Console.Error.WriteLineAsync($"… and {report.Failures.Count - 10} more{(outDir is null ? " (use --out DIR to keep them all)" : "")}.");
        }
        if (outDir is null)
        {
            return;
        }
        foreach (var f in report.Failures)
        {
            var stem = Path.Combine(outDir, string.Create(CultureInfo.InvariantCulture, $"{f.Index:D7}-{f.Target}-{f.Mutation}-{f.Outcome}"));
            await File.WriteAllBytesAsync(stem + ".input", f.Input);
            await File.WriteAllTextAsync(stem + ".txt", $"target: {f.Target}\nmutation: {f.Mutation}\noutcome: {f.Outcome}\ninput index: {f.Index}\n{f.Message}\n");
        }
    }
}

/// <summary>The one JSON object <c>consilium bench fuzz --json</c> prints.</summary>
internal sealed record BenchFuzzResult(int Inputs, int Accepted, int Rejected, int Crashes, int Hangs, int PartialWrites);
