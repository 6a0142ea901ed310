namespace Consilium.Phenotypes.Ontology;

/// <summary>Collects terms and is_a edges from a reader, then builds the <see cref="PhenotypeOntology"/>.</summary>
public sealed class OntologyBuilder
{
    private readonly List<OntologyTerm> _terms = [];
    private readonly List<(string Child, string Parent)> _isA = [];

    public string? Version { get; set; }

    public OntologyBuilder AddTerm(OntologyTerm term)
    {
        _terms.Add(term);
        return this;
    }

    public OntologyBuilder AddIsA(string childId, string parentId)
    {
        _isA.Add((childId, parentId));
        return this;
    }

    public PhenotypeOntology Build()
    {
        var terms = new List<OntologyTerm>(_terms.Count);
        var index = new Dictionary<string, int>(_terms.Count, StringComparer.Ordinal);
        foreach (var t in _terms)
        {
            if (index.TryAdd(t.Id, terms.Count))
            {
                terms.Add(t);
            }
        }
        var parents = new List<int>?[terms.Count];
        foreach (var (child, parent) in _isA)
        {
            if (index.TryGetValue(child, out var c) && index.TryGetValue(parent, out var p) && c != p)
            {
                var list = parents[c] ??= [];
                if (!list.Contains(p))
                {
                    list.Add(p);
                }
            }
        }
        var parentArrays = new int[terms.Count][];
        for (var i = 0; i < terms.Count; i++)
        {
            parentArrays[i] = parents[i] is { } l ? [.. l] : [];
        }
        return new PhenotypeOntology([.. terms], parentArrays, Version);
    }
}
