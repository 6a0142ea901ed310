using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Specialties;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Matching;

/// <summary>What matching needs from a case, read once: codes, proposed procedures, modalities, languages, jurisdiction.</summary>
internal sealed class CaseProfile
{
    public CaseProfile(MatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Request = request;
        var file = request.File;
        Urgency = request.Triage.Urgency;
        Jurisdiction = Normalize(file.Patient.Jurisdiction);
        Languages = [.. file.Patient.Languages.Select(PrimaryLanguage).Where(l => l.Length > 0).Distinct(StringComparer.Ordinal)];
        var conditions = file.Conditions.Where(c => c.IsStanding && c.IsActive).ToList();
        foreach (var coding in conditions.SelectMany(c => c.Code.Codings))
        {
            ConditionKeys.Add(ConditionKey(coding.System, coding.Code));
            if (CodeSystems.IsIcd10(CodeSystems.Normalize(coding.System)) && ClinicalTaxonomy.Icd10Key(coding.Code) is { } category)
            {
                ConditionKeys.Add(ConditionKey(CodeSystems.Icd10, category));
            }
        }
        ConditionLabels = [.. conditions.Select(c => c.Code.Label).Distinct(StringComparer.Ordinal)];
        var proposed = file.Procedures.Where(p => p.Status == ProcedureStatus.Proposed).ToList();
        ProposedProcedureKeys = [.. proposed.SelectMany(p => p.Code.Codings).Select(c => ConditionKey(c.System, c.Code))];
        ProposedProcedureLabels = [.. proposed.Select(p => p.Code.Label).Distinct(StringComparer.Ordinal)];
        SurgicalSystem = proposed.Select(p => ClinicalTaxonomy.SystemOf(p.Code)).FirstOrDefault(s => s is not null)
            ?? (proposed.Count > 0 ? conditions.Select(c => ClinicalTaxonomy.SystemOf(c.Code)).FirstOrDefault(s => s is not null) : null);
        FirstOpinionName = string.IsNullOrWhiteSpace(request.FirstOpinion?.PractitionerName) ? null : NormalizeName(request.FirstOpinion.PractitionerName);
        FirstOpinionInstitution = string.IsNullOrWhiteSpace(request.FirstOpinion?.Institution) ? null : NormalizeName(request.FirstOpinion.Institution);
        Modalities = [.. file.ImagingStudies.SelectMany(s => s.Modalities).Select(m => m.Trim().ToUpperInvariant()).Where(m => m.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }

    public MatchRequest Request { get; }
    public Urgency Urgency { get; }
    public string? Jurisdiction { get; }
    /// <summary>Primary language subtags, preferred first.</summary>
    public IReadOnlyList<string> Languages { get; }
    public HashSet<string> ConditionKeys { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<string> ConditionLabels { get; }
    public HashSet<string> ProposedProcedureKeys { get; }
    public IReadOnlyList<string> ProposedProcedureLabels { get; }
    public OrganSystem? SurgicalSystem { get; }
    public IReadOnlyList<string> Modalities { get; }
    /// <summary>The first-opinion physician's name and institution, normalised as <see cref="NormalizeName"/> does.</summary>
    public string? FirstOpinionName { get; }
    public string? FirstOpinionInstitution { get; }

    /// <summary>Single spaces, upper case: "dr  a" and "Dr A" are the same name.</summary>
    public static string NormalizeName(string name) => string.Join(' ', name.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToUpperInvariant();

    /// <summary><c>system|CODE</c>, with the system in Consilium's canonical spelling and ICD-10-CM folded into ICD-10.</summary>
    public static string ConditionKey(string system, string code)
    {
        var s = CodeSystems.Normalize(system);
        if (s == CodeSystems.Icd10Cm)
        {
            s = CodeSystems.Icd10;
        }
        return $"{s}|{code.Trim().ToUpperInvariant()}";
    }

    /// <summary>"de-CH" → "de".</summary>
    public static string PrimaryLanguage(string tag)
    {
        var t = tag.Trim().ToLowerInvariant();
        var dash = t.IndexOfAny(['-', '_']);
        return dash < 0 ? t : t[..dash];
    }

    public static string? Normalize(string? jurisdiction) =>
        string.IsNullOrWhiteSpace(jurisdiction) ? null : jurisdiction.Trim().ToUpperInvariant();

    public static string Country(string jurisdiction)
    {
        var dash = jurisdiction.IndexOf('-', StringComparison.Ordinal);
        return dash < 0 ? jurisdiction : jurisdiction[..dash];
    }
}
