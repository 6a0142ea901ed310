using System.Collections.Concurrent;
using System.Text.Json;
using Consilium.Phenotypes;
using Consilium.Phenotypes.Annotations;
using Consilium.Phenotypes.Ontology;
using Consilium.Phenotypes.Ranking;
using Consilium.Phenotypes.Text;

namespace Consilium.Web.Features.DecisionSupport;

/// <summary>The HPO ontology, disease annotations and the ranking engine built on them, loaded once.</summary>
public sealed record PhenotypeData(PhenotypeOntology Ontology, DiseaseAnnotations Annotations, DifferentialDiagnosis Engine, FindingExtractor Extractor)
{
    /// <summary>"id label" for an HPO term id (the id alone when the ontology does not know it).</summary>
    public string Label(string id)
    {
        var i = Ontology.IndexOf(id);
        return i >= 0 ? Ontology[i].Label : id;
    }
}

/// <summary>What loading the phenotype data gave: the data, or why there is none (said plainly on the page).</summary>
public sealed record PhenotypeLoad(PhenotypeData? Data, string? Problem);

/// <summary>
/// Finds the HPO data through configuration (<c>Consilium:Phenotypes:DataDirectory</c>, else the environment variable
/// <c>CONSILIUM_HPO_DIR</c>) and loads it lazily, once per process and directory (loading takes a second or two; every
/// later page view reuses it). A missing or unreadable directory is remembered as a problem, not thrown.
/// </summary>
internal static class PhenotypeReference
{
    public const string ConfigurationKey = "Consilium:Phenotypes:DataDirectory";

    private static readonly ConcurrentDictionary<string, Lazy<PhenotypeLoad>> Loaded = new(StringComparer.Ordinal);

    public static PhenotypeLoad Get(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var dir = configuration[ConfigurationKey];
        if (string.IsNullOrWhiteSpace(dir))
        {
            dir = Environment.GetEnvironmentVariable("CONSILIUM_HPO_DIR");
        }
        if (string.IsNullOrWhiteSpace(dir))
        {
            return new PhenotypeLoad(null, $"The differential diagnosis needs the HPO data (hp.json and phenotype.hpoa), which is not configured: set {ConfigurationKey} (or CONSILIUM_HPO_DIR) to the directory holding them.");
        }
        var full = Path.GetFullPath(dir);
        if (!Directory.Exists(full))
        {
            // Not cached: the operator may put the files there without restarting.
            return new PhenotypeLoad(null, $"The HPO data directory {full} does not exist (configured as {ConfigurationKey}).");
        }
        var lazy = Loaded.GetOrAdd(full, d => new Lazy<PhenotypeLoad>(() => Load(d), LazyThreadSafetyMode.ExecutionAndPublication));
        var load = lazy.Value;
        if (load.Data is null)
        {
            // A failure is not kept: the next page view tries again once the operator has fixed the files.
            Loaded.TryRemove(new KeyValuePair<string, Lazy<PhenotypeLoad>>(full, lazy));
        }
        return load;
    }

    private static PhenotypeLoad Load(string dir)
    {
        var ontologyPath = DataFiles.FindOntology(dir);
        var annotationsPath = DataFiles.FindAnnotations(dir);
        if (ontologyPath is null || annotationsPath is null)
        {
            return new PhenotypeLoad(null, $"The HPO data directory {dir} has no {(ontologyPath is null ? "ontology (hp*.json[.gz] or hp*.obo[.gz])" : "annotations (phenotype*.hpoa[.gz])")}.");
        }
        try
        {
            var ontology = OntologyReader.Load(ontologyPath);
            var annotations = AnnotationReader.Load(annotationsPath, ontology);
            if (annotations.Count == 0)
            {
                return new PhenotypeLoad(null, $"No disease annotations found in {annotationsPath}.");
            }
            // optional: gene links let OMIM and Orphanet entries of the same single-gene condition share their features
            if (DataFiles.FindGeneLinks(dir) is { } genesPath)
            {
                annotations = annotations.WithGeneLinks(GeneDiseaseLinks.Load(genesPath));
            }
            return new PhenotypeLoad(new PhenotypeData(ontology, annotations, new DifferentialDiagnosis(annotations), new FindingExtractor(ontology)), null);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException or UnauthorizedAccessException)
        {
            return new PhenotypeLoad(null, $"The HPO data in {dir} could not be read: {ex.Message}");
        }
    }
}
