using System.Globalization;
using System.Text.Json.Serialization;
using ScottPlot;
using Spectre.Console;
using Alignment = ScottPlot.Alignment;
using Color = ScottPlot.Color;

namespace Consilium.Cli.Bench.Load;

/// <summary>One scenario's figures, as <c>--json</c> prints them.</summary>
/// <param name="Mode"><c>closed</c> (the throughput at <paramref name="Connections"/> connections) or <c>open</c> (requests due at <paramref name="TargetRps"/> a second).</param>
/// <param name="CeilingRatio">Requests per second over the bare endpoint's, measured the same way (same connections, or same rate) in the same run.</param>
/// <param name="ServerCpuMsPerRequest">CPU time the server process spent during the run, per request (what a request costs, however busy the machine is); null for the ceiling, which runs in this process.</param>
internal sealed record LoadScenarioResult(
    string Name, string Provider, string Mode, int Connections, double? TargetRps, long Requests, double Rps,
    [property: JsonPropertyName("p50ms")] double P50Ms,
    [property: JsonPropertyName("p95ms")] double P95Ms,
    [property: JsonPropertyName("p99ms")] double P99Ms,
    [property: JsonPropertyName("maxms")] double MaxMs,
    long Errors, double CeilingRatio,
    [property: JsonPropertyName("serverCpuMsPerRequest")] double? ServerCpuMsPerRequest);

/// <summary>The whole run.</summary>
internal sealed record LoadResult(IReadOnlyList<LoadScenarioResult> Scenarios);

/// <summary>The run as a table, and as an SVG chart of the latency percentiles per scenario.</summary>
internal static class LoadReport
{
    public static LoadScenarioResult Result(string name, string provider, string mode, int connections, double? rate, LoadMeasurement m, double ceilingRps, TimeSpan? serverCpu) => new(
        name, provider, mode, connections, rate, m.Latency.Count, Round(m.RequestsPerSecond, 1),
        Round(m.Latency.PercentileMs(50), 2), Round(m.Latency.PercentileMs(95), 2), Round(m.Latency.PercentileMs(99), 2), Round(m.Latency.MaxMs, 2),
        m.Errors, ceilingRps <= 0 ? 0 : Round(m.RequestsPerSecond / ceilingRps, 3),
        serverCpu is { } cpu && m.Latency.Count > 0 ? Round(cpu.TotalMilliseconds / m.Latency.Count, 2) : null);

    public static Table Table(LoadResult result)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("scenario", "provider", "mode", "requests", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "errors", "÷ ceiling", "server CPU ms/req");
        foreach (var s in result.Scenarios)
        {
            var mode = s.Mode == "open" ? string.Create(CultureInfo.InvariantCulture, $"{s.TargetRps:0}/s due") : $"{s.Connections} conn.";
            table.AddRow(
                s.Name, s.Provider, mode, N(s.Requests), N(s.Rps), N(s.P50Ms), N(s.P95Ms), N(s.P99Ms), N(s.MaxMs),
                s.Errors == 0 ? "0" : $"[red]{s.Errors}[/]", s.CeilingRatio.ToString("P1", CultureInfo.InvariantCulture), s.ServerCpuMsPerRequest is { } cpu ? N(cpu) : "—");
        }
        return table;
    }

    /// <summary>p50, p95 and p99 per scenario (log scale: a page and the ceiling differ by orders of magnitude).</summary>
    public static string Svg(LoadResult result, int width = 960, int height = 480)
    {
        var chart = new Plot();
        var runs = result.Scenarios;
        (string Label, Func<LoadScenarioResult, double> Value, Color Color)[] percentiles =
        [
            ("p50", s => s.P50Ms, Color.FromHex("#90caf9")),
            ("p95", s => s.P95Ms, Color.FromHex("#1e88e5")),
            ("p99", s => s.P99Ms, Color.FromHex("#0d47a1")),
        ];
        var ticks = new List<Tick>();
        for (var i = 0; i < runs.Count; i++)
        {
            for (var p = 0; p < percentiles.Length; p++)
            {
                var bar = chart.Add.Bar(position: (i * 4) + p, value: Math.Log10(Math.Max(0.01, percentiles[p].Value(runs[i]))));
                bar.Color = percentiles[p].Color;
            }
            var s = runs[i];
            ticks.Add(new Tick((i * 4) + 1, s.Mode == "open" ? string.Create(CultureInfo.InvariantCulture, $"{s.Name}\n{s.Provider} {s.TargetRps:0}/s") : $"{s.Name}\n{s.Provider}"));
        }
        chart.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        chart.Axes.Bottom.TickLabelStyle.Rotation = 45;
        chart.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        chart.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [.. new[] { 0.1, 1, 10, 100, 1000, 10000 }.Select(ms => new Tick(Math.Log10(ms), ms.ToString(CultureInfo.InvariantCulture)))]);
        chart.Axes.Left.Label.Text = "latency, ms (log scale)";
        chart.Legend.ManualItems.AddRange(percentiles.Select(p => new LegendItem { LabelText = p.Label, FillColor = p.Color }));
        chart.ShowLegend(Alignment.UpperLeft);
        chart.Axes.Margins(bottom: 0);
        chart.Title("consilium bench load: latency percentiles per scenario");
        return chart.GetSvgXml(width, height);
    }

    private static double Round(double value, int digits) => Math.Round(value, digits, MidpointRounding.AwayFromZero);

    private static string N(double value) => value.ToString(value >= 100 ? "#,0" : "0.##", CultureInfo.InvariantCulture);
}
