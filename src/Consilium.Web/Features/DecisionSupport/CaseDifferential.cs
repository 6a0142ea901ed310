using System.Globalization;
using System.Text;
using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Phenotypes.Ranking;

namespace Consilium.Web.Features.DecisionSupport;

/// <summary>One of the patient's findings as an HPO term, with where it came from (the record, or the patient's words).</summary>
public sealed record CaseFindingTerm(string Id, bool Present, string From);

/// <summary>
/// A case's findings as HPO terms (HPO-coded findings of the record, terms found in the patient's own words) and the ranked
/// differential over them, with short explanations: shown in the expert workspace and drafted into the opinion.
/// </summary>
public sealed class CaseDifferential
{
    private readonly PhenotypeData _data;

    private CaseDifferential(PhenotypeData data, IReadOnlyList<CaseFindingTerm> terms, Differential? differential)
    {
        _data = data;
        Terms = terms;
        Differential = differential;
    }

    public IReadOnlyList<CaseFindingTerm> Terms { get; }

    /// <summary>The ranking; null when no finding could be expressed as an HPO term.</summary>
    public Differential? Differential { get; }

    public static CaseDifferential For(CaseFile file, PhenotypeData data, int top = 10)
    {
        var terms = new List<CaseFindingTerm>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var f in file.Findings.Where(f => !f.Resolved))
        {
            foreach (var code in f.Code.In(CodeSystems.Hpo))
            {
                if (seen.Add(code.Code))
                {
                    terms.Add(new CaseFindingTerm(code.Code, f.Present, "record: " + f.Code.Label));
                }
            }
        }
        foreach (var text in new[] { file.PatientQuestion, file.Intake?.Question }.Where(t => !string.IsNullOrWhiteSpace(t)).Distinct())
        {
            foreach (var found in data.Extractor.Extract(text!))
            {
                if (seen.Add(found.TermId))
                {
                    terms.Add(new CaseFindingTerm(found.TermId, !found.IsNegated, $"patient's words: \"{text!.Substring(found.Start, found.Length)}\""));
                }
            }
        }
        if (terms.Count == 0)
        {
            return new CaseDifferential(data, terms, null);
        }
        var findings = new PatientFindings(
            terms.Where(t => t.Present).Select(t => t.Id).ToList(),
            terms.Where(t => !t.Present).Select(t => t.Id).ToList())
        {
            Sex = file.Patient.Sex switch { AdministrativeSex.Female => "FEMALE", AdministrativeSex.Male => "MALE", _ => null },
        }.Resolve(data.Ontology);
        var differential = findings.Observed.Length == 0 && findings.Excluded.Length == 0
            ? null
            : data.Engine.Rank(findings, new RankingRequest { Top = top });
        return new CaseDifferential(data, terms, differential);
    }

    /// <summary>Why the candidate ranks where it does, in one line.</summary>
    public string Explain(Candidate c)
    {
        var e = _data.Engine.Explain(Differential!.Findings, c);
        var parts = e.Matches.OrderByDescending(m => m.Log10Ratio).Take(4)
            .Select(m => m.PatientTerm == m.DiseaseTerm ? $"matches {_data.Label(m.PatientTerm)}" : $"{_data.Label(m.PatientTerm)} ~ {_data.Label(m.DiseaseTerm)}")
            .ToList();
        if (e.Excluded.Count > 0)
        {
            parts.Add($"against: absent {string.Join(", ", e.Excluded.Take(2).Select(x => _data.Label(x.PatientTerm)))}");
        }
        if (e.Unmatched.Count > 0)
        {
            parts.Add($"{e.Unmatched.Count} finding(s) not explained");
        }
        if (e.SexLog10Ratio < 0)
        {
            parts.Add("against: X-linked recessive, the patient is a woman");
        }
        if (e.FeaturesAlsoFrom.Count > 0)
        {
            parts.Add($"features also from {string.Join(", ", e.FeaturesAlsoFrom)}");
        }
        return parts.Count == 0 ? "no finding matched" : string.Join("; ", parts);
    }

    /// <summary>
    /// The first candidates as a draft of the opinion's ranked differential, with the findings for and against each, for the
    /// expert to edit (null when there is nothing ranked).
    /// </summary>
    public string? OpinionDraft(int candidates = 5)
    {
        if (Differential is not { Candidates.Count: > 0 } d)
        {
            return null;
        }
        var text = new StringBuilder();
        foreach (var c in d.Candidates.Take(candidates))
        {
            var e = _data.Engine.Explain(d.Findings, c);
            text.Append(CultureInfo.InvariantCulture, $"{c.Rank}. {c.Disease.Name} ({c.Disease.Id}), decision-support probability {c.Probability:P0}.");
            if (e.Matches.Count > 0)
            {
                text.Append(" For: ").AppendJoin(", ", e.Matches.OrderByDescending(m => m.Log10Ratio).Take(5).Select(m => _data.Label(m.PatientTerm))).Append('.');
            }
            var against = e.Excluded.Select(x => "absent " + _data.Label(x.PatientTerm))
                .Concat(e.Unmatched.Take(3).Select(m => _data.Label(m.PatientTerm) + " not explained"))
                .ToList();
            if (against.Count > 0)
            {
                text.Append(" Against: ").AppendJoin(", ", against).Append('.');
            }
            text.Append('\n');
        }
        return text.ToString().TrimEnd();
    }
}
