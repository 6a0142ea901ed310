using System.Text.Json;

namespace Consilium.Medications.Knowledge.Import;

/// <summary>
/// Reads CPIC pharmacogenomics in the PharmCAT layout: <c>gene_phenotypes/*.json</c> (diplotype → phenotype and
/// lookup key), <c>recommendations_cpic/*.json</c> (one guideline per drug) and <c>cpic_pairs_*/cpicPairs.csv</c>
/// (gene–drug pairs with CPIC levels).
/// </summary>
public static class CpicReader
{
    public const string PhenotypeName = "CPIC / ClinPGx (via PharmCAT) diplotype-phenotype tables";
    public const string RecommendationName = "CPIC guideline recommendations";
    public const string PairName = "CPIC gene-drug pairs";

    public static CpicData? Read(string dir)
    {
        var geneFiles = SourceFiles.FindAll(dir, "*.json").Where(f => InFolder(f, "gene_phenotypes")).ToArray();
        var recFiles = SourceFiles.FindAll(dir, "*.json").Where(f => InFolder(f, "recommendations_cpic")).ToArray();
        var pairFile = SourceFiles.Find(dir, "cpicPairs*.csv");
        if (geneFiles.Length == 0 && recFiles.Length == 0 && pairFile is null)
        {
            return null;
        }
        var genes = geneFiles.Select(ReadGene).OfType<GenePhenotypeTable>().ToList();
        var guidelines = recFiles.Select(ReadGuideline).OfType<CpicGuideline>().ToList();
        var pairs = pairFile is null ? [] : ReadPairs(pairFile);
        var geneVersions = string.Join(", ", genes.Select(g => g.Version).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        var recVersions = string.Join(", ", guidelines.Select(g => g.Version).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
        string? pairVersion = null;
        if (pairFile is not null)
        {
            var first = SourceFiles.Lines(pairFile).FirstOrDefault() ?? string.Empty;
            pairVersion = first.Trim().Trim(',').Trim('"').Trim();
        }
        return new CpicData(
            genes.Count == 0 ? null : SourceFiles.Source(PhenotypeName, geneVersions, dir, geneFiles),
            genes,
            guidelines.Count == 0 ? null : SourceFiles.Source(RecommendationName, recVersions, dir, recFiles),
            guidelines,
            pairFile is null ? null : SourceFiles.Source(PairName, string.IsNullOrEmpty(pairVersion) ? "version not stated" : pairVersion, dir, [pairFile]),
            pairs);
    }

    private static bool InFolder(string path, string folder) =>
        string.Equals(Path.GetFileName(Path.GetDirectoryName(path)), folder, StringComparison.OrdinalIgnoreCase);

    private static JsonDocument Parse(string path)
    {
        var bytes = File.ReadAllBytes(path);
        // JsonDocument checks the UTF-8 of strings only when they are read; a bad byte would surface later as an InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            throw new KnowledgeImportException($"{path}: not valid UTF-8 text (the CPIC files are UTF-8; this one is damaged or in another encoding).");
        }
        try
        {
            return JsonDocument.Parse(bytes);
        }
        catch (JsonException ex)
        {
            throw new KnowledgeImportException($"{path}: not valid JSON ({ex.Message})", ex);
        }
    }

    internal static GenePhenotypeTable? ReadGene(string path)
    {
        using var doc = Parse(path);
        var root = doc.RootElement;
        var gene = Str(root, "gene");
        if (gene is null || !root.TryGetProperty("diplotypes", out var dips) || dips.ValueKind != JsonValueKind.Array)
        {
            return null;
        }
        var rows = new List<GeneDiplotype>(dips.GetArrayLength());
        foreach (var d in dips.EnumerateArray())
        {
            var diplotype = Str(d, "diplotype");
            var phenotype = Str(d, "generesult") ?? Str(d, "phenotype");
            var key = Str(d, "lookupkey");
            if (diplotype is not null && phenotype is not null && key is not null)
            {
                rows.Add(new GeneDiplotype(diplotype, phenotype, Str(d, "activityScore"), key));
            }
        }
        var functions = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root.TryGetProperty("haplotypes", out var hap) && hap.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in hap.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                {
                    functions[p.Name] = p.Value.GetString()!;
                }
            }
        }
        return new GenePhenotypeTable(gene, Str(root, "version") ?? "version not stated", rows, functions);
    }

    internal static CpicGuideline? ReadGuideline(string path)
    {
        using var doc = Parse(path);
        var root = doc.RootElement;
        var drug = Str(root, "drugname");
        if (drug is null)
        {
            return null;
        }
        var rxcui = Str(root, "drugid") is { } id && id.StartsWith("RxNorm:", StringComparison.OrdinalIgnoreCase) ? id["RxNorm:".Length..] : null;
        var recs = new List<CpicRecommendation>();
        if (root.TryGetProperty("recommendations", out var rs) && rs.ValueKind == JsonValueKind.Array)
        {
            // A recommendation that is not an object (a string, a number) carries nothing to read: skipped, as rows without a key are.
            foreach (var r in rs.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object))
            {
                recs.Add(new CpicRecommendation(
                    Map(r, "lookupkey"), Map(r, "phenotypes"), Map(r, "activityscore"), Map(r, "implications"),
                    Str(r, "drugrecommendation") ?? string.Empty,
                    Str(r, "classification") ?? "n/a",
                    (Str(r, "population") ?? "general").Trim(),
                    Str(r, "comments")));
            }
        }
        var genes = root.TryGetProperty("genes", out var g) && g.ValueKind == JsonValueKind.Array
            ? g.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        var version = Str(root, "cpicVersion") is { } v ? $"CPIC {v}" : "version not stated";
        return new CpicGuideline(drug, rxcui, Str(root, "guidelinename") ?? drug, Str(root, "url"), genes, Str(root, "notesonusage"), version, recs);
    }

    internal static List<CpicPair> ReadPairs(string path)
    {
        var pairs = new List<CpicPair>();
        var header = false;
        foreach (var line in SourceFiles.Lines(path))
        {
            if (!header)
            {
                header = line.StartsWith("Gene,", StringComparison.OrdinalIgnoreCase);
                continue;
            }
            var f = line.Split(',');
            if (f.Length < 7)
            {
                continue;
            }
            // Two rows carry an unquoted comma in the drug name ("interferon alfa-2b, recombinant"): the level moves one field right.
            var extra = !IsLevel(f[3]) && IsLevel(f[4]) ? 1 : 0;
            var drug = string.Join(',', f[1..(2 + extra)]).Trim();
            var level = f[3 + extra].Trim();
            if (f[0].Trim().Length > 0 && drug.Length > 0 && level.Length > 0)
            {
                pairs.Add(new CpicPair(f[0].Trim(), drug, level));
            }
        }
        return pairs;
    }

    private static bool IsLevel(string s) => s.Trim() is { Length: 1 or 3 } t && t[0] is >= 'A' and <= 'D' && (t.Length == 1 || (t[1] == '/' && t[2] is >= 'A' and <= 'D'));

    private static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString()) ? v.GetString() : null;

    private static Dictionary<string, string> Map(JsonElement e, string name)
    {
        var d = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var m) && m.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in m.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String)
                {
                    d[p.Name] = p.Value.GetString()!;
                }
            }
        }
        return d;
    }
}
