using System.Globalization;
using System.Text.Json;
using Consilium.Phenotypes.Ontology;

namespace Consilium.Phenotypes.Phenopackets;

/// <summary>Reads and writes Phenopacket v2 JSON files.</summary>
public static class PhenopacketFile
{
    /// <summary>Reads one phenopacket. Throws <see cref="InvalidDataException"/> when the JSON is not a phenopacket.</summary>
    public static Phenopacket Read(Stream json)
    {
        try
        {
            var phenopacket = JsonSerializer.Deserialize(json, PhenopacketJsonContext.Default.Phenopacket)
                ?? throw new InvalidDataException("the file is empty (JSON null)");
            Validate(phenopacket);
            return phenopacket;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"not a valid phenopacket: {ex.Message}", ex);
        }
    }

    /// <summary>What the JSON types cannot say: every listed feature and disease names its term (the readers rely on it).</summary>
    private static void Validate(Phenopacket phenopacket)
    {
        var features = phenopacket.PhenotypicFeatures ?? [];
        for (var i = 0; i < features.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(features[i]?.Type?.Id))
            {
                throw new InvalidDataException($"not a valid phenopacket: phenotypicFeatures[{i}].type.id is missing");
            }
        }
        var diseases = phenopacket.Diseases ?? [];
        for (var i = 0; i < diseases.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(diseases[i]?.Term?.Id))
            {
                throw new InvalidDataException($"not a valid phenopacket: diseases[{i}].term.id is missing");
            }
        }
        var interpretations = phenopacket.Interpretations ?? [];
        for (var i = 0; i < interpretations.Count; i++)
        {
            if (interpretations[i] is null || interpretations[i].Diagnosis?.Disease is { Id: null or "" })
            {
                throw new InvalidDataException($"not a valid phenopacket: interpretations[{i}] has no diagnosis.disease.id");
            }
        }
    }

    public static Phenopacket Read(string path)
    {
        using var stream = DataFiles.OpenRead(path);
        return Read(stream);
    }

    public static Phenopacket Parse(string json)
    {
        using var stream = new MemoryStream(System.Text.Encoding.UTF8.GetBytes(json));
        return Read(stream);
    }

    public static string Write(Phenopacket phenopacket) => JsonSerializer.Serialize(phenopacket, PhenopacketJsonContext.Default.Phenopacket);

    public static void Write(Phenopacket phenopacket, Stream output) => JsonSerializer.Serialize(output, phenopacket, PhenopacketJsonContext.Default.Phenopacket);

    /// <summary>
    /// Builds a phenopacket from a case's findings, for sharing with rare-disease networks: observed and
    /// excluded HPO terms (labelled from the ontology), optional sex, age and diagnosis, metadata naming the
    /// HPO release used.
    /// </summary>
    public static Phenopacket FromFindings(
        string id,
        PhenotypeOntology ontology,
        IEnumerable<string> observed,
        IEnumerable<string> excluded,
        DateTimeOffset created,
        string createdBy = "Consilium",
        string? sex = null,
        string? ageIso8601 = null,
        OntologyClass? diagnosis = null)
    {
        OntologyClass Label(string termId)
        {
            var r = ontology.Resolve(termId);
            return r.IsFound ? new OntologyClass(ontology[r.TermIndex].Id, ontology[r.TermIndex].Label) : new OntologyClass(termId);
        }
        var features = observed.Select(t => new PhenotypicFeature(Label(t)))
            .Concat(excluded.Select(t => new PhenotypicFeature(Label(t), Excluded: true)))
            .ToList();
        var resources = new List<Resource>
        {
            new("hp", "human phenotype ontology", "http://purl.obolibrary.org/obo/hp.owl", ontology.Version ?? "unknown", "HP", "http://purl.obolibrary.org/obo/HP_"),
        };
        if (diagnosis is not null && diagnosis.Id.StartsWith("OMIM:", StringComparison.Ordinal))
        {
            resources.Add(new Resource("omim", "Online Mendelian Inheritance in Man", "https://www.omim.org", "unknown", "OMIM", "https://omim.org/entry/"));
        }
        return new Phenopacket(
            id,
            new Individual(id, sex, ageIso8601 is null ? null : new TimeElement(new Age(ageIso8601))),
            features,
            diagnosis is null ? null : [new DiseaseEntry(diagnosis)],
            diagnosis is null ? null : [new Interpretation(id + "-diagnosis", "SOLVED", new Diagnosis(diagnosis))],
            new MetaData(created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), createdBy, resources, "2.0"));
    }
}
