namespace Consilium.Medications.Knowledge;

/// <summary>A rule as read from a thesaurus, before its drugs are tied to the shared vocabulary.</summary>
public sealed record ThesaurusRule(
    ThesaurusParty First,
    ThesaurusParty Second,
    string? SeverityText,
    string Description,
    string? Management,
    string? Section);

/// <summary>One side of a rule as read: a drug (name, RxNorm code, ATC codes) or a class (name, code).</summary>
public sealed record ThesaurusParty(string Name, bool IsClass, string? Code, IReadOnlyList<string> AtcCodes)
{
    public static ThesaurusParty Drug(string name, string? rxcui = null, params string[] atc) => new(name, false, rxcui, atc);

    public static ThesaurusParty Class(string name, string? code = null) => new(name, true, code, []);
}

/// <summary>A class membership as read (class name and code, member name and RxNorm code).</summary>
public sealed record ClassMembership(string ClassName, string? ClassCode, string DrugName, string? RxCui);

/// <summary>An interaction thesaurus as read from its files (the ANSM format first).</summary>
public sealed record ThesaurusData(
    KnowledgeSource Source,
    IReadOnlyList<ThesaurusRule> Rules,
    IReadOnlyList<ClassMembership> Classes,
    IReadOnlyList<(string Atc, string DrugName)> AtcNames);

/// <summary>A pair list as read (ONC high-priority or non-interruptive).</summary>
public sealed record PairListData(KnowledgeSource Source, IReadOnlyList<InteractionPair> Pairs);

/// <summary>CPIC as read from its files.</summary>
public sealed record CpicData(
    KnowledgeSource? PhenotypeSource,
    IReadOnlyList<GenePhenotypeTable> Genes,
    KnowledgeSource? RecommendationSource,
    IReadOnlyList<CpicGuideline> Guidelines,
    KnowledgeSource? PairSource,
    IReadOnlyList<CpicPair> Pairs);

/// <summary>The sources as read from the operator's files (any may be absent).</summary>
public sealed record ImportedKnowledge(ThesaurusData? Thesaurus, PairListData? HighPriority, PairListData? NonInterruptive, CpicData? Cpic);

/// <summary>
/// Everything a medication review consults, imported once from the files the operator provides and indexed:
/// the drug vocabulary shared by all sources, the interaction rules and lists, and CPIC pharmacogenomics.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class MedicationKnowledge
{
    private MedicationKnowledge(DrugVocabulary vocabulary, InteractionKnowledge interactions, PgxKnowledge pharmacogenomics, ImportedKnowledge imported)
    {
        Imported = imported;
        Vocabulary = vocabulary;
        Interactions = interactions;
        Pharmacogenomics = pharmacogenomics;
    }

    public static MedicationKnowledge Empty { get; } = Create(null, null, null, null);

    /// <summary>The sources as read, before indexing: what <see cref="KnowledgeSnapshot"/> stores.</summary>
    public ImportedKnowledge Imported { get; }

    public DrugVocabulary Vocabulary { get; }
    public InteractionKnowledge Interactions { get; }
    public PgxKnowledge Pharmacogenomics { get; }

    /// <summary>The sources in use (for display and for the record of what produced a review).</summary>
    public IReadOnlyList<KnowledgeSource> Sources =>
        new[]
        {
            Interactions.Thesaurus, Interactions.HighPrioritySource, Interactions.NonInterruptiveSource,
            Pharmacogenomics.PhenotypeSource, Pharmacogenomics.RecommendationSource, Pharmacogenomics.PairSource,
        }.OfType<KnowledgeSource>().ToList();

    /// <summary>Ties the sources' drugs together (by RxNorm code, then name and INN/USAN synonym) and indexes them.</summary>
    public static MedicationKnowledge Create(ThesaurusData? thesaurus, PairListData? highPriority, PairListData? nonInterruptive, CpicData? cpic)
    {
        var vocabulary = new DrugVocabularyBuilder();
        // CPIC first: its drug names are the plain INN/USAN names the records use.
        foreach (var g in cpic?.Guidelines ?? [])
        {
            vocabulary.AddIngredient(g.DrugName, g.RxCui);
        }
        foreach (var rule in thesaurus?.Rules ?? [])
        {
            foreach (var p in new[] { rule.First, rule.Second })
            {
                if (p.IsClass)
                {
                    vocabulary.AddClass(p.Name, p.Code);
                }
                else
                {
                    vocabulary.AddIngredient(p.Name, p.Code, p.AtcCodes);
                }
            }
        }
        foreach (var m in thesaurus?.Classes ?? [])
        {
            vocabulary.AddClassMember(m.ClassName, m.ClassCode, m.DrugName, m.RxCui);
        }
        foreach (var (atc, name) in thesaurus?.AtcNames ?? [])
        {
            vocabulary.AddIngredient(name, null, [atc]);
        }
        foreach (var p in (highPriority?.Pairs ?? []).Concat(nonInterruptive?.Pairs ?? []))
        {
            vocabulary.AddIngredient(p.DrugA);
            vocabulary.AddIngredient(p.DrugB);
        }
        foreach (var p in cpic?.Pairs ?? [])
        {
            vocabulary.AddIngredient(p.Drug);
        }
        var built = vocabulary.Build();

        string Canonical(string name, string? rxcui) =>
            (rxcui is not null ? built.ByRxCui(rxcui)?.Name : null) ?? built.ByName(DrugNames.Normalize(name))?.Name ?? DrugNames.Normalize(name);

        InteractionParty Party(ThesaurusParty p) => p.IsClass
            ? new InteractionParty(DrugNames.Normalize(p.Name), p.Name.Trim(), true, null, [])
            : new InteractionParty(Canonical(p.Name, p.Code), p.Name.Trim(), false, p.Code, p.AtcCodes);

        var rules = (thesaurus?.Rules ?? [])
            .Select((r, i) => new InteractionRule(i + 1, Party(r.First), Party(r.Second), InteractionKnowledge.ParseSeverity(r.SeverityText), r.SeverityText?.Trim(), r.Description.Trim(), string.IsNullOrWhiteSpace(r.Management) ? null : r.Management.Trim(), r.Section))
            .Where(r => r.First.Name.Length > 0 && r.Second.Name.Length > 0)
            .ToList();
        IReadOnlyList<InteractionPair> Pairs(PairListData? list) =>
            (list?.Pairs ?? []).Select(p => p with { DrugA = Canonical(p.DrugA, null), DrugB = Canonical(p.DrugB, null) }).ToList();
        var interactions = new InteractionKnowledge(thesaurus?.Source, rules, highPriority?.Source, Pairs(highPriority), nonInterruptive?.Source, Pairs(nonInterruptive));
        var pgx = new PgxKnowledge(cpic?.PhenotypeSource, cpic?.Genes ?? [], cpic?.RecommendationSource, cpic?.Guidelines ?? [], cpic?.PairSource, cpic?.Pairs ?? [], Canonical);
        return new MedicationKnowledge(built, interactions, pgx, new ImportedKnowledge(thesaurus, highPriority, nonInterruptive, cpic));
    }
}
