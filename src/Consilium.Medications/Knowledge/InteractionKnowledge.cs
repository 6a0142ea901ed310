namespace Consilium.Medications.Knowledge;

/// <summary>The four ANSM levels, most severe first.</summary>
public enum InteractionSeverity
{
    /// <summary>Contre-indication.</summary>
    Contraindicated,
    /// <summary>Association déconseillée.</summary>
    NotRecommended,
    /// <summary>Précaution d'emploi.</summary>
    PrecautionForUse,
    /// <summary>À prendre en compte.</summary>
    TakeIntoAccount,
    /// <summary>The rule states no level (or only free text).</summary>
    Unspecified,
}

/// <summary>One side of an interaction rule: a single drug or a drug class.</summary>
/// <param name="Name">Canonical name (normalised): an ingredient of the vocabulary, or a class.</param>
/// <param name="Label">The name as the source wrote it.</param>
public sealed record InteractionParty(string Name, string Label, bool IsClass, string? RxCui, IReadOnlyList<string> AtcCodes)
{
    public string Key => (IsClass ? "c:" : "d:") + Name;
}

public enum InteractionRuleKind
{
    DrugDrug,
    DrugClass,
    ClassClass,
}

/// <summary>One interaction rule of a thesaurus, between drugs or drug classes, with what to do about it.</summary>
public sealed record InteractionRule(
    int Id,
    InteractionParty First,
    InteractionParty Second,
    InteractionSeverity Severity,
    string? SeverityText,
    string Description,
    string? Management,
    string? Section)
{
    public InteractionRuleKind Kind => (First.IsClass, Second.IsClass) switch
    {
        (false, false) => InteractionRuleKind.DrugDrug,
        (true, true) => InteractionRuleKind.ClassClass,
        _ => InteractionRuleKind.DrugClass,
    };
}

/// <summary>A drug pair from a list without severity or mechanism (the ONC lists), by ingredient name.</summary>
public sealed record InteractionPair(string DrugA, string DrugB, string? GroupA, string? GroupB);

/// <summary>Interaction rules indexed by the drug or class on either side.</summary>
public sealed class InteractionKnowledge
{
    private readonly Dictionary<string, (InteractionRule Rule, InteractionParty Other)[]> _bySide;
    private readonly Dictionary<(string, string), InteractionPair> _highPriority;
    private readonly Dictionary<(string, string), InteractionPair> _nonInterruptive;

    public InteractionKnowledge(
        KnowledgeSource? thesaurus,
        IReadOnlyList<InteractionRule> rules,
        KnowledgeSource? highPrioritySource,
        IReadOnlyList<InteractionPair> highPriority,
        KnowledgeSource? nonInterruptiveSource,
        IReadOnlyList<InteractionPair> nonInterruptive)
    {
        Thesaurus = thesaurus;
        Rules = rules;
        HighPrioritySource = highPrioritySource;
        NonInterruptiveSource = nonInterruptiveSource;
        _bySide = rules
            .SelectMany(r => new[] { (Key: r.First.Key, Rule: r, Other: r.Second), (Key: r.Second.Key, Rule: r, Other: r.First) })
            .GroupBy(x => x.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => (x.Rule, x.Other)).Distinct().ToArray(), StringComparer.Ordinal);
        _highPriority = Index(highPriority);
        _nonInterruptive = Index(nonInterruptive);
        HighPriorityCount = _highPriority.Count;
        NonInterruptiveCount = _nonInterruptive.Count;
    }

    public static InteractionKnowledge Empty { get; } = new(null, [], null, [], null, []);

    public KnowledgeSource? Thesaurus { get; }
    public KnowledgeSource? HighPrioritySource { get; }
    public KnowledgeSource? NonInterruptiveSource { get; }
    public IReadOnlyList<InteractionRule> Rules { get; }
    public int HighPriorityCount { get; }
    public int NonInterruptiveCount { get; }

    /// <summary>Rules with <paramref name="key"/> (<c>d:name</c> or <c>c:class</c>) on one side, with the other side.</summary>
    public IReadOnlyList<(InteractionRule Rule, InteractionParty Other)> RulesFor(string key) => _bySide.GetValueOrDefault(key) ?? [];

    public InteractionPair? HighPriority(string a, string b) => _highPriority.GetValueOrDefault(Ordered(a, b));

    public InteractionPair? NonInterruptive(string a, string b) => _nonInterruptive.GetValueOrDefault(Ordered(a, b));

    private static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) <= 0 ? (a, b) : (b, a);

    private static Dictionary<(string, string), InteractionPair> Index(IReadOnlyList<InteractionPair> pairs)
    {
        var d = new Dictionary<(string, string), InteractionPair>();
        foreach (var p in pairs)
        {
            if (p.DrugA.Length > 0 && p.DrugB.Length > 0 && p.DrugA != p.DrugB)
            {
                d.TryAdd(Ordered(p.DrugA, p.DrugB), p);
            }
        }
        return d;
    }

    /// <summary>Reads an ANSM severity as written, tolerating the typos and case variants in the translation.</summary>
    public static InteractionSeverity ParseSeverity(string? text)
    {
        var t = (text ?? string.Empty).Trim().ToUpperInvariant().Replace('0', 'O');
        if (t.StartsWith("CONTRA", StringComparison.Ordinal))
        {
            return InteractionSeverity.Contraindicated;
        }
        if (t.StartsWith("NOT REC", StringComparison.Ordinal) || t.StartsWith("NOR REC", StringComparison.Ordinal) || t.StartsWith("NOT-REC", StringComparison.Ordinal) || t.StartsWith("UNADVISABLE", StringComparison.Ordinal))
        {
            return InteractionSeverity.NotRecommended;
        }
        if (t.StartsWith("PRECAUTION", StringComparison.Ordinal) || t.StartsWith("PRECAUTIONS", StringComparison.Ordinal))
        {
            return InteractionSeverity.PrecautionForUse;
        }
        if (t.StartsWith("TAKE INTO", StringComparison.Ordinal) || t.StartsWith("TALE INTO", StringComparison.Ordinal) || t.StartsWith("TAKE IN", StringComparison.Ordinal) || t.StartsWith("TO TAKE INTO", StringComparison.Ordinal))
        {
            return InteractionSeverity.TakeIntoAccount;
        }
        return InteractionSeverity.Unspecified;
    }

    public static string Describe(InteractionSeverity s) => s switch
    {
        InteractionSeverity.Contraindicated => "Contraindication",
        InteractionSeverity.NotRecommended => "Not recommended",
        InteractionSeverity.PrecautionForUse => "Precaution for use",
        InteractionSeverity.TakeIntoAccount => "Take into account",
        _ => "Level not stated",
    };
}
