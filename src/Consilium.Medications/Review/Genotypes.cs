using System.Text.RegularExpressions;
using Consilium.Domain.Cases;
using Consilium.Medications.Knowledge;

namespace Consilium.Medications.Review;

/// <summary>A genotype result as given: <c>CYP2C19</c> <c>*2/*2</c>, <c>HLA-B</c> <c>*57:01 positive</c>, or a phenotype ("Poor Metabolizer").</summary>
/// <param name="Source">Where it came from: <c>Observation/12</c>, or the genotypes file and line.</param>
public sealed record GenotypeResult(string Gene, string Value, string Source);

/// <summary>A genotype interpreted through the CPIC tables.</summary>
/// <param name="LookupKey">The key into the CPIC recommendations (phenotype, activity score or HLA allele status); null when the result could not be interpreted.</param>
public sealed record PhenotypeCall(string Gene, string Input, string? Diplotype, string? Phenotype, string? ActivityScore, string? LookupKey, string Source, string? TableVersion)
{
    public bool Interpreted => LookupKey is not null;

    public string Describe()
    {
        if (!Interpreted)
        {
            return $"{Gene} {Input}: not found in the CPIC phenotype table";
        }
        var score = ActivityScore is null ? string.Empty : $", activity score {ActivityScore}";
        var dip = Diplotype is null ? Input : Diplotype;
        return $"{Gene} {dip} → {Phenotype}{score}";
    }
}

/// <summary>Reads genotype results from a genotypes file or from the case's Observations, and interprets them.</summary>
public static partial class Genotypes
{
    /// <summary>Parses tab-separated <c>gene&lt;TAB&gt;diplotype</c> lines; blank lines and <c>#</c> comments are skipped.</summary>
    /// <exception cref="FormatException">A line is not <c>gene&lt;TAB&gt;value</c>; the message names the line.</exception>
    public static IReadOnlyList<GenotypeResult> ParseFile(string text, string name)
    {
        var list = new List<GenotypeResult>();
        var lines = text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);
        for (var n = 0; n < lines.Length; n++)
        {
            var line = lines[n].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var f = line.Split('\t', 2);
            if (f.Length != 2 || f[0].Trim().Length == 0 || f[1].Trim().Length == 0)
            {
                throw new FormatException($"{name} line {n + 1}: expected 'gene<TAB>diplotype', got '{line}'.");
            }
            list.Add(new GenotypeResult(f[0].Trim().ToUpperInvariant(), f[1].Trim(), $"{name}:{n + 1}"));
        }
        return list;
    }

    /// <summary>
    /// Genotype results in the case's Observations: a known gene named in the code or value, with a diplotype
    /// (<c>*1/*2</c>), an HLA allele status (<c>*57:01 positive</c>) or a phenotype ("poor metabolizer") in the value.
    /// </summary>
    public static IReadOnlyList<GenotypeResult> FromCase(CaseFile file, IEnumerable<string> knownGenes)
    {
        var genes = knownGenes.Concat(["HLA-A", "HLA-B"]).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var list = new List<GenotypeResult>();
        foreach (var o in file.Observations)
        {
            if (string.IsNullOrWhiteSpace(o.ValueText))
            {
                continue;
            }
            var label = string.Join(" ", o.Code.Codings.Select(c => c.Display).Append(o.Code.Text).OfType<string>());
            var all = label + " " + o.ValueText;
            var gene = genes.FirstOrDefault(g => Regex.IsMatch(all, $@"(?<![A-Za-z0-9]){Regex.Escape(g)}(?![A-Za-z0-9])", RegexOptions.IgnoreCase));
            if (gene is null)
            {
                continue;
            }
            var value = o.ValueText.Trim();
            if (Diplotype().Match(value) is { Success: true } d)
            {
                list.Add(new GenotypeResult(gene.ToUpperInvariant(), d.Value.Replace(" ", string.Empty, StringComparison.Ordinal), o.Source));
            }
            else if (HlaStatus().Match(value) is { Success: true } h)
            {
                list.Add(new GenotypeResult(gene.ToUpperInvariant(), h.Value, o.Source));
            }
            else if (value.Contains("metaboli", StringComparison.OrdinalIgnoreCase) || value.Contains("function", StringComparison.OrdinalIgnoreCase))
            {
                list.Add(new GenotypeResult(gene.ToUpperInvariant(), value, o.Source));
            }
        }
        return list;
    }

    /// <summary>Diplotype → phenotype, activity score and lookup key through the gene's CPIC table.</summary>
    public static PhenotypeCall Interpret(GenotypeResult g, PgxKnowledge pgx)
    {
        var gene = g.Gene.Trim().ToUpperInvariant();
        var value = g.Value.Trim();
        if (gene.StartsWith("HLA-", StringComparison.Ordinal))
        {
            var m = HlaStatus().Match(value);
            if (m.Success)
            {
                var key = $"*{m.Groups[1].Value} {m.Groups[2].Value.ToLowerInvariant()}";
                return new PhenotypeCall(gene, value, null, key, null, key, g.Source, null);
            }
            return new PhenotypeCall(gene, value, null, null, null, null, g.Source, null);
        }
        var table = pgx.Gene(gene);
        if (table is null)
        {
            return new PhenotypeCall(gene, value, null, null, null, null, g.Source, null);
        }
        if (gene == "VKORC1" && Vkorc1().Match(value) is { Success: true } v)
        {
            // -1639G>A (rs9923231): written as G/A, GA, or C/T on the other strand; CPIC names them "-1639 AG".
            static char Base(string b) => b.ToUpperInvariant() switch { "C" => 'G', "T" => 'A', var x => x[0] };
            var pair = new[] { Base(v.Groups[1].Value), Base(v.Groups[2].Value) }.Order().ToArray();
            value = $"-1639 {pair[0]}{pair[1]}";
        }
        if (value.Contains('/', StringComparison.Ordinal) && table.Find(value) is { } row)
        {
            return new PhenotypeCall(gene, value, row.Diplotype, row.Phenotype, row.ActivityScore, row.LookupKey, g.Source, table.Version);
        }
        var phenotype = value.Replace("metaboliser", "metabolizer", StringComparison.OrdinalIgnoreCase);
        if (table.LookupKeyForPhenotype(phenotype) is { } lookup)
        {
            return new PhenotypeCall(gene, value, null, phenotype, null, lookup, g.Source, table.Version);
        }
        return new PhenotypeCall(gene, value, null, null, null, null, g.Source, table.Version);
    }

    // A copy number (*2x2, *1xN) is already covered by the allele class; the former optional "(?:x\d+|xN)?" after each allele
    // overlapped it, so a long run like "x1x1x1…" could be split many ways (quadratic time on a hostile observation value).
    [GeneratedRegex(@"[*A-Za-z0-9.\->]+\s*/\s*[*A-Za-z0-9.\->]+")]
    private static partial Regex Diplotype();

    [GeneratedRegex(@"^(?:(?:-1639|rs9923231)\s*)?([GACT])\s*/?\s*([GACT])$", RegexOptions.IgnoreCase)]
    private static partial Regex Vkorc1();

    [GeneratedRegex(@"\*?(\d{2}:\d{2})\s*(positive|negative)", RegexOptions.IgnoreCase)]
    private static partial Regex HlaStatus();
}
