using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Consilium.Domain.Experts;
using Consilium.Domain.Experts.Synthetic;
using Consilium.Fhir.Experts;

namespace Consilium.Cli.Bench.Fuzz;

/// <summary>
/// The valid inputs the mutations start from: real files from the shared data, cut down to a size a reader takes in
/// milliseconds (a Synthea bundle keeps its first entries, the ontology its first terms, a table its first rows), plus
/// what Consilium's own writers produce (expert directories) and a small synthetic DICOM study.
/// </summary>
internal sealed class FuzzSeeds(string dataRoot)
{
    public const string EnvironmentVariable = "CONSILIUM_SHARED_DATA";

    public string DataRoot { get; } = dataRoot;

    /// <summary>--data, else CONSILIUM_SHARED_DATA, else the first shared/data found walking up from here or from the executable.</summary>
    public static string? Locate(string? given)
    {
        if (!string.IsNullOrWhiteSpace(given))
        {
            return Directory.Exists(given) ? Path.GetFullPath(given) : null;
        }
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } fromEnvironment)
        {
            return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        }
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (Directory.Exists(Path.Combine(candidate, "hpo")))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private string PathOf(string relative) => Path.Combine(DataRoot, relative.Replace('/', Path.DirectorySeparatorChar));

    public IReadOnlyList<byte[]> FhirBundles()
    {
        var seeds = new List<byte[]>();
        var sample = Path.Combine(AppContext.BaseDirectory, "samples", "cancer-surgery-planned.json");
        if (File.Exists(sample))
        {
            seeds.Add(File.ReadAllBytes(sample));
        }
        foreach (var file in Directory.EnumerateFiles(PathOf("fhir/synthea-dev"), "*.json").Order(StringComparer.Ordinal).Take(3))
        {
            var bundle = JsonNode.Parse(File.ReadAllBytes(file))!.AsObject();
            var entries = bundle["entry"]!.AsArray();
            while (entries.Count > 25)
            {
                entries.RemoveAt(entries.Count - 1);
            }
            seeds.Add(Encoding.UTF8.GetBytes(bundle.ToJsonString()));
        }
        return seeds;
    }

    public IReadOnlyList<byte[]> Phenopackets() =>
        [.. Directory.EnumerateFiles(PathOf("phenopackets/dev"), "*.json").Order(StringComparer.Ordinal).Take(6).Select(File.ReadAllBytes)];

    private static IReadOnlyList<ExpertProfile> SyntheticExperts(int count) =>
        new SyntheticNetwork(1, new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero)).Experts(count);

    public IReadOnlyList<byte[]> ExpertDirectories() =>
        [Encoding.UTF8.GetBytes(ExpertDirectoryJson.Serialize(SyntheticExperts(3))), Encoding.UTF8.GetBytes(ExpertDirectoryJson.Serialize(SyntheticExperts(1)))];

    public IReadOnlyList<byte[]> PractitionerBundles()
    {
        var real = JsonNode.Parse(File.ReadAllBytes(PathOf("fhir/practitionerInformation1559319163815.json")))!.AsObject();
        var entries = real["entry"]!.AsArray();
        while (entries.Count > 10)
        {
            entries.RemoveAt(entries.Count - 1);
        }
        return [Encoding.UTF8.GetBytes(PractitionerDirectory.ExportJson(SyntheticExperts(3), pretty: false)), Encoding.UTF8.GetBytes(real.ToJsonString())];
    }

    public IReadOnlyList<byte[]> TrialStudies()
    {
        using var stream = File.OpenRead(PathOf("trials/ctgov_v2_nsclc/ctg-studies.json"));
        var studies = JsonNode.Parse(stream)!.AsArray();
        var seeds = studies.Take(4).Select(s => Encoding.UTF8.GetBytes(s!.ToJsonString())).ToList();
        seeds.Add(Encoding.UTF8.GetBytes(new JsonArray([.. studies.Take(2).Select(s => s!.DeepClone())]).ToJsonString()));
        return seeds;
    }

    /// <summary>The eligibility criteria of the first studies, as free text.</summary>
    public IReadOnlyList<byte[]> EligibilityTexts()
    {
        using var stream = File.OpenRead(PathOf("trials/ctgov_v2_nsclc/ctg-studies.json"));
        var studies = JsonNode.Parse(stream)!.AsArray();
        return [.. studies.Take(6).Select(s => (string?)s?["protocolSection"]?["eligibilityModule"]?["eligibilityCriteria"]).OfType<string>().Select(Encoding.UTF8.GetBytes)];
    }

    public IReadOnlyList<byte[]> Pgx(string folder, params string[] names) =>
        [.. names.Select(n => PathOf($"pgx/{folder}/{n}")).Where(File.Exists).Select(File.ReadAllBytes)];

    public byte[] Head(string relative, int lines) =>
        Encoding.UTF8.GetBytes(string.Join('\n', File.ReadLines(PathOf(relative)).Take(lines)));

    public byte[] GzipHead(string relative, int lines)
    {
        using var reader = new StreamReader(new GZipStream(File.OpenRead(PathOf(relative)), CompressionMode.Decompress));
        var taken = new List<string>();
        for (var line = reader.ReadLine(); line is not null && taken.Count < lines; line = reader.ReadLine())
        {
            taken.Add(line);
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', taken));
    }

    /// <summary>The first twenty rules of the ANSM thesaurus, as a well-formed file.</summary>
    public byte[] ThesaurusRules()
    {
        var text = File.ReadAllText(PathOf("interactions/ansm_worldvista_2016/all_eng_tables_sept2016.xml"));
        var end = 0;
        for (var n = 0; n < 20; n++)
        {
            end = text.IndexOf("</INTERACTION>", end, StringComparison.Ordinal) + "</INTERACTION>".Length;
        }
        return Encoding.UTF8.GetBytes(text[..end] + "\n</INTERACTIONS>\n");
    }

    private JsonObject? _ontology;

    /// <summary>The first 400 terms of the HPO release (and the is_a edges between them), in OBO Graphs JSON.</summary>
    public byte[] OntologyJson() => Encoding.UTF8.GetBytes(OntologySubset().ToJsonString());

    private JsonObject OntologySubset()
    {
        if (_ontology is not null)
        {
            return _ontology;
        }
        using var gz = new GZipStream(File.OpenRead(PathOf("hpo/hp.v2025-05-06.json.gz")), CompressionMode.Decompress);
        using var doc = JsonDocument.Parse(gz);
        var graph = doc.RootElement.GetProperty("graphs")[0];
        var nodes = graph.GetProperty("nodes").EnumerateArray()
            .Where(n => n.GetProperty("id").GetString()!.Contains("HP_", StringComparison.Ordinal)).Take(400).ToList();
        var ids = nodes.Select(n => n.GetProperty("id").GetString()).ToHashSet(StringComparer.Ordinal);
        var edges = graph.GetProperty("edges").EnumerateArray()
            .Where(e => ids.Contains(e.GetProperty("sub").GetString()) && ids.Contains(e.GetProperty("obj").GetString())).ToList();
        _ontology = new JsonObject
        {
            ["graphs"] = new JsonArray(new JsonObject
            {
                ["id"] = graph.GetProperty("id").GetString(),
                ["meta"] = JsonNode.Parse(graph.GetProperty("meta").GetRawText()),
                ["nodes"] = new JsonArray([.. nodes.Select(n => JsonNode.Parse(n.GetRawText()))]),
                ["edges"] = new JsonArray([.. edges.Select(e => JsonNode.Parse(e.GetRawText()))]),
            }),
        };
        return _ontology;
    }

    /// <summary>The same terms written as OBO 1.4 stanzas.</summary>
    public byte[] OntologyObo()
    {
        var graph = OntologySubset()["graphs"]![0]!;
        var parents = graph["edges"]!.AsArray().GroupBy(e => (string)e!["sub"]!, e => (string)e!["obj"]!).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var obo = new StringBuilder("format-version: 1.2\ndata-version: hp/releases/2025-05-06\n\n");
        foreach (var node in graph["nodes"]!.AsArray())
        {
            var iri = (string)node!["id"]!;
            obo.Append("[Term]\nid: ").Append(Curie(iri)).Append("\nname: ").Append((string?)node["lbl"] ?? "").Append('\n');
            if (node["meta"]?["definition"]?["val"] is { } def)
            {
                obo.Append("def: \"").Append(((string)def!).Replace("\"", "\\\"", StringComparison.Ordinal)).Append("\" []\n");
            }
            foreach (var s in node["meta"]?["synonyms"]?.AsArray() ?? [])
            {
                obo.Append("synonym: \"").Append((string?)s!["val"]).Append("\" EXACT []\n");
            }
            foreach (var p in parents.GetValueOrDefault(iri) ?? [])
            {
                obo.Append("is_a: ").Append(Curie(p)).Append('\n');
            }
            obo.Append('\n');
        }
        return Encoding.UTF8.GetBytes(obo.ToString());
    }

    private static string Curie(string iri) => iri[(iri.LastIndexOf('/') + 1)..].Replace('_', ':');

    /// <summary>The first bytes of each kind of file an upload may be (and a few it may not).</summary>
    public static IReadOnlyList<byte[]> DocumentHeads() =>
    [
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray(),
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0],
        [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, 0x4A, 0x46, 0x49, 0x46, 0],
        "GIF89a\u0001\0\u0001\0\0\0\0;"u8.ToArray(),
        [0x49, 0x49, 0x2A, 0, 8, 0, 0, 0],
        [.. new byte[128], .. "DICM"u8.ToArray(), 2, 0, 0x10, 0, 0x55, 0x49, 4, 0, 0x31, 0x2E, 0x32, 0],
        "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[]}"u8.ToArray(),
        "Referral: knee pain for six months; MRI attached.\n"u8.ToArray(),
    ];

    /// <summary>A small DICOM study written with dcmtk (two 16×16 images), or the DICOM head alone when dcmtk is missing.</summary>
    public static async Task<IReadOnlyList<byte[]>> DicomAsync(string scratch, CancellationToken cancellationToken)
    {
        if (Consilium.Imaging.Synthetic.SyntheticStudy.Dump2Dcm() is null)
        {
            return [DocumentHeads()[5]];
        }
        var (_, files) = await Consilium.Imaging.Synthetic.SyntheticStudy.WriteAsync(Path.Combine(scratch, "dicom"),
            [new Consilium.Imaging.Synthetic.SyntheticSeries("CT", "CHEST", "FUZZ", 2, 16, 16)], "FUZZ SEED", cancellationToken: cancellationToken);
        return [.. files.Select(File.ReadAllBytes)];
    }
}
