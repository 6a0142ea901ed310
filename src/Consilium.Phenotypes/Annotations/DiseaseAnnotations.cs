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
    private readonly FrozenDictionary<string, Disease[]> _byName; // names shared by more than one entry

    internal DiseaseAnnotations(PhenotypeOntology ontology, Disease[] diseases, string? version, IReadOnlyList<TermResolution> mappedTerms, int rows)
    {
        Ontology = ontology;
        _diseases = diseases;
        Version = version;
        MappedTerms = mappedTerms;
        RowCount = rows;
        _byId = diseases.Select((d, i) => (d.Id, i)).ToFrozenDictionary(x => x.Id, x => x.i, StringComparer.Ordinal);
        InformationContent = ComputeInformationContent(ontology, diseases);
        _byName = diseases.GroupBy(d => ConditionKey(d.Name), StringComparer.Ordinal)
            .Where(g => g.Skip(1).Any())
            .ToFrozenDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
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
        _byName.TryGetValue(ConditionKey(disease.Name), out var same)
            ? same.Where(d => d.Database != disease.Database).ToArray()
            : [];


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
