using System.Text.Json;
using BenchmarkDotNet.Attributes;
using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Fhir.Intake;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Consilium.Benchmarks.Fhir;

/// <summary>
/// FHIR intake of the largest Synthea bundle in shared/data/fhir/synthea-dev (about 2.9 MB, mostly Claims and
/// ExplanationOfBenefits). The bare System.Text.Json parse is the baseline, so the Ratio column is intake / bare parse.
/// Data directory: walks up from the binaries to find shared/data, or CONSILIUM_SHARED_DATA.
/// Run: dotnet run -c Release --project bench/Consilium.Benchmarks -- --filter '*Intake*' --job short
/// </summary>
[MemoryDiagnoser]
public class IntakeBenchmarks
{
    private static readonly DateTimeOffset AsOf = new(2022, 6, 1, 0, 0, 0, TimeSpan.Zero);
    private byte[] _bytes = [];
    private string _json = string.Empty;
    private readonly FhirJsonDeserializer _wholeBundle = new(new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible).Ignoring(["PVAL105"]));

    [GlobalSetup]
    public void Setup()
    {
        var dir = SyntheaDev() ?? throw new InvalidOperationException(
            "Synthea bundles not found: expected <root>/shared/data/fhir/synthea-dev above the benchmark binaries, or set CONSILIUM_SHARED_DATA.");
        var largest = new DirectoryInfo(dir).GetFiles("*.json").OrderByDescending(f => f.Length).First();
        _bytes = File.ReadAllBytes(largest.FullName);
        _json = System.Text.Encoding.UTF8.GetString(_bytes);
        Console.WriteLine($"// Intake benchmark input: {largest.Name}, {largest.Length:N0} bytes");
    }

    [Benchmark(Baseline = true, Description = "JsonDocument.Parse (bare)")]
    public int BareParse()
    {
        using var document = JsonDocument.Parse(_bytes);
        return document.RootElement.GetProperty("entry").GetArrayLength();
    }

    [Benchmark(Description = "BundleIntake.Read -> CaseFile")]
    public CaseFile Intake() => BundleIntake.Read(_bytes).CaseFile;

    [Benchmark(Description = "BundleIntake.Read + TriageEngine.Assess")]
    public TriageResult IntakeAndTriage() => TriageEngine.Assess(BundleIntake.Read(_bytes).CaseFile, AsOf);

    /// <summary>For comparison: what materialising every entry (Claims, EoBs, Encounters...) with Firely would cost.</summary>
    [Benchmark(Description = "Firely: whole Bundle to POCOs (reference)")]
    public int WholeBundleWithFirely() => _wholeBundle.Deserialize<Bundle>(_json).Entry.Count;

    private static string? SyntheaDev()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CONSILIUM_SHARED_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            var candidate = Path.Combine(fromEnvironment, "fhir", "synthea-dev");
            return Directory.Exists(candidate) ? candidate : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data", "fhir", "synthea-dev");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
