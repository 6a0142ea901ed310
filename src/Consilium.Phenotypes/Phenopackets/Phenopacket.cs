using System.Text.Json.Serialization;

namespace Consilium.Phenotypes.Phenopackets;

// GA4GH Phenopacket schema v2, the parts Consilium reads and writes. Unknown fields are ignored
// on read; on write, null members are omitted so the output stays a valid, minimal phenopacket.

/// <summary>An ontology class reference: <c>{"id":"HP:0001250","label":"Seizure"}</c>.</summary>
public sealed record OntologyClass(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("label")] string? Label = null);

public sealed record Age([property: JsonPropertyName("iso8601duration")] string? Iso8601Duration);

public sealed record TimeElement(
    [property: JsonPropertyName("age")] Age? Age = null,
    [property: JsonPropertyName("ontologyClass")] OntologyClass? OntologyClass = null);

public sealed record Individual(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("sex")] string? Sex = null,
    [property: JsonPropertyName("timeAtLastEncounter")] TimeElement? TimeAtLastEncounter = null);

public sealed record PhenotypicFeature(
    [property: JsonPropertyName("type")] OntologyClass Type,
    [property: JsonPropertyName("excluded")] bool? Excluded = null,
    [property: JsonPropertyName("onset")] TimeElement? Onset = null)
{
    [JsonIgnore]
    public bool IsExcluded => Excluded == true;
}

public sealed record DiseaseEntry(
    [property: JsonPropertyName("term")] OntologyClass Term,
    [property: JsonPropertyName("onset")] TimeElement? Onset = null);

public sealed record Diagnosis([property: JsonPropertyName("disease")] OntologyClass? Disease);

public sealed record Interpretation(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("progressStatus")] string? ProgressStatus,
    [property: JsonPropertyName("diagnosis")] Diagnosis? Diagnosis);

public sealed record Resource(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("name")] string? Name,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("version")] string? Version,
    [property: JsonPropertyName("namespacePrefix")] string? NamespacePrefix,
    [property: JsonPropertyName("iriPrefix")] string? IriPrefix);

public sealed record ExternalReference(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("reference")] string? Reference = null,
    [property: JsonPropertyName("description")] string? Description = null);

public sealed record MetaData(
    [property: JsonPropertyName("created")] string? Created,
    [property: JsonPropertyName("createdBy")] string? CreatedBy,
    [property: JsonPropertyName("resources")] IReadOnlyList<Resource>? Resources,
    [property: JsonPropertyName("phenopacketSchemaVersion")] string? PhenopacketSchemaVersion,
    [property: JsonPropertyName("externalReferences")] IReadOnlyList<ExternalReference>? ExternalReferences = null);

/// <summary>A GA4GH Phenopacket (v2): one individual's phenotypic features and diagnosis.</summary>
public sealed record Phenopacket(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("subject")] Individual? Subject,
    [property: JsonPropertyName("phenotypicFeatures")] IReadOnlyList<PhenotypicFeature>? PhenotypicFeatures,
    [property: JsonPropertyName("diseases")] IReadOnlyList<DiseaseEntry>? Diseases,
    [property: JsonPropertyName("interpretations")] IReadOnlyList<Interpretation>? Interpretations,
    [property: JsonPropertyName("metaData")] MetaData? MetaData)
{
    /// <summary>HPO ids the individual shows.</summary>
    [JsonIgnore]
    public IEnumerable<string> ObservedTermIds => (PhenotypicFeatures ?? []).Where(f => !f.IsExcluded).Select(f => f.Type.Id);

    /// <summary>HPO ids explicitly absent in the individual.</summary>
    [JsonIgnore]
    public IEnumerable<string> ExcludedTermIds => (PhenotypicFeatures ?? []).Where(f => f.IsExcluded).Select(f => f.Type.Id);

    /// <summary>
    /// Age of onset as an HPO onset term: the onset recorded on the disease (a term, or an age mapped to one), else the
    /// earliest onset recorded on a present feature; null when none is recorded.
    /// </summary>
    [JsonIgnore]
    public string? OnsetTermId =>
        (Diseases ?? []).Select(d => OnsetTerm(d.Onset)).FirstOrDefault(t => t is not null)
        ?? (PhenotypicFeatures ?? []).Where(f => !f.IsExcluded).Select(f => OnsetTerm(f.Onset)).OfType<string>()
            .Where(t => Ranking.AgeOfOnset.BandsOf(t).Count > 0)
            .OrderBy(t => Ranking.AgeOfOnset.BandsOf(t).Min()).FirstOrDefault();

    private static string? OnsetTerm(TimeElement? onset) =>
        onset?.OntologyClass?.Id ?? Ranking.AgeOfOnset.TermOfAge(onset?.Age?.Iso8601Duration);

    /// <summary>The confirmed diagnosis of the first interpretation, else the first disease.</summary>
    [JsonIgnore]
    public OntologyClass? Diagnosis =>
        Interpretations?.FirstOrDefault(i => i.Diagnosis?.Disease is not null)?.Diagnosis?.Disease
        ?? Diseases?.FirstOrDefault()?.Term;
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, WriteIndented = true, PropertyNameCaseInsensitive = false)]
[JsonSerializable(typeof(Phenopacket))]
internal sealed partial class PhenopacketJsonContext : JsonSerializerContext;
