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
    private readonly FrozenDictionary<int, Disease[]> _equivalents; // by disease index: the same condition in other databases

    internal DiseaseAnnotations(PhenotypeOntology ontology, Disease[] diseases, string? version, IReadOnlyList<TermResolution> mappedTerms, int rows, GeneDiseaseLinks? genes = null)
    {
        Ontology = ontology;
        _diseases = diseases;
        Version = version;
        MappedTerms = mappedTerms;
        RowCount = rows;
        _byId = diseases.Select((d, i) => (d.Id, i)).ToFrozenDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        InformationContent = ComputeInformationContent(ontology, diseases);
        GeneLinks = genes;
        _equivalents = FindEquivalents(diseases, genes);
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

    /// <summary>
    /// The entries of other databases that describe the same condition (the same distinctive words in its name, in any order, ignoring case and punctuation),
    /// e.g. ORPHA:2308 and OMIM:147791, both "Jacobsen syndrome".
    /// </summary>
    public IReadOnlyList<Disease> EquivalentsOf(Disease disease) =>
        _equivalents.TryGetValue(disease.Index, out var same) ? same : [];

    /// <summary>The gene links used to recognise equivalent entries, when given.</summary>
    public GeneDiseaseLinks? GeneLinks { get; }

    /// <summary>
    /// The same annotations with equivalents also recognised through genes: an OMIM entry whose only gene causes no other
    /// annotated OMIM entry, and the one annotated Orphanet entry linked to that gene and no other gene, describe the same
    /// condition (e.g. OMIM "Muscular dystrophy, limb-girdle, type 1E" and ORPHA "DNAJB6-related limb-girdle muscular dystrophy D1").
    /// </summary>
    public DiseaseAnnotations WithGeneLinks(GeneDiseaseLinks genes) => new(Ontology, _diseases, Version, MappedTerms, RowCount, genes);

    private FrozenDictionary<int, Disease[]> FindEquivalents(Disease[] diseases, GeneDiseaseLinks? genes)
    {
        var pairs = new HashSet<(int, int)>();
        foreach (var group in diseases.GroupBy(d => ConditionKey(d.Name), StringComparer.Ordinal))
        {
            foreach (var a in group)
            {
                foreach (var b in group)
                {
                    if (a.Database != b.Database)
                    {
                        pairs.Add((a.Index, b.Index));
                    }
                }
            }
        }
        if (genes is not null)
        {
            foreach (var omim in diseases.Where(d => d.Database == "OMIM"))
            {
                if (genes.GenesOf(omim.Id) is not { Count: 1 } only)
                {
                    continue;
                }
                var linked = genes.DiseasesOf(only.First()).Select(Find).OfType<Disease>().ToArray();
                var orpha = linked.Where(d => d.Database == "ORPHA" && genes.GenesOf(d.Id).Count == 1).ToArray();
                if (linked.Count(d => d.Database == "OMIM") == 1 && orpha.Length == 1)
                {
                    pairs.Add((omim.Index, orpha[0].Index));
                    pairs.Add((orpha[0].Index, omim.Index));
                }
            }
        }
        return pairs.GroupBy(p => p.Item1)
            .ToFrozenDictionary(g => g.Key, g => g.Select(p => diseases[p.Item2]).OrderBy(d => d.Index).ToArray());
    }


    /// <summary>Words that name no particular condition ("Ocular albinism with …" = "Albinism, ocular, with …").</summary>
    private static readonly FrozenSet<string> NonDistinctiveWords = FrozenSet.ToFrozenSet(
        ["a", "an", "and", "the", "of", "to", "due", "with", "type", "form", "syndrome", "disease", "disorder"], StringComparer.Ordinal);

    /// <summary>
    /// A condition's name as the set of its distinctive words, lower case, in order: "Spastic paraplegia 32, autosomal recessive"
    /// and "Autosomal recessive spastic paraplegia type 32" both give "32 autosomal paraplegia recessive spastic".
    /// </summary>
    public static string ConditionKey(string name)
    {
        var words = new SortedSet<string>(StringComparer.Ordinal);
        var word = new System.Text.StringBuilder();
        foreach (var c in name.Append(' '))
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
                continue;
            }
            if (word.Length > 0 && !NonDistinctiveWords.Contains(word.ToString()))
            {
                words.Add(word.ToString());
            }
            word.Clear();
        }
        return string.Join(' ', words);
    }

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
