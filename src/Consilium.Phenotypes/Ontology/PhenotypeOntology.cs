using System.Collections.Frozen;

namespace Consilium.Phenotypes.Ontology;

/// <summary>
/// The phenotype ontology (HPO): terms by id, is_a parents and children, ancestors (precomputed,
/// sorted, including the term itself), alt_id / replaced_by resolution. Terms are addressed by a dense
/// index (0..Count-1) so that scoring can use arrays instead of dictionaries.
/// </summary>
public sealed class PhenotypeOntology
{
    /// <summary>HP:0000001, the root of everything.</summary>
    public const string AllId = "HP:0000001";
    /// <summary>HP:0000118, the root of the phenotypic-abnormality subtree (the features a patient can show).</summary>
    public const string PhenotypicAbnormalityId = "HP:0000118";

    private readonly OntologyTerm[] _terms;
    private readonly FrozenDictionary<string, int> _indexById;
    private readonly FrozenDictionary<string, int> _indexByAltId;
    private readonly int[][] _parents;
    private readonly int[][] _children;
    private readonly int[][] _ancestors;

    internal PhenotypeOntology(OntologyTerm[] terms, int[][] parents, string? version)
    {
        _terms = terms;
        _parents = parents;
        Version = version;
        var byId = new Dictionary<string, int>(terms.Length, StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++)
        {
            byId.TryAdd(terms[i].Id, i);
        }
        var byAlt = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < terms.Length; i++)
        {
            if (terms[i].IsObsolete)
            {
                continue;
            }
            foreach (var alt in terms[i].AltIds)
            {
                if (!byId.ContainsKey(alt))
                {
                    byAlt.TryAdd(alt, i);
                }
            }
        }
        _indexById = byId.ToFrozenDictionary(StringComparer.Ordinal);
        _indexByAltId = byAlt.ToFrozenDictionary(StringComparer.Ordinal);

        var childLists = new List<int>[terms.Length];
        for (var i = 0; i < terms.Length; i++)
        {
            foreach (var p in parents[i])
            {
                (childLists[p] ??= []).Add(i);
            }
        }
        _children = new int[terms.Length][];
        for (var i = 0; i < terms.Length; i++)
        {
            _children[i] = childLists[i] is { } list ? [.. list] : [];
        }
        _ancestors = ComputeAncestors(parents);
        Root = byId.GetValueOrDefault(AllId, -1);
        PhenotypicAbnormality = byId.GetValueOrDefault(PhenotypicAbnormalityId, -1);
    }

    /// <summary>The release, e.g. <c>2025-05-06</c>, when the file says.</summary>
    public string? Version { get; }

    /// <summary>Number of terms (current and obsolete).</summary>
    public int Count => _terms.Length;

    /// <summary>Index of HP:0000001, or -1.</summary>
    public int Root { get; }

    /// <summary>Index of HP:0000118 Phenotypic abnormality, or -1.</summary>
    public int PhenotypicAbnormality { get; }

    public IReadOnlyList<OntologyTerm> Terms => _terms;

    public OntologyTerm this[int index] => _terms[index];

    /// <summary>The direct is_a parents of a term.</summary>
    public ReadOnlySpan<int> ParentsOf(int term) => _parents[term];

    /// <summary>The direct is_a children of a term.</summary>
    public ReadOnlySpan<int> ChildrenOf(int term) => _children[term];

    /// <summary>Every ancestor of a term, the term itself included, sorted by index.</summary>
    public ReadOnlySpan<int> AncestorsOf(int term) => _ancestors[term];

    /// <summary>True when <paramref name="ancestor"/> is <paramref name="term"/> or one of its ancestors.</summary>
    public bool IsAncestorOrSelf(int ancestor, int term) => Array.BinarySearch(_ancestors[term], ancestor) >= 0;

    /// <summary>True when the term lies in the phenotypic-abnormality subtree (HP:0000118 and below).</summary>
    public bool IsPhenotypicAbnormality(int term) => PhenotypicAbnormality >= 0 && IsAncestorOrSelf(PhenotypicAbnormality, term);

    /// <summary>The index of a current or obsolete term with exactly this primary id, or -1.</summary>
    public int IndexOf(string id) => _indexById.TryGetValue(id, out var i) ? i : -1;

    /// <summary>
    /// Finds the current term for an id: a current term as is, an alternative id mapped to its term,
    /// an obsolete term mapped to its replacement. The result says which mapping was applied.
    /// </summary>
    public TermResolution Resolve(string id)
    {
        id = id.Trim();
        if (_indexById.TryGetValue(id, out var i))
        {
            var term = _terms[i];
            if (!term.IsObsolete)
            {
                return new TermResolution(id, TermResolutionKind.Current, i, term.Id);
            }
            if (term.ReplacedBy is { } replacement)
            {
                var r = Resolve(replacement);
                if (r.IsFound)
                {
                    return new TermResolution(id, TermResolutionKind.Replaced, r.TermIndex, r.ResolvedId);
                }
            }
            if (_indexByAltId.TryGetValue(id, out var viaAlt))
            {
                return new TermResolution(id, TermResolutionKind.AlternativeId, viaAlt, _terms[viaAlt].Id);
            }
            return new TermResolution(id, TermResolutionKind.ObsoleteWithoutReplacement, -1, null);
        }
        if (_indexByAltId.TryGetValue(id, out var alt))
        {
            return new TermResolution(id, TermResolutionKind.AlternativeId, alt, _terms[alt].Id);
        }
        return new TermResolution(id, TermResolutionKind.Unknown, -1, null);
    }

    private static int[][] ComputeAncestors(int[][] parents)
    {
        var n = parents.Length;
        var result = new int[n][];
        var state = new byte[n]; // 0 = not started, 1 = in progress, 2 = done
        var set = new HashSet<int>();
        for (var i = 0; i < n; i++)
        {
            Visit(i);
        }
        return result;

        void Visit(int start)
        {
            if (state[start] == 2)
            {
                return;
            }
            // iterative post-order so deep chains cannot overflow the stack
            var stack = new Stack<(int Term, int Next)>();
            stack.Push((start, 0));
            state[start] = 1;
            while (stack.Count > 0)
            {
                var (term, next) = stack.Pop();
                var ps = parents[term];
                if (next < ps.Length)
                {
                    stack.Push((term, next + 1));
                    var p = ps[next];
                    if (state[p] == 0)
                    {
                        state[p] = 1;
                        stack.Push((p, 0));
                    }
                    continue;
                }
                set.Clear();
                set.Add(term);
                foreach (var p in ps)
                {
                    if (result[p] is { } pa) // null only on a cycle, which is ignored
                    {
                        set.UnionWith(pa);
                    }
                }
                var arr = set.ToArray();
                Array.Sort(arr);
                result[term] = arr;
                state[term] = 2;
            }
        }
    }
}
