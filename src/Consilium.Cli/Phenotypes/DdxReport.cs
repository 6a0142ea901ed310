using System.Globalization;
using System.Text;
using Consilium.Phenotypes.Ranking;

namespace Consilium.Cli.Phenotypes;

/// <summary>The readable differential: ranked candidates and, for the first few, why.</summary>
internal static class DdxReport
{
    public static void Write(TextWriter output, PhenotypeData data, Differential differential, int explain) =>
        output.Write(Render(data, differential, null, explain));

    public static string Render(PhenotypeData data, Differential differential, string? caseName, int explain)
    {
        var o = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        var ont = data.Ontology;
        string Label(string id)
        {
            var i = ont.IndexOf(id);
            return i >= 0 ? $"{id} {ont[i].Label}" : id;
        }
        if (caseName is not null)
        {
            o.AppendLine(inv, $"== {caseName}");
        }
        o.AppendLine(inv, $"Findings: {differential.Findings.Observed.Length} present, {differential.Findings.Excluded.Length} absent; {differential.DiseasesConsidered} diseases ranked.");
        foreach (var n in differential.Findings.Notes)
        {
            o.AppendLine(inv, $"  note: {n.Describe()}");
        }
        o.AppendLine("rank  probability  score(log10 LR)  disease");
        foreach (var c in differential.Candidates)
        {
            o.AppendLine(inv, $"{c.Rank,4}  {c.Probability,11:P1}  {c.Score,15:F2}  {c.Disease.Id} {c.Disease.Name}");
        }
        foreach (var c in differential.Candidates.Take(explain))
        {
            var e = data.Engine.Explain(differential.Findings, c);
            o.AppendLine();
            o.AppendLine(inv, $"#{c.Rank} {c.Disease.Id} {c.Disease.Name}");
            foreach (var m in e.Matches.OrderByDescending(m => m.Log10Ratio))
            {
                o.AppendLine(inv, $"  + {m.Log10Ratio,5:F2}  {Label(m.PatientTerm)} ~ {Label(m.DiseaseTerm)} [{Describe(m.Kind)}{(m.Kind == MatchKind.CommonAncestor ? ": " + Label(m.CommonAncestor) : "")}]");
            }
            foreach (var m in e.Unmatched)
            {
                o.AppendLine(inv, $"  - {m.Log10Ratio,5:F2}  {Label(m.PatientTerm)} not explained by this disease");
            }
            foreach (var x in e.Excluded)
            {
                var freq = x.DiseaseFrequency is { } f ? f.ToString("P0", inv) : "?";
                o.AppendLine(inv, $"  - {x.Log10Ratio,5:F2}  absent {Label(x.PatientTerm)}, though the disease shows {Label(x.DiseaseTerm)} in {freq}");
            }
            if (e.SexLog10Ratio != 0)
            {
                o.AppendLine(inv, $"  - {e.SexLog10Ratio,5:F2}  a woman, and the disease is inherited X-linked recessively");
            }
            if (e.OnsetLog10Ratio != 0)
            {
                o.AppendLine(inv, $"  - {e.OnsetLog10Ratio,5:F2}  onset {Label(differential.Findings.Onset ?? "")} is far from the disease's");
            }
            if (e.FeaturesAlsoFrom.Count > 0)
            {
                o.AppendLine(inv, $"  features also from the same condition's entry {string.Join(", ", e.FeaturesAlsoFrom)}");
            }
            var missing = e.AbsentInPatient.Take(5).Select(f => $"{Label(f.TermId)} ({(f.Frequency is { } fr ? fr.ToString("P0", inv) : "freq. unknown")})").ToList();
            if (missing.Count > 0)
            {
                o.AppendLine(inv, $"  features of the disease not reported: {string.Join("; ", missing)}{(e.AbsentInPatient.Count > 5 ? $"; … {e.AbsentInPatient.Count - 5} more" : "")}");
            }
        }
        return o.ToString();
    }

    private static string Describe(MatchKind kind) => kind switch
    {
        MatchKind.Exact => "exact",
        MatchKind.DiseaseMoreSpecific => "disease term more specific",
        MatchKind.PatientMoreSpecific => "patient term more specific",
        _ => "common ancestor",
    };
}
