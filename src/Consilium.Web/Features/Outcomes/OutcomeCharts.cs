using Consilium.Domain.Opinions;
using ScottPlot;

namespace Consilium.Web.Features.Outcomes;

/// <summary>The dashboard's charts as SVG (ScottPlot), drawn on the server. The page shows the same numbers beside them.</summary>
public static class OutcomeCharts
{
    private static readonly Color Confirmed = Color.FromHex("#2e7d32");
    private static readonly Color Refined = Color.FromHex("#f9a825");
    private static readonly Color Changed = Color.FromHex("#c62828");
    private static readonly Color Undetermined = Color.FromHex("#9e9e9e");

    /// <summary>Stacked bars per group: the share of opinions that confirmed, refined (or modified) and changed the diagnosis, or the plan.</summary>
    public static string Concordance(IReadOnlyList<ConcordanceRow> rows, bool plan, int width = 720, int height = 320)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var chart = new Plot();
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            (int Count, Color Color)[] parts = plan
                ? [(r.PlanConfirmed, Confirmed), (r.PlanModified, Refined), (r.PlanChanged, Changed), (r.PlanUndetermined, Undetermined)]
                : [(r.DiagnosisConfirmed, Confirmed), (r.DiagnosisRefined, Refined), (r.DiagnosisChanged, Changed), (r.DiagnosisUndetermined, Undetermined)];
            double bottom = 0;
            foreach (var (count, color) in parts)
            {
                var share = 100.0 * ConcordanceRow.Share(count, r.Opinions);
                chart.Add.Bar(new Bar { Position = rows.Count - 1 - i, ValueBase = bottom, Value = bottom + share, FillColor = color, Orientation = Orientation.Horizontal });
                bottom += share;
            }
        }
        chart.Axes.Left.SetTicks([.. Enumerable.Range(0, rows.Count).Select(i => (double)(rows.Count - 1 - i))], [.. rows.Select(r => $"{r.Group} (n={r.Opinions})")]);
        chart.Axes.Bottom.Label.Text = "% of opinions";
        chart.Axes.SetLimitsX(0, 100);
        chart.Axes.SetLimitsY(-0.6, rows.Count - 0.4);
        chart.Title(plan ? "The plan: confirmed / modified / changed" : "The diagnosis: confirmed / refined / changed");
        chart.Legend.ManualItems.Add(new LegendItem { LabelText = "confirmed", FillColor = Confirmed });
        chart.Legend.ManualItems.Add(new LegendItem { LabelText = plan ? "modified" : "refined", FillColor = Refined });
        chart.Legend.ManualItems.Add(new LegendItem { LabelText = "changed", FillColor = Changed });
        chart.Legend.ManualItems.Add(new LegendItem { LabelText = "not determined", FillColor = Undetermined });
        chart.ShowLegend(Edge.Right);
        return chart.GetSvgXml(width, height);
    }

    /// <summary>Opinions per day of turnaround, with the standard and expedited commitments as vertical lines.</summary>
    public static string Turnaround(OutcomeFigures figures, double standardDays, double expeditedDays, int width = 720, int height = 300)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var chart = new Plot();
        foreach (var bin in figures.Turnaround)
        {
            chart.Add.Bar(new Bar { Position = bin.FromDays + 0.5, Value = bin.Opinions, Size = 0.9, FillColor = Color.FromHex("#1565c0") });
        }
        var standard = chart.Add.VerticalLine(standardDays);
        standard.LegendText = $"standard commitment ({standardDays:0.#} d)";
        standard.LineColor = Changed;
        var expedited = chart.Add.VerticalLine(expeditedDays);
        expedited.LegendText = $"expedited commitment ({expeditedDays:0.#} d)";
        expedited.LineColor = Refined;
        chart.Axes.Bottom.Label.Text = "days from submission to delivery";
        chart.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        chart.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericFixedInterval(1);
        chart.Axes.Left.Label.Text = "opinions";
        chart.Axes.SetLimitsX(0, Math.Max(standardDays, figures.Turnaround.Count) + 1);
        chart.Axes.SetLimitsY(0, Math.Max(1, figures.Turnaround.Select(b => b.Opinions).DefaultIfEmpty(0).Max()) * 1.15);
        chart.Title("Turnaround");
        chart.ShowLegend(Alignment.UpperRight);
        return chart.GetSvgXml(width, height);
    }
}
