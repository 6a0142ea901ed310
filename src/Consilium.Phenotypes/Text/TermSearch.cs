using Consilium.Phenotypes.Ontology;

namespace Consilium.Phenotypes.Text;

/// <summary>A term picker hit: the term, the name that matched (label or synonym), and how well.</summary>
public sealed record TermSearchHit(int Term, string TermId, string Label, string MatchedName, bool IsPrefixMatch);

/// <summary>
/// Prefix and substring search over every label and synonym of the current terms, for a term picker.
/// Whole-name prefixes rank first, then word prefixes, then other substrings; labels before synonyms;
/// shorter names first.
/// </summary>
public sealed class TermSearch
{
    private readonly PhenotypeOntology _ontology;
    private readonly string[] _names;   // lower-cased
    private readonly string[] _display;
    private readonly int[] _terms;
    private readonly bool[] _isLabel;

    public TermSearch(PhenotypeOntology ontology)
    {
        _ontology = ontology;
        var names = new List<(string Lower, string Display, int Term, bool Label)>();
        for (var t = 0; t < ontology.Count; t++)
        {
            var term = ontology[t];
            if (term.IsObsolete)
            {
                continue;
            }
            names.Add((term.Label.ToLowerInvariant(), term.Label, t, true));
            foreach (var s in term.Synonyms)
            {
                names.Add((s.Text.ToLowerInvariant(), s.Text, t, false));
            }
        }
        _names = names.Select(n => n.Lower).ToArray();
        _display = names.Select(n => n.Display).ToArray();
        _terms = names.Select(n => n.Term).ToArray();
        _isLabel = names.Select(n => n.Label).ToArray();
    }

    /// <summary>Number of names searched.</summary>
    public int NameCount => _names.Length;

    /// <summary>Up to <paramref name="limit"/> terms whose label or synonym contains the query (or whose id is the query).</summary>
    public IReadOnlyList<TermSearchHit> Search(string query, int limit = 20)
    {
        query = query.Trim();
        if (query.Length == 0 || limit <= 0)
        {
            return [];
        }
        if (query.StartsWith("HP:", StringComparison.OrdinalIgnoreCase))
        {
            var r = _ontology.Resolve(query.ToUpperInvariant());
            return r.IsFound ? [new TermSearchHit(r.TermIndex, _ontology[r.TermIndex].Id, _ontology[r.TermIndex].Label, _ontology[r.TermIndex].Id, true)] : [];
        }
        var q = query.ToLowerInvariant();
        var best = new Dictionary<int, (int Rank, int Index)>();
        for (var i = 0; i < _names.Length; i++)
        {
            var at = _names[i].IndexOf(q, StringComparison.Ordinal);
            if (at < 0)
            {
                continue;
            }
            var rank = at == 0 ? 0 : _names[i][at - 1] is ' ' or '-' or '(' or '/' ? 2 : 4;
            if (!_isLabel[i])
            {
                rank++;
            }
            var term = _terms[i];
            if (!best.TryGetValue(term, out var prev) || rank < prev.Rank || (rank == prev.Rank && _names[i].Length < _names[prev.Index].Length))
            {
                best[term] = (rank, i);
            }
        }
        return best
            .OrderBy(kv => kv.Value.Rank)
            .ThenBy(kv => _names[kv.Value.Index].Length)
            .ThenBy(kv => _ontology[kv.Key].Id, StringComparer.Ordinal)
            .Take(limit)
            .Select(kv => new TermSearchHit(kv.Key, _ontology[kv.Key].Id, _ontology[kv.Key].Label, _display[kv.Value.Index], kv.Value.Rank <= 1))
            .ToList();
    }
}
