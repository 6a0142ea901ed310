namespace Consilium.Domain.Clinical;

/// <summary>A code from a code system, as clinical records carry it (FHIR Coding).</summary>
public sealed record ClinicalCode(string System, string Code, string? Display = null)
{
    public override string ToString() => Display is null ? $"{CodeSystems.ShortName(System)} {Code}" : $"{CodeSystems.ShortName(System)} {Code} ({Display})";
}

/// <summary>The code systems Consilium understands, by their canonical URIs.</summary>
public static class CodeSystems
{
    public const string Icd10Cm = "http://hl7.org/fhir/sid/icd-10-cm";
    public const string Icd10 = "http://hl7.org/fhir/sid/icd-10";
    public const string Snomed = "http://snomed.info/sct";
    public const string Loinc = "http://loinc.org";
    public const string RxNorm = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string Hpo = "http://purl.obolibrary.org/obo/hp.owl";
    public const string Orphanet = "http://www.orpha.net";
    public const string Omim = "http://www.omim.org";
    public const string Atc = "http://www.whocc.no/atc";

    /// <summary>Other spellings of the same systems seen in real exports.</summary>
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.OrdinalIgnoreCase)
    {
        ["http://hl7.org/fhir/sid/icd-10-cm"] = Icd10Cm,
        ["http://hl7.org/fhir/sid/icd-10"] = Icd10,
        ["http://snomed.info/sct"] = Snomed,
        ["http://loinc.org"] = Loinc,
        ["http://www.nlm.nih.gov/research/umls/rxnorm"] = RxNorm,
        ["http://purl.obolibrary.org/obo/hp.owl"] = Hpo,
        ["http://human-phenotype-ontology.org"] = Hpo,
        ["https://hpo.jax.org"] = Hpo,
        ["http://purl.obolibrary.org/obo/hp"] = Hpo,
        ["http://www.orpha.net"] = Orphanet,
        ["https://www.orpha.net"] = Orphanet,
        ["http://www.orpha.net/ORDO"] = Orphanet,
        ["http://omim.org"] = Omim,
        ["https://omim.org"] = Omim,
        ["http://www.omim.org"] = Omim,
        ["https://www.omim.org"] = Omim,
        ["http://www.whocc.no/atc"] = Atc,
    };

    /// <summary>Maps a system URI to Consilium's canonical spelling (unknown systems are kept as given).</summary>
    public static string Normalize(string? system)
    {
        if (string.IsNullOrWhiteSpace(system))
        {
            return string.Empty;
        }
        var trimmed = system.Trim().TrimEnd('/');
        return Aliases.TryGetValue(trimmed, out var canonical) ? canonical : trimmed;
    }

    public static string ShortName(string system) => system switch
    {
        Icd10Cm => "ICD-10-CM",
        Icd10 => "ICD-10",
        Snomed => "SNOMED",
        Loinc => "LOINC",
        RxNorm => "RxNorm",
        Hpo => "HPO",
        Orphanet => "ORPHA",
        Omim => "OMIM",
        Atc => "ATC",
        _ => system,
    };

    public static bool IsIcd10(string system) => system is Icd10Cm or Icd10;
}

/// <summary>A coded concept: one or more codings of the same thing plus the text a clinician wrote.</summary>
public sealed record CodedConcept(IReadOnlyList<ClinicalCode> Codings, string? Text = null)
{
    public static CodedConcept Empty { get; } = new([], null);

    public static CodedConcept Of(string system, string code, string? display = null) => new([new ClinicalCode(system, code, display)], display);

    /// <summary>The words to show: the text, else the first display, else the first code.</summary>
    public string Label => Text ?? Codings.Select(c => c.Display).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d)) ?? Codings.Select(c => c.Code).FirstOrDefault() ?? "(uncoded)";

    public IEnumerable<ClinicalCode> In(string system) => Codings.Where(c => c.System == system);

    public bool Has(string system, string code) => Codings.Any(c => c.System == system && string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>Every human-readable word attached to the concept (text and displays), for keyword rules.</summary>
    public IEnumerable<string> Words()
    {
        if (!string.IsNullOrWhiteSpace(Text))
        {
            yield return Text;
        }
        foreach (var c in Codings)
        {
            if (!string.IsNullOrWhiteSpace(c.Display))
            {
                yield return c.Display;
            }
        }
    }
}
