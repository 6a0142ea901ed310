namespace Consilium.Medications.Knowledge;

/// <summary>An active ingredient the knowledge sources know, with the codes they give it.</summary>
/// <param name="Name">Canonical name (normalised, see <see cref="DrugNames.Normalize"/>).</param>
public sealed record Ingredient(string Name, IReadOnlyList<string> RxCuis, IReadOnlyList<string> AtcCodes);

/// <summary>A drug class the interaction rules name (e.g. "strong inhibitors of cyp3a4"), with its member ingredients.</summary>
public sealed record DrugClass(string Name, string? Code, IReadOnlyList<string> Members);

/// <summary>
/// Every ingredient and drug class the imported sources know, indexed by name (and INN/USAN synonyms), RxNorm code
/// and ATC code. Read-only once built; lookups are dictionary hits.
/// </summary>
public sealed class DrugVocabulary
{
    private readonly Dictionary<string, Ingredient> _byName;
    private readonly Dictionary<string, Ingredient> _byRxCui;
    private readonly Dictionary<string, Ingredient[]> _byAtc;
    private readonly Dictionary<string, DrugClass[]> _classesOf;
    private readonly Dictionary<string, DrugClass> _classes;
    private readonly HashSet<string> _firstWords;

    internal DrugVocabulary(
        Dictionary<string, Ingredient> byName,
        Dictionary<string, Ingredient> byRxCui,
        Dictionary<string, Ingredient[]> byAtc,
        Dictionary<string, DrugClass> classes)
    {
        _byName = byName;
        _byRxCui = byRxCui;
        _byAtc = byAtc;
        _classes = classes;
        _classesOf = classes.Values
            .SelectMany(c => c.Members.Select(m => (Member: m, Class: c)))
            .GroupBy(x => x.Member, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Class).DistinctBy(c => c.Name).OrderBy(c => c.Name, StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        MaxNameWords = byName.Keys.Select(k => k.Count(ch => ch == ' ') + 1).DefaultIfEmpty(1).Max();
        _firstWords = byName.Keys.Select(k => k.Split(' ')[0]).ToHashSet(StringComparer.Ordinal);
        Ingredients = byName.Values.Distinct().OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<Ingredient> Ingredients { get; }

    public IReadOnlyCollection<DrugClass> Classes => _classes.Values;

    /// <summary>The longest name, in words (names are looked up as runs of up to this many words).</summary>
    public int MaxNameWords { get; }

    /// <summary>Some known name starts with this word (a cheap test before looking up longer runs of words).</summary>
    public bool StartsAName(string word) => _firstWords.Contains(word);

    public Ingredient? ByName(string normalizedName) => _byName.GetValueOrDefault(normalizedName);

    public Ingredient? ByRxCui(string rxcui) => _byRxCui.GetValueOrDefault(rxcui);

    public IReadOnlyList<Ingredient> ByAtc(string atc) => _byAtc.GetValueOrDefault(atc.Trim().ToUpperInvariant()) ?? [];

    public DrugClass? Class(string normalizedName) => _classes.GetValueOrDefault(normalizedName);

    public IReadOnlyList<DrugClass> ClassesOf(string ingredientName) => _classesOf.GetValueOrDefault(ingredientName) ?? [];
}

/// <summary>Collects ingredients and classes from several sources, merging the same drug met under one RxNorm code or name.</summary>
public sealed class DrugVocabularyBuilder
{
    private sealed class Entry(string name)
    {
        public string Name { get; } = name;
        public HashSet<string> RxCuis { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Atc { get; } = new(StringComparer.Ordinal);
    }

    private readonly Dictionary<string, Entry> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Entry> _rxcuis = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string? Code, List<string> Members)> _classes = new(StringComparer.Ordinal);

    /// <summary>Adds (or merges into) an ingredient and returns its canonical name; empty when the name is empty.</summary>
    public string AddIngredient(string? name, string? rxcui = null, IEnumerable<string>? atcCodes = null)
    {
        var key = DrugNames.Normalize(name);
        rxcui = string.IsNullOrWhiteSpace(rxcui) ? null : rxcui.Trim();
        if (key.Length == 0 && rxcui is null)
        {
            return string.Empty;
        }
        Entry? entry = null;
        if (key.Length > 0)
        {
            _names.TryGetValue(key, out entry);
        }
        if (entry is null && rxcui is not null)
        {
            _rxcuis.TryGetValue(rxcui, out entry);
        }
        if (entry is null)
        {
            if (key.Length == 0)
            {
                return string.Empty;
            }
            entry = new Entry(key);
        }
        if (key.Length > 0)
        {
            _names.TryAdd(key, entry);
        }
        if (rxcui is not null)
        {
            entry.RxCuis.Add(rxcui);
            _rxcuis.TryAdd(rxcui, entry);
        }
        foreach (var atc in atcCodes ?? [])
        {
            var code = atc.Trim().TrimEnd(';').Trim().ToUpperInvariant();
            if (code.Length > 0)
            {
                entry.Atc.Add(code);
            }
        }
        return entry.Name;
    }

    /// <summary>Adds a member to a class (the member becomes a known ingredient too).</summary>
    public void AddClassMember(string className, string? classCode, string memberName, string? memberRxCui)
    {
        var member = AddIngredient(memberName, memberRxCui);
        var key = DrugNames.Normalize(className);
        if (key.Length == 0 || member.Length == 0)
        {
            return;
        }
        if (!_classes.TryGetValue(key, out var c))
        {
            c = (string.IsNullOrWhiteSpace(classCode) ? null : classCode.Trim(), []);
            _classes[key] = c;
        }
        if (!c.Members.Contains(member))
        {
            c.Members.Add(member);
        }
    }

    /// <summary>Declares a class even when no member is known (a rule names it).</summary>
    public void AddClass(string className, string? classCode)
    {
        var key = DrugNames.Normalize(className);
        if (key.Length > 0 && !_classes.ContainsKey(key))
        {
            _classes[key] = (string.IsNullOrWhiteSpace(classCode) ? null : classCode.Trim(), []);
        }
    }

    public DrugVocabulary Build()
    {
        var built = new Dictionary<Entry, Ingredient>();
        Ingredient Of(Entry e)
        {
            if (!built.TryGetValue(e, out var i))
            {
                i = new Ingredient(e.Name, e.RxCuis.Order(StringComparer.Ordinal).ToArray(), e.Atc.Order(StringComparer.Ordinal).ToArray());
                built[e] = i;
            }
            return i;
        }
        var byName = _names.ToDictionary(kv => kv.Key, kv => Of(kv.Value), StringComparer.Ordinal);
        foreach (var (a, b) in DrugNames.Synonyms)
        {
            var (na, nb) = (DrugNames.Normalize(a), DrugNames.Normalize(b));
            if (byName.TryGetValue(na, out var ia))
            {
                byName.TryAdd(nb, ia);
            }
            else if (byName.TryGetValue(nb, out var ib))
            {
                byName.TryAdd(na, ib);
            }
        }
        var byRx = _rxcuis.ToDictionary(kv => kv.Key, kv => Of(kv.Value), StringComparer.Ordinal);
        var byAtc = built.Values
            .SelectMany(i => i.AtcCodes.Select(a => (Atc: a, Ingredient: i)))
            .GroupBy(x => x.Atc, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Ingredient).Distinct().ToArray(), StringComparer.Ordinal);
        var classes = _classes.ToDictionary(
            kv => kv.Key,
            kv => new DrugClass(kv.Key, kv.Value.Code, kv.Value.Members.Select(m => _names.TryGetValue(m, out var e) ? e.Name : m).Distinct().ToArray()),
            StringComparer.Ordinal);
        return new DrugVocabulary(byName, byRx, byAtc, classes);
    }
}
