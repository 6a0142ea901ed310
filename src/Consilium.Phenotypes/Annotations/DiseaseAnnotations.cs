using System.Collections.Frozen;
using Consilium.Phenotypes.Ontology;

namespace Consilium.Phenotypes.Annotations;

/// <summary>
/// Every annotated disease with its features, plus what is derived from them over the ontology:
/// the information content of each term (from how many diseases show it or something more specific).
/// </summary>
public sealed class DiseaseAnnotations
{
    private readonly Disease[] _diseases;
    private readonly FrozenDictionary<string, int> _byId;

    internal DiseaseAnnotations(PhenotypeOntology ontology, Disease[] diseases, string? version, IReadOnlyList<TermResolution> mappedTerms, int rows)
    {
        Ontology = ontology;
        _diseases = diseases;
        Version = version;
        MappedTerms = mappedTerms;
        RowCount = rows;
        _byId = diseases.Select((d, i) => (d.Id, i)).ToFrozenDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        InformationContent = ComputeInformationContent(ontology, diseases);
    }

    public PhenotypeOntology Ontology { get; }
    public string? Version { get; }
    /// <summary>Annotation rows read.</summary>
    public int RowCount { get; }
    /// <summary>Term ids in the file that were not current and had to be mapped (or could not be).</summary>
    public IReadOnlyList<TermResolution> MappedTerms { get; }
    public IReadOnlyList<Disease> Diseases => _diseases;
    public int Count => _diseases.Length;

    /// <summary>
    /// IC(t) = -ln(share of annotated diseases that show t or a more specific term), per term index.
    /// Terms no disease shows get the maximum, -ln(1/N).
    /// </summary>
    public IReadOnlyList<double> InformationContent { get; }

    public Disease? Find(string id) => _byId.TryGetValue(id, out var i) ? _diseases[i] : null;

    private static double[] ComputeInformationContent(PhenotypeOntology ontology, Disease[] diseases)
    {
        var counts = new int[ontology.Count];
        var seen = new int[ontology.Count];
        Array.Fill(seen, -1);
        var withFeatures = 0;
        foreach (var d in diseases)
        {
            if (d.Features.Count == 0)
            {
                continue;
            }
            withFeatures++;
            foreach (var f in d.Features)
            {
                foreach (var a in ontology.AncestorsOf(f.Term))
                {
                    if (seen[a] != d.Index)
                    {
                        seen[a] = d.Index;
                        counts[a]++;
                    }
                }
            }
        }
        var n = Math.Max(1, withFeatures);
        var max = Math.Log(n);
        var ic = new double[ontology.Count];
        for (var t = 0; t < ic.Length; t++)
        {
            ic[t] = counts[t] == 0 ? max : -Math.Log((double)counts[t] / n);
        }
        return ic;
    }
}
