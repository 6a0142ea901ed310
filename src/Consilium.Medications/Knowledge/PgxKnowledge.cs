namespace Consilium.Medications.Knowledge;

/// <summary>One row of a CPIC diplotype → phenotype table.</summary>
/// <param name="LookupKey">The key into the drug recommendations: the phenotype, or the activity score for activity-score genes.</param>
public sealed record GeneDiplotype(string Diplotype, string Phenotype, string? ActivityScore, string LookupKey);

/// <summary>A gene's diplotype → phenotype table (CPIC, as packaged by ClinPGx/PharmCAT).</summary>
public sealed class GenePhenotypeTable
{
    private readonly Dictionary<string, GeneDiplotype> _byDiplotype;
    private readonly Dictionary<string, string> _lookupByPhenotype;
    private readonly Dictionary<string, string> _aliases;

    public GenePhenotypeTable(string gene, string version, IEnumerable<GeneDiplotype> diplotypes, IReadOnlyDictionary<string, string>? alleleFunctions = null)
    {
        Gene = gene;
        Version = version;
        _byDiplotype = new Dictionary<string, GeneDiplotype>(StringComparer.OrdinalIgnoreCase);
        _aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var d in diplotypes)
        {
            _byDiplotype.TryAdd(DiplotypeKey(d.Diplotype), d);
            foreach (var allele in d.Diplotype.Split('/', 2))
            {
                AddAliases(allele.Trim());
            }
        }
        // A phenotype can stand for its lookup key only when the key does not depend on the diplotype (not activity scores).
        _lookupByPhenotype = _byDiplotype.Values
            .GroupBy(d => d.Phenotype, StringComparer.OrdinalIgnoreCase)
            .Where(g => g.Select(d => d.LookupKey).Distinct(StringComparer.Ordinal).Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().LookupKey, StringComparer.OrdinalIgnoreCase);
        AlleleFunctions = alleleFunctions ?? new Dictionary<string, string>();
        DiplotypeCount = _byDiplotype.Count;
    }

    public string Gene { get; }
    public string Version { get; }
    public int DiplotypeCount { get; }

    /// <summary>Every row of the table (one per diplotype).</summary>
    public IEnumerable<GeneDiplotype> Rows => _byDiplotype.Values;
    public IReadOnlyDictionary<string, string> AlleleFunctions { get; }

    /// <summary>
    /// The row for a diplotype written either way round (<c>*2/*1</c> = <c>*1/*2</c>); an allele may be written by
    /// either of its names (<c>*2A</c> or <c>c.1905+1G>A</c> for <c>c.1905+1G>A (*2A)</c>; <c>*1</c> for <c>Reference</c>).
    /// </summary>
    public GeneDiplotype? Find(string diplotype)
    {
        if (_byDiplotype.TryGetValue(DiplotypeKey(diplotype), out var row))
        {
            return row;
        }
        var parts = diplotype.Split('/', 2);
        if (parts.Length != 2)
        {
            return null;
        }
        string Canonical(string a) => _aliases.GetValueOrDefault(a.Trim()) ?? a.Trim();
        return _byDiplotype.GetValueOrDefault(DiplotypeKey($"{Canonical(parts[0])}/{Canonical(parts[1])}"));
    }

    private void AddAliases(string allele)
    {
        _aliases.TryAdd(allele, allele);
        var open = allele.LastIndexOf(" (", StringComparison.Ordinal);
        if (open > 0 && allele.EndsWith(')'))
        {
            _aliases.TryAdd(allele[..open].Trim(), allele);
            _aliases.TryAdd(allele[(open + 2)..^1].Trim(), allele);
        }
        if (allele == "Reference")
        {
            _aliases.TryAdd("*1", allele);
        }
    }

    /// <summary>The lookup key for a phenotype given instead of a diplotype ("Poor Metabolizer"), when it is unambiguous.</summary>
    public string? LookupKeyForPhenotype(string phenotype) => _lookupByPhenotype.GetValueOrDefault(phenotype.Trim());

    internal static string DiplotypeKey(string diplotype)
    {
        var parts = diplotype.Split('/', 2);
        if (parts.Length != 2)
        {
            return diplotype.Trim();
        }
        var (a, b) = (parts[0].Trim(), parts[1].Trim());
        return string.CompareOrdinal(a, b) <= 0 ? $"{a}/{b}" : $"{b}/{a}";
    }
}

/// <summary>One CPIC recommendation row: for this combination of gene results, what to do, and how strongly.</summary>
public sealed record CpicRecommendation(
    IReadOnlyDictionary<string, string> LookupKey,
    IReadOnlyDictionary<string, string> Phenotypes,
    IReadOnlyDictionary<string, string> ActivityScores,
    IReadOnlyDictionary<string, string> Implications,
    string DrugRecommendation,
    string Classification,
    string Population,
    string? Comments);

/// <summary>A CPIC guideline for one drug: its genes and recommendation rows (none for warfarin: dosing algorithm).</summary>
public sealed record CpicGuideline(
    string DrugName,
    string? RxCui,
    string GuidelineName,
    string? Url,
    IReadOnlyList<string> Genes,
    string? NotesOnUsage,
    string Version,
    IReadOnlyList<CpicRecommendation> Recommendations);

/// <summary>A CPIC gene–drug pair with its CPIC level (A, B, ... from the 2019 pair list).</summary>
public sealed record CpicPair(string Gene, string Drug, string Level)
{
    /// <summary>Level A or B: CPIC considers the genetic information actionable enough to change prescribing.</summary>
    public bool IsActionable => Level.Trim().ToUpperInvariant() is "A" or "A/B" or "B";
}

/// <summary>CPIC pharmacogenomic knowledge: phenotype tables per gene, guidelines per drug, pair levels.</summary>
public sealed class PgxKnowledge
{
    private readonly Dictionary<string, GenePhenotypeTable> _genes;
    private readonly Dictionary<string, CpicGuideline> _guidelines;
    private readonly Dictionary<string, CpicPair[]> _pairs;

    public PgxKnowledge(
        KnowledgeSource? phenotypeSource,
        IEnumerable<GenePhenotypeTable> genes,
        KnowledgeSource? recommendationSource,
        IEnumerable<CpicGuideline> guidelines,
        KnowledgeSource? pairSource,
        IEnumerable<CpicPair> pairs,
        Func<string, string?, string>? canonicalName = null)
    {
        canonicalName ??= (name, _) => DrugNames.Normalize(name);
        PhenotypeSource = phenotypeSource;
        RecommendationSource = recommendationSource;
        PairSource = pairSource;
        _genes = genes.ToDictionary(g => g.Gene, StringComparer.OrdinalIgnoreCase);
        _guidelines = new Dictionary<string, CpicGuideline>(StringComparer.Ordinal);
        foreach (var g in guidelines)
        {
            _guidelines.TryAdd(canonicalName(g.DrugName, g.RxCui), g);
        }
        _pairs = pairs.GroupBy(p => canonicalName(p.Drug, null), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    public static PgxKnowledge Empty { get; } = new(null, [], null, [], null, []);

    public KnowledgeSource? PhenotypeSource { get; }
    public KnowledgeSource? RecommendationSource { get; }
    public KnowledgeSource? PairSource { get; }
    public IEnumerable<GenePhenotypeTable> Genes => _genes.Values;
    public IEnumerable<CpicGuideline> Guidelines => _guidelines.Values;
    public IEnumerable<CpicPair> Pairs => _pairs.Values.SelectMany(p => p);

    public GenePhenotypeTable? Gene(string gene) => _genes.GetValueOrDefault(gene.Trim());

    /// <summary>The CPIC guideline for an ingredient (canonical name), if any.</summary>
    public CpicGuideline? GuidelineFor(string ingredient) => _guidelines.GetValueOrDefault(ingredient);

    public IReadOnlyList<CpicPair> PairsFor(string ingredient) => _pairs.GetValueOrDefault(ingredient) ?? [];
}
