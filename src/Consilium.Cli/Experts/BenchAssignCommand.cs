using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using Consilium.Domain.Assignment;
using Consilium.Domain.Experts;
using Consilium.Domain.Experts.Synthetic;
using Consilium.Domain.Matching;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Experts;

/// <summary>
/// <c>consilium bench assign --cases N --experts M --seed S [--json]</c>: a synthetic network and open cases, batch
/// assignment timed (matching + optimisation; generation excluded), placed/unplaced, peak memory, and the optimality gap
/// against the exact Hungarian solver when both N and M are at most 30.
/// </summary>
internal sealed class BenchAssignCommand : Command<BenchAssignCommand.Settings>
{
    public const int ExactLimit = 30;

    public sealed class Settings : CommandSettings
    {
        [CommandOption("--cases <N>")]
        [Description("Open cases to generate (default 20000).")]
        public int Cases { get; init; } = 20_000;

        [CommandOption("--experts <M>")]
        [Description("Experts to generate (default 5000).")]
        public int Experts { get; init; } = 5_000;

        [CommandOption("--seed <S>")]
        [Description("Seed of the synthetic network (default 1).")]
        public int Seed { get; init; } = 1;

        [CommandOption("--json")]
        [Description("Print exactly one JSON object: cases, experts, seconds, placed, unplaced, peakMemoryMB, optimalityGap.")]
        public bool Json { get; init; }

        public override ValidationResult Validate() =>
            Cases < 0 || Experts < 0 ? ValidationResult.Error("--cases and --experts must not be negative.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        var asOf = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var generator = new SyntheticNetwork(settings.Seed, asOf);
        var experts = generator.Experts(settings.Experts);
        var cases = generator.Cases(settings.Cases, experts);
        var engine = new MatchingEngine(new ExpertNetwork(experts));
        var assigner = new BatchAssigner(engine);

        var watch = Stopwatch.StartNew();
        AssignmentPlan plan = null!;
        BatchAssigner.Prepared prepared = null!;
        int[] assignment = [];
        stderr.Progress().AutoClear(true).Start(ctx =>
        {
            var matching = ctx.AddTask("Matching cases", maxValue: Math.Max(1, cases.Count));
            var assigning = ctx.AddTask("Assigning", maxValue: Math.Max(1, cases.Count));
            prepared = assigner.Prepare(cases, new SyncProgress<(string Stage, int Done, int Total)>(p =>
            {
                lock (matching)
                {
                    matching.Value = Math.Max(matching.Value, p.Done);
                }
            }));
            assignment = MinCostFlowSolver.Solve(prepared.Problem, progress: new SyncProgress<int>(d => assigning.Value = d));
            plan = assigner.ToPlan(prepared, assignment);
        });
        watch.Stop();
        double? gap = null;
        if (settings.Cases <= ExactLimit && settings.Experts <= ExactLimit)
        {
            var exact = prepared.Problem.Objective(ExactAssignmentSolver.Solve(prepared.Problem));
            gap = exact == 0 ? 0 : (double)(exact - plan.Objective) / exact;
        }
        var peak = Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0);
        var result = new BenchAssignResult(settings.Cases, settings.Experts, Math.Round(watch.Elapsed.TotalSeconds, 3), plan.Placements.Count, plan.Unplaced.Count, Math.Round(peak, 1), gap);
        if (settings.Json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(result, ExpertsJsonContext.Default.BenchAssignResult));
        }
        else
        {
            AnsiConsole.MarkupLine($"{result.Cases} cases × {result.Experts} experts: [bold]{result.Seconds:0.000} s[/] ({(result.Seconds > 0 ? result.Cases / result.Seconds : 0):0} cases/s), placed {result.Placed}, unplaced {result.Unplaced}, urgent placed {plan.UrgentPlaced}, total points {plan.TotalPoints}, peak memory {result.PeakMemoryMB:0.0} MB, optimality gap {(gap is null ? "n/a (exact solver only up to 30×30)" : gap.Value.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture))}.");
        }
        return ExitCodes.Ok;
    }
}

/// <summary>The one JSON object <c>consilium bench assign --json</c> prints.</summary>
internal sealed record BenchAssignResult(int Cases, int Experts, double Seconds, int Placed, int Unplaced, double PeakMemoryMB, double? OptimalityGap);

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (progress bars need no synchronisation context).</summary>
internal sealed class SyncProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
