using System.Diagnostics;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using Consilium.Phenotypes.Annotations;
using Consilium.Phenotypes.Ontology;
using Consilium.Phenotypes.Phenopackets;
using Consilium.Phenotypes.Ranking;
using Consilium.Phenotypes.Text;

namespace Consilium.Benchmarks.Phenotypes;

// Run: CONSILIUM_SHARED_DATA=/path/to/shared/data dotnet run -c Release --project bench/Consilium.Benchmarks -- --filter '*Phenotype*' --job short

/// <summary>Where the shared HPO data and phenopackets are (env CONSILIUM_SHARED_DATA, or ../shared/data found walking up).</summary>
internal static class PhenotypeData
{
    public static string Root { get; } = Find();

    public static string Ontology => Path.Combine(Root, "hpo", "hp.v2025-05-06.json.gz");

    public static string Annotations => Path.Combine(Root, "hpo", "phenotype.v2025-05-06.hpoa.gz");

    public static string Phenopackets => Path.Combine(Root, "phenopackets", "dev");

    public static string GeneLinks => Path.Combine(Root, "hpo", "genes_to_disease.txt.gz");

    /// <summary>The annotations as the product uses them: with the gene links that pool equivalent entries.</summary>
    public static DiseaseAnnotations LoadAnnotations(PhenotypeOntology ontology) =>
        AnnotationReader.Load(Annotations, ontology).WithGeneLinks(GeneDiseaseLinks.Load(GeneLinks));

    private static string Find()
    {
        var env = Environment.GetEnvironmentVariable("CONSILIUM_SHARED_DATA");
        if (!string.IsNullOrWhiteSpace(env) && Directory.Exists(env))
        {
            return env;
        }
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
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
        throw new InvalidOperationException("shared data not found: set CONSILIUM_SHARED_DATA to the shared/data directory");
    }
}

/// <summary>Loading the HPO release and its annotations, and building the ranking index.</summary>
[MemoryDiagnoser]
public class PhenotypeLoadBenchmarks
{
    private PhenotypeOntology _ontology = null!;
    private DiseaseAnnotations _annotations = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ontology = OntologyReader.Load(PhenotypeData.Ontology);
        _annotations = PhenotypeData.LoadAnnotations(_ontology);
    }

    [Benchmark]
    public PhenotypeOntology LoadOntology() => OntologyReader.Load(PhenotypeData.Ontology);

    [Benchmark]
    public DiseaseAnnotations LoadAnnotations() => PhenotypeData.LoadAnnotations(_ontology);

    [Benchmark]
    public DifferentialDiagnosis BuildRankingIndex() => new(_annotations);
}

/// <summary>
/// One ranking over all 12,690 diseases per operation, cycling through the dev phenopackets. The setup also times
/// every dev case once on one thread and prints p50/p99 latency (BenchmarkDotNet reports the mean per case).
/// </summary>
[MemoryDiagnoser]
public class PhenotypeQueryBenchmarks
{
    private DifferentialDiagnosis _engine = null!;
    private ResolvedFindings[] _cases = [];
    private int _next;
    private static readonly RankingRequest Request = new() { Top = 10 };

    [GlobalSetup]
    public void Setup()
    {
        var ontology = OntologyReader.Load(PhenotypeData.Ontology);
        _engine = new DifferentialDiagnosis(PhenotypeData.LoadAnnotations(ontology));
        _cases = Directory.EnumerateFiles(PhenotypeData.Phenopackets, "*.json").Order(StringComparer.Ordinal)
            .Select(PhenopacketFile.Read)
            .Select(p => new PatientFindings([.. p.ObservedTermIds], [.. p.ExcludedTermIds]) { Sex = p.Subject?.Sex }.Resolve(ontology))
            .ToArray();
        for (var i = 0; i < 200; i++)
        {
            _engine.Rank(_cases[i], Request); // warm up
        }
        var times = new double[_cases.Length];
        for (var i = 0; i < _cases.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            _engine.Rank(_cases[i], Request);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        double P(double q) => times[(int)Math.Min(times.Length - 1, Math.Round(q * (times.Length - 1)))];
        var line = string.Create(CultureInfo.InvariantCulture,
            $"// ddx latency over {times.Length} dev cases, one thread: p50 {P(0.5):F2} ms, p90 {P(0.9):F2} ms, p99 {P(0.99):F2} ms, max {times[^1]:F2} ms, mean {times.Average():F2} ms; {_cases.Average(c => c.Observed.Length):F1} observed + {_cases.Average(c => c.Excluded.Length):F1} excluded terms per case");
        Console.WriteLine(line);
        File.AppendAllText(Path.Combine(Path.GetTempPath(), "consilium-ddx-latency.txt"), line + Environment.NewLine);
    }

    [Benchmark(Description = "Rank one dev case over all diseases")]
    public Differential RankOneCase()
    {
        var c = _cases[_next];
        _next = (_next + 1) % _cases.Length;
        return _engine.Rank(c, Request);
    }

    [Benchmark(Description = "Rank and explain the top 3")]
    public int RankAndExplain()
    {
        var c = _cases[_next];
        _next = (_next + 1) % _cases.Length;
        var d = _engine.Rank(c, Request);
        var n = 0;
        foreach (var candidate in d.Candidates.Take(3))
        {
            n += _engine.Explain(c, candidate).Matches.Count;
        }
        return n;
    }
}

/// <summary>Words to terms (a clinical paragraph) and the term picker search.</summary>
[MemoryDiagnoser]
public class PhenotypeTextBenchmarks
{
    /// <summary>An 816-character clinical note (throughput = 816 characters / mean time).</summary>
    public const string Note =
        "The patient is a 7-year-old boy with global developmental delay, hypotonia and recurrent seizures since infancy. " +
        "His parents report that he can't walk steadily and has frequent falls; on examination there is ataxia and nystagmus. " +
        "He has microcephaly, a long face, downslanting palpebral fissures and a high palate. No hearing impairment. " +
        "Echocardiography showed an atrial septal defect but no ventricular septal defect. " +
        "There is no scoliosis, no cataract and no hepatomegaly. Brain MRI revealed cerebellar atrophy and thin corpus callosum. " +
        "He has short stature and feeding difficulties, with gastroesophageal reflux. Intellectual disability is moderate. " +
        "Denies visual impairment. Kidneys: renal cysts were absent. Skin shows cafe-au-lait spots. Behaviour: autism, hyperactivity. " +
        "Family history negative for epilepsy.";

    private FindingExtractor _extractor = null!;
    private TermSearch _search = null!;

    [GlobalSetup]
    public void Setup()
    {
        var ontology = OntologyReader.Load(PhenotypeData.Ontology);
        _extractor = new FindingExtractor(ontology);
        _search = new TermSearch(ontology);
        Console.WriteLine($"// note: {Note.Length} characters, {_extractor.Extract(Note).Count} findings; term search over {_search.NameCount} names");
    }

    [Benchmark(Description = "Extract findings from an 816-character note")]
    public int ExtractFromNote() => _extractor.Extract(Note).Count;

    [Benchmark(Description = "Term search 'seiz' (prefix)")]
    public int SearchPrefix() => _search.Search("seiz").Count;

    [Benchmark(Description = "Term search 'cardi' (substring)")]
    public int SearchSubstring() => _search.Search("cardi").Count;
}
