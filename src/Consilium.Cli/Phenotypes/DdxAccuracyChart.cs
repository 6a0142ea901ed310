using Consilium.Phenotypes.Ranking;
using ScottPlot;

namespace Consilium.Cli.Phenotypes;

/// <summary>
/// Top-k accuracy (k = 1..<see cref="MaxK"/>) of the evaluated cases as an SVG line chart: one curve per subset that has cases
/// (covered, covered non-circular, covered circular), the share of cases whose diagnosis ranks at k or better.
/// </summary>
internal static class DdxAccuracyChart
{
    public const int MaxK = 20;

    /// <summary>The share of <paramref name="cases"/> whose truth ranks at k or better, for k = 1..<see cref="MaxK"/>.</summary>
    public static double[] TopK(IReadOnlyList<EvaluatedCase> cases)
    {
        var shares = new double[MaxK];
        if (cases.Count == 0)
        {
            return shares;
        }
        for (var k = 1; k <= MaxK; k++)
        {
            shares[k - 1] = (double)cases.Count(c => c.Placement.Rank is > 0 and var r && r <= k) / cases.Count;
        }
        return shares;
    }

    public static string Svg(IReadOnlyList<EvaluatedCase> results, int width = 720, int height = 420)
    {
        var covered = results.Where(c => c.Covered).ToList();
        (string Name, List<EvaluatedCase> Cases, Color Color)[] subsets =
        [
            ("covered", covered, Color.FromHex("#1565c0")),
            ("covered non-circular", covered.Where(c => !c.Circular).ToList(), Color.FromHex("#c62828")),
            ("covered circular", covered.Where(c => c.Circular).ToList(), Color.FromHex("#2e7d32")),
        ];
        var chart = new Plot();
        double[] ks = [.. Enumerable.Range(1, MaxK).Select(k => (double)k)];
        foreach (var (name, cases, color) in subsets.Where(s => s.Cases.Count > 0))
        {
            var line = chart.Add.Scatter(ks, TopK(cases).Select(s => 100 * s).ToArray());
            line.LegendText = $"{name} (n={cases.Count})";
            line.Color = color;
            line.LineWidth = 2;
        }
        chart.Axes.Bottom.Label.Text = "k (the diagnosis among the first k candidates)";
        chart.Axes.Left.Label.Text = "% of cases";
        chart.Axes.SetLimitsX(0.5, MaxK + 0.5);
        chart.Axes.SetLimitsY(0, 100);
        chart.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        chart.Title("Differential diagnosis: top-k accuracy");
        chart.ShowLegend(Alignment.LowerRight);
        return chart.GetSvgXml(width, height);
    }
}
