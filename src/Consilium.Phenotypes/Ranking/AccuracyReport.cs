using System.Globalization;
using System.Text;

namespace Consilium.Phenotypes.Ranking;

/// <summary>One evaluated case: where its confirmed diagnosis landed.</summary>
/// <param name="Case">Case name (file name).</param>
/// <param name="Publication">The publication the case comes from (e.g. a PMID), for publication-weighted figures.</param>
/// <param name="Covered">The diagnosis is in the annotations.</param>
/// <param name="Circular">The annotations of the diagnosis cite the case's own publication.</param>
/// <param name="Placement">Rank and scores of the truth.</param>
public sealed record EvaluatedCase(string Case, string Publication, bool Covered, bool Circular, TruthPlacement Placement);

/// <summary>Top-k accuracy and mean reciprocal rank over a set of evaluated cases.</summary>
public sealed record AccuracyFigures(string Subset, int Cases, int Publications, double Top1, double Top3, double Top10, double Mrr,
    double Top1ByPublication, double Top3ByPublication, double Top10ByPublication, double MrrByPublication,
    int TiedCases, double MeanTopProbability)
{
    public static AccuracyFigures Of(string subset, IReadOnlyList<EvaluatedCase> cases)
    {
        static double Hit(EvaluatedCase c, int k) => c.Placement.Rank > 0 && c.Placement.Rank <= k ? 1 : 0;
        static double Rr(EvaluatedCase c) => c.Placement.Rank > 0 ? 1.0 / c.Placement.Rank : 0;
        var n = cases.Count;
        if (n == 0)
        {
            return new AccuracyFigures(subset, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        }
        var pubs = cases.GroupBy(c => c.Publication, StringComparer.Ordinal).ToList();
        double ByPub(Func<EvaluatedCase, double> f) => pubs.Average(g => g.Average(f));
        return new AccuracyFigures(subset, n, pubs.Count,
            cases.Average(c => Hit(c, 1)), cases.Average(c => Hit(c, 3)), cases.Average(c => Hit(c, 10)), cases.Average(Rr),
            ByPub(c => Hit(c, 1)), ByPub(c => Hit(c, 3)), ByPub(c => Hit(c, 10)), ByPub(Rr),
            cases.Count(c => c.Placement.TiedAbove > 0), cases.Average(c => c.Placement.TopProbability));
    }
}

/// <summary>The accuracy table over the standard subsets: all, covered, covered non-circular, covered circular.</summary>
public sealed record AccuracyReport(IReadOnlyList<AccuracyFigures> Subsets, IReadOnlyList<(double Low, double High, int Cases, double MeanProbability, double Accuracy)> Calibration)
{
    public static AccuracyReport Of(IReadOnlyList<EvaluatedCase> cases)
    {
        var covered = cases.Where(c => c.Covered).ToList();
        var subsets = new List<AccuracyFigures>
        {
            AccuracyFigures.Of("all", cases),
            AccuracyFigures.Of("covered", covered),
            AccuracyFigures.Of("covered non-circular", covered.Where(c => !c.Circular).ToList()),
            AccuracyFigures.Of("covered circular", covered.Where(c => c.Circular).ToList()),
        };
        // calibration of the first candidate's probability against how often it is right (covered cases)
        var bins = new List<(double, double, int, double, double)>();
        double[] edges = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0000001];
        for (var i = 0; i + 1 < edges.Length; i++)
        {
            var inBin = covered.Where(c => c.Placement.TopProbability >= edges[i] && c.Placement.TopProbability < edges[i + 1]).ToList();
            if (inBin.Count > 0)
            {
                bins.Add((edges[i], Math.Min(1, edges[i + 1]), inBin.Count, inBin.Average(c => c.Placement.TopProbability), inBin.Average(c => c.Placement.Rank == 1 ? 1.0 : 0.0)));
            }
        }
        return new AccuracyReport(subsets, bins);
    }

    public string Render()
    {
        var inv = CultureInfo.InvariantCulture;
        var o = new StringBuilder();
        o.AppendLine(inv, $"{"subset",-22} {"n",6} {"top1",6} {"top3",6} {"top10",6} {"MRR",6} {"tied",5}");
        foreach (var s in Subsets)
        {
            o.AppendLine(inv, $"{s.Subset,-22} {s.Cases,6} {s.Top1,6:F3} {s.Top3,6:F3} {s.Top10,6:F3} {s.Mrr,6:F3} {s.TiedCases,5}");
        }
        o.AppendLine();
        o.AppendLine("each publication weighted equally:");
        o.AppendLine(inv, $"{"subset",-22} {"pubs",6} {"top1",6} {"top3",6} {"top10",6} {"MRR",6}");
        foreach (var s in Subsets)
        {
            o.AppendLine(inv, $"{s.Subset,-22} {s.Publications,6} {s.Top1ByPublication,6:F3} {s.Top3ByPublication,6:F3} {s.Top10ByPublication,6:F3} {s.MrrByPublication,6:F3}");
        }
        o.AppendLine();
        o.AppendLine("calibration (covered cases): probability of the first candidate vs how often it is the diagnosis");
        foreach (var (low, high, n, p, acc) in Calibration)
        {
            o.AppendLine(inv, $"  {low:F1}-{high:F1}  n={n,5}  mean probability {p:F3}  top-1 accuracy {acc:F3}");
        }
        return o.ToString();
    }
}
