using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Consilium.Phenotypes;
using Consilium.Phenotypes.Annotations;
using Consilium.Phenotypes.Ontology;
using Consilium.Phenotypes.Ranking;
using Spectre.Console.Cli;

namespace Consilium.Cli.Phenotypes;

/// <summary>Options shared by the ddx commands: where the ontology and annotations are, scoring overrides.</summary>
internal class PhenotypeDataSettings : CommandSettings
{
    [CommandOption("--ontology <FILE>")]
    [Description("HPO ontology (hp.json or hp.obo, plain or .gz). Default: hp*.json(.gz) in the configured HPO directory.")]
    public string? Ontology { get; init; }

    [CommandOption("--annotations <FILE>")]
    [Description("HPO disease annotations (phenotype.hpoa, plain or .gz). Default: phenotype*.hpoa(.gz) in the configured HPO directory.")]
    public string? Annotations { get; init; }

    [CommandOption("--genes <FILE>")]
    [Description("HPO genes_to_disease.txt (plain or .gz), used to recognise OMIM and Orphanet entries of the same single-gene condition. Default: genes_to_disease*.txt(.gz) beside the annotations, when there is one.")]
    public string? Genes { get; init; }

    [CommandOption("--hpo-dir <DIR>")]
    [Description("Directory holding the HPO files (overrides Consilium:Phenotypes:DataDirectory and CONSILIUM_HPO_DIR).")]
    public string? HpoDirectory { get; init; }

    [CommandOption("--setting <NAME=VALUE>")]
    [Description("Override a scoring setting, e.g. --setting CommonAncestorWeight=0.2 (repeatable; for experiments).")]
    public string[] Settings { get; init; } = [];
}

/// <summary>The loaded reference data: ontology, annotations and the ranking engine built on them.</summary>
internal sealed record PhenotypeData(PhenotypeOntology Ontology, DiseaseAnnotations Annotations, DifferentialDiagnosis Engine)
{
    /// <summary>Finds the files (options, then configuration), loads them once, reports timings on stderr.</summary>
    public static PhenotypeData Load(PhenotypeDataSettings options, bool quiet = false)
    {
        var (ontologyPath, annotationsPath) = Locate(options);
        var scoring = ParseSettings(options.Settings);
        var clock = Stopwatch.StartNew();
        PhenotypeOntology ontology;
        try
        {
            ontology = OntologyReader.Load(ontologyPath);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new BadInputException($"cannot read ontology {ontologyPath}: {ex.Message}", ex);
        }
        var ontologyTime = clock.Elapsed;
        DiseaseAnnotations annotations;
        try
        {
            annotations = AnnotationReader.Load(annotationsPath, ontology);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            throw new BadInputException($"cannot read annotations {annotationsPath}: {ex.Message}", ex);
        }
        if (annotations.Count == 0)
        {
            throw new BadInputException($"no disease annotations found in {annotationsPath} (is it a phenotype.hpoa file?)");
        }
        var genesPath = options.Genes ?? DataFiles.FindGeneLinks(Path.GetDirectoryName(Path.GetFullPath(annotationsPath))!);
        if (genesPath is not null)
        {
            try
            {
                annotations = annotations.WithGeneLinks(GeneDiseaseLinks.Load(genesPath));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException)
            {
                throw new BadInputException($"cannot read gene links {genesPath}: {ex.Message}", ex);
            }
        }
        var annotationsTime = clock.Elapsed - ontologyTime;
        var engine = new DifferentialDiagnosis(annotations, scoring);
        var engineTime = clock.Elapsed - ontologyTime - annotationsTime;
        if (!quiet)
        {
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"loaded HPO {ontology.Version ?? "?"} ({ontology.Count} terms, {ontologyTime.TotalMilliseconds:F0} ms) and annotations {annotations.Version ?? "?"} ({annotations.Count} diseases, {annotations.RowCount} rows, {annotationsTime.TotalMilliseconds:F0} ms); index built in {engineTime.TotalMilliseconds:F0} ms"));
            Console.Error.WriteLine(annotations.GeneLinks is { } links
                ? $"gene links: {links.RowCount} rows from {genesPath} (OMIM and Orphanet entries of one single-gene condition share their features)"
                : "gene links: none (no genes_to_disease*.txt[.gz] beside the annotations; pass --genes FILE to use one)");
            if (annotations.MappedTerms.Count > 0)
            {
                Console.Error.WriteLine($"note: {annotations.MappedTerms.Count} annotation term ids were not current: {string.Join("; ", annotations.MappedTerms.Take(5).Select(m => m.Describe()))}");
            }
        }
        return new PhenotypeData(ontology, annotations, engine);
    }

    private static ScoringSettings ParseSettings(string[] overrides)
    {
        var s = ScoringSettings.Default;
        foreach (var o in overrides)
        {
            var eq = o.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0 || !double.TryParse(o.AsSpan(eq + 1), NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new BadInputException($"--setting must look like NAME=NUMBER, got '{o}'");
            }
            var name = o[..eq].Trim();
            var prop = typeof(ScoringSettings).GetProperty(name);
            if (prop is null || prop.PropertyType != typeof(double) || !prop.CanWrite)
            {
                var names = typeof(ScoringSettings).GetProperties().Where(p => p.PropertyType == typeof(double)).Select(p => p.Name);
                throw new BadInputException($"--setting: unknown setting '{name}' (known: {string.Join(", ", names)})");
            }
            s = s with { };
            prop.SetValue(s, value);
        }
        return s;
    }

    private static (string Ontology, string Annotations) Locate(PhenotypeDataSettings options)
    {
        var ontology = options.Ontology;
        var annotations = options.Annotations;
        if (ontology is not null && !File.Exists(ontology))
        {
            throw new BadInputException($"--ontology: file not found: {ontology}");
        }
        if (options.Genes is not null && !File.Exists(options.Genes))
        {
            throw new BadInputException($"--genes: file not found: {options.Genes}");
        }
        if (annotations is not null && !File.Exists(annotations))
        {
            throw new BadInputException($"--annotations: file not found: {annotations}");
        }
        if (ontology is not null && annotations is not null)
        {
            return (ontology, annotations);
        }
        var dir = options.HpoDirectory ?? ConfiguredDirectory();
        if (dir is null || !Directory.Exists(dir))
        {
            throw new BadInputException(dir is null
                ? "no HPO data: pass --ontology and --annotations, or set --hpo-dir, CONSILIUM_HPO_DIR or Consilium:Phenotypes:DataDirectory"
                : $"HPO data directory not found: {Path.GetFullPath(dir)} (pass --ontology/--annotations or set --hpo-dir / CONSILIUM_HPO_DIR)");
        }
        ontology ??= DataFiles.FindOntology(dir)
            ?? throw new BadInputException($"no ontology (hp*.json[.gz] or hp*.obo[.gz]) in {Path.GetFullPath(dir)}; pass --ontology");
        annotations ??= DataFiles.FindAnnotations(dir)
            ?? throw new BadInputException($"no annotations (phenotype*.hpoa[.gz]) in {Path.GetFullPath(dir)}; pass --annotations");
        return (ontology, annotations);
    }

    /// <summary>The ontology file in the given or configured HPO directory.</summary>
    public static string LocateOntology(string? directory)
    {
        var dir = directory ?? ConfiguredDirectory();
        if (dir is null || !Directory.Exists(dir))
        {
            throw new BadInputException("no HPO data: pass --ontology, or set --hpo-dir, CONSILIUM_HPO_DIR or Consilium:Phenotypes:DataDirectory");
        }
        return DataFiles.FindOntology(dir)
            ?? throw new BadInputException($"no ontology (hp*.json[.gz] or hp*.obo[.gz]) in {Path.GetFullPath(dir)}; pass --ontology");
    }

    /// <summary>
    /// CONSILIUM_HPO_DIR, then <c>Consilium:Phenotypes:DataDirectory</c> from the CLI's configuration (environment
    /// <c>Consilium__Phenotypes__DataDirectory</c>, then appsettings.json in the working directory, then beside the executable).
    /// </summary>
    private static string? ConfiguredDirectory()
    {
        var env = Environment.GetEnvironmentVariable("CONSILIUM_HPO_DIR");
        if (!string.IsNullOrWhiteSpace(env))
        {
            return env;
        }
        try
        {
            return CliConfiguration.Load()["Consilium:Phenotypes:DataDirectory"] is { Length: > 0 } configured ? configured : null;
        }
        catch (InvalidDataException)
        {
            // an unreadable settings file: no configured directory; the caller says how to pass one
            return null;
        }
    }
}
