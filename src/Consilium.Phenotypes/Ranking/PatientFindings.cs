using Consilium.Phenotypes.Ontology;

namespace Consilium.Phenotypes.Ranking;

/// <summary>What is known about the patient: features present, features explicitly absent, optionally sex.</summary>
public sealed record PatientFindings(IReadOnlyList<string> Observed, IReadOnlyList<string> Excluded)
{
    /// <summary><c>MALE</c>, <c>FEMALE</c> or null when unknown.</summary>
    public string? Sex { get; init; }

    /// <summary>Age of onset as an HPO onset term (e.g. HP:0003593 infantile onset; see <see cref="AgeOfOnset"/>), or null.</summary>
    public string? Onset { get; init; }

    /// <summary>Maps every id onto a current term of the ontology, reporting the mapping.</summary>
    public ResolvedFindings Resolve(PhenotypeOntology ontology)
    {
        var notes = new List<TermResolution>();
        var observed = ResolveAll(Observed);
        var excludedAll = ResolveAll(Excluded);
        // a term both present and absent (or absent while a more specific one is present) is
        // contradictory; the presence wins, the exclusion is dropped
        var excluded = excludedAll.Where(x => !observed.Any(o => ontology.IsAncestorOrSelf(x, o))).ToArray();
        return new ResolvedFindings(observed, excluded, notes, Sex) { Onset = Onset };

        int[] ResolveAll(IReadOnlyList<string> ids)
        {
            var result = new List<int>(ids.Count);
            foreach (var id in ids)
            {
                var r = ontology.Resolve(id);
                if (r.Kind != TermResolutionKind.Current)
                {
                    notes.Add(r);
                }
                if (r.IsFound && !result.Contains(r.TermIndex))
                {
                    result.Add(r.TermIndex);
                }
            }
            return [.. result];
        }
    }
}

/// <summary>The findings as term indices of the ontology, with the ids that had to be mapped or could not be.</summary>
public sealed record ResolvedFindings(int[] Observed, int[] Excluded, IReadOnlyList<TermResolution> Notes, string? Sex)
{
    /// <summary>Age of onset as an HPO onset term, or null.</summary>
    public string? Onset { get; init; }
}
