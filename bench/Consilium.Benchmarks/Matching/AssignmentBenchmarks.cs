using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Consilium.Domain.Assignment;
using Consilium.Domain.Experts;
using Consilium.Domain.Experts.Synthetic;
using Consilium.Domain.Matching;

namespace Consilium.Benchmarks.Matching;

/// <summary>
/// Batch assignment (matching + min-cost-flow optimisation) on seeded synthetic networks, up to the issue's
/// 20,000 cases × 5,000 experts. Columns: cases/s, optimality gap against the exact Hungarian solver (30×30 only,
/// else NaN) and peak working set; BenchmarkDotNet's MemoryDiagnoser adds allocations.
/// <c>dotnet run -c Release --project bench/Consilium.Benchmarks -- --filter '*AssignmentBenchmarks*'</c>
/// </summary>
[MemoryDiagnoser]
[Config(typeof(AssignmentColumns))]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class AssignmentBenchmarks
{
    private IReadOnlyList<MatchRequest> _cases = [];
    private MatchingEngine _engine = null!;

    [Params("30x30", "2000x500", "20000x5000")]
    public string Size { get; set; } = "30x30";

    public int Cases => int.Parse(Size.Split('x')[0], System.Globalization.CultureInfo.InvariantCulture);

    public int ExpertCount => int.Parse(Size.Split('x')[1], System.Globalization.CultureInfo.InvariantCulture);

    [GlobalSetup]
    public void Setup()
    {
        var generator = new SyntheticNetwork(seed: 1, asOf: new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var experts = generator.Experts(ExpertCount);
        _cases = generator.Cases(Cases, experts);
        _engine = new MatchingEngine(new ExpertNetwork(experts));
    }

    /// <summary>The benchmark runs in a child process: it leaves its peak working set where the summary column finds it.</summary>
    [GlobalCleanup]
    public void RecordPeak() =>
        File.WriteAllText(PeakFile(Size), (Process.GetCurrentProcess().PeakWorkingSet64 / (1024.0 * 1024.0)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture));

    private static string PeakFile(string size) => Path.Combine(Path.GetTempPath(), $"consilium-assign-peak-{size}.txt");

    [Benchmark]
    public AssignmentPlan Assign() => new BatchAssigner(_engine).Assign(_cases);

    /// <summary>Gap of the optimiser against the exact solver on this size (NaN when it is too large for the exact solver).</summary>
    public double Gap()
    {
        if (Cases > 30 || ExpertCount > 30)
        {
            return double.NaN;
        }
        var assigner = new BatchAssigner(_engine);
        var prepared = assigner.Prepare(_cases);
        var ours = prepared.Problem.Objective(MinCostFlowSolver.Solve(prepared.Problem));
        var exact = prepared.Problem.Objective(ExactAssignmentSolver.Solve(prepared.Problem));
        return exact == 0 ? 0 : (double)(exact - ours) / exact;
    }

    private sealed class AssignmentColumns : ManualConfig
    {
        public AssignmentColumns()
        {
            AddColumn(new MetricColumn("cases/s", (b, s) => s[b]?.ResultStatistics is { } r ? ((double)((AssignmentBenchmarks)Instance(b)).Cases / (r.Mean / 1e9)).ToString("N0", System.Globalization.CultureInfo.InvariantCulture) : "-"));
            AddColumn(new MetricColumn("gap", (b, _) => ((AssignmentBenchmarks)Instance(b)).GapText()));
            AddColumn(new MetricColumn("peak WS MB", (b, _) => File.Exists(PeakFile(((AssignmentBenchmarks)Instance(b)).Size)) ? File.ReadAllText(PeakFile(((AssignmentBenchmarks)Instance(b)).Size)) : "-"));
        }
    }

    private string GapText()
    {
        Setup();
        var gap = Gap();
        return double.IsNaN(gap) ? "n/a" : gap.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture);
    }

    private static AssignmentBenchmarks Instance(BenchmarkCase benchmark)
    {
        var instance = new AssignmentBenchmarks();
        foreach (var p in benchmark.Parameters.Items)
        {
            if (p.Name == nameof(Size))
            {
                instance.Size = (string)p.Value;
            }
        }
        return instance;
    }

    /// <summary>A column computed from the benchmark case and its summary.</summary>
    private sealed class MetricColumn(string name, Func<BenchmarkCase, Summary, string> value) : IColumn
    {
        public string Id => name;
        public string ColumnName => name;
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Custom;
        public int PriorityInCategory => 0;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Dimensionless;
        public string Legend => name;
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => value(benchmarkCase, summary);
        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => GetValue(summary, benchmarkCase);
        public bool IsAvailable(Summary summary) => true;
        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
