using Consilium.Phenotypes.Ontology;

namespace Consilium.Phenotypes.Text;

/// <summary>An HPO term found in text: the span that named it, and whether the text says it is absent.</summary>
/// <param name="Term">Term index in the ontology.</param>
/// <param name="TermId">The term's id.</param>
/// <param name="Start">Start of the span (characters).</param>
/// <param name="Length">Length of the span.</param>
/// <param name="IsNegated">The text says the feature is absent ("no seizures").</param>
/// <param name="MatchedName">The label or synonym that matched.</param>
public sealed record TextFinding(int Term, string TermId, int Start, int Length, bool IsNegated, string MatchedName);

/// <summary>
/// Finds phenotypic-abnormality terms in free text by their labels and synonyms (exact, related, narrow,
/// and layperson synonyms of any scope), longest match first, case- and plural-insensitive, with NegEx-style negation
/// ("no", "without", "denies", "negative for", "… was absent", "… ruled out").
/// </summary>
public sealed class FindingExtractor
{
    private static readonly HashSet<string> NegationBefore = new(StringComparer.Ordinal)
    {
        "no", "without", "deny", "denie", "denied", "denying", "nor", "absence of", "absent", "negative for",
        "free of", "never had", "ruled out", "rule out", "no evidence of", "no sign of", "not", "never",
        "doesn't have", "does not have", "did not have", "didn't have", "don't have", "do not have", "has not had",
        "hasn't had", "no history of", "no longer",
    };

    private static readonly HashSet<string> NegationAfter = new(StringComparer.Ordinal)
    {
        "absent", "wa absent", "were absent", "is absent", "are absent", "not present", "wa not present", "were not present",
        "ruled out", "wa ruled out", "were ruled out", "wa excluded", "were excluded", "excluded", "wa denied", "denied", "negative",
        "wa negative", "were negative", "is not present", "are not present", "not seen", "wa not seen", "were not seen",
    };

    private static readonly HashSet<string> ScopeBreakers = new(StringComparer.Ordinal)
    {
        "but", "however", "although", "though", "except", "which", "who", "whereas", "yet", "still", "apart", "aside",
    };

    private const int NegationWindow = 6;
    private readonly PhenotypeOntology _ontology;
    private readonly Dictionary<string, (int Term, string Name, int Priority)> _phrases = new(StringComparer.Ordinal);
    private readonly int _maxWords;

    public FindingExtractor(PhenotypeOntology ontology)
    {
        _ontology = ontology;
        var maxWords = 1;
        for (var t = 0; t < ontology.Count; t++)
        {
            var term = ontology[t];
            if (term.IsObsolete || !ontology.IsPhenotypicAbnormality(t) || t == ontology.PhenotypicAbnormality)
            {
                continue;
            }
            Add(term.Label, t, 0);
            foreach (var s in term.Synonyms)
            {
                // broad synonyms are too loose, except the layperson ones ("Small head" for microcephaly)
                if ((s.Scope == SynonymScope.Broad && !s.IsLayperson) || s.Type is "abbreviation" or "obsolete")
                {
                    continue;
                }
                Add(s.Text, t, s.Scope switch { SynonymScope.Exact => 1, SynonymScope.Broad => 3, _ => 2 });
            }
        }
        _maxWords = maxWords;

        void Add(string name, int term, int priority)
        {
            var words = TextNormalizer.Words(name);
            if (words.Length == 0 || (words.Length == 1 && words[0].Length < 3))
            {
                return;
            }
            var key = string.Join(' ', words);
            if (!_phrases.TryGetValue(key, out var existing) || priority < existing.Priority
                || (priority == existing.Priority && string.CompareOrdinal(ontology[term].Id, ontology[existing.Term].Id) < 0))
            {
                _phrases[key] = (term, name, priority);
            }
            maxWords = Math.Max(maxWords, words.Length);
        }
    }

    /// <summary>Number of distinct names (labels and synonyms) the extractor knows.</summary>
    public int NameCount => _phrases.Count;

    /// <summary>Finds terms in the text, left to right, each span claimed by the longest name that fits.</summary>
    public IReadOnlyList<TextFinding> Extract(string text)
    {
        var tokens = TextNormalizer.Tokenize(text);
        var found = new List<TextFinding>();
        var i = 0;
        var words = new List<string>(_maxWords);
        while (i < tokens.Count)
        {
            if (tokens[i].IsBoundary || tokens[i].Normalized == ",")
            {
                i++;
                continue;
            }
            var matched = false;
            var limit = Math.Min(_maxWords, tokens.Count - i);
            for (var len = limit; len >= 1 && !matched; len--)
            {
                words.Clear();
                for (var k = 0; k < len; k++)
                {
                    var tk = tokens[i + k];
                    if (tk.IsBoundary || tk.Normalized == ",")
                    {
                        break;
                    }
                    words.Add(tk.Normalized);
                }
                if (words.Count != len)
                {
                    continue;
                }
                if (_phrases.TryGetValue(string.Join(' ', words), out var hit))
                {
                    var first = tokens[i];
                    var last = tokens[i + len - 1];
                    var negated = IsNegatedBefore(tokens, i) || IsNegatedAfter(tokens, i + len);
                    found.Add(new TextFinding(hit.Term, _ontology[hit.Term].Id, first.Start, last.Start + last.Length - first.Start, negated, hit.Name));
                    i += len;
                    matched = true;
                }
            }
            if (!matched)
            {
                i++;
            }
        }
        return found;
    }

    private static bool IsNegatedBefore(List<TextToken> tokens, int index)
    {
        var seen = 0;
        for (var j = index - 1; j >= 0 && seen < NegationWindow; j--)
        {
            var t = tokens[j];
            if (t.IsBoundary || ScopeBreakers.Contains(t.Normalized))
            {
                return false;
            }
            if (t.Normalized == ",")
            {
                continue;
            }
            seen++;
            // one, two and three word triggers ending at j
            var one = t.Normalized;
            if (NegationBefore.Contains(one) || one.EndsWith("n't", StringComparison.Ordinal) && one is "doesn't" or "didn't" or "don't" or "hasn't" or "haven't")
            {
                if (one == "not" && seen > 2)
                {
                    continue; // "not" negates what follows closely only
                }
                return one is not ("doesn't" or "didn't" or "don't" or "hasn't" or "haven't") || (j + 1 < tokens.Count && tokens[j + 1].Normalized is "have" or "ha" or "had" or "show" or "present" or "get");
            }
            if (j >= 1 && NegationBefore.Contains(tokens[j - 1].Normalized + " " + one))
            {
                return true;
            }
            if (j >= 2 && NegationBefore.Contains(tokens[j - 2].Normalized + " " + tokens[j - 1].Normalized + " " + one))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsNegatedAfter(List<TextToken> tokens, int index)
    {
        var words = new List<string>(3);
        for (var j = index; j < tokens.Count && words.Count < 3; j++)
        {
            if (tokens[j].IsBoundary && tokens[j].Normalized != ":")
            {
                break;
            }
            if (tokens[j].Normalized is "," or ":")
            {
                if (words.Count > 0)
                {
                    break;
                }
                continue;
            }
            words.Add(tokens[j].Normalized);
            if (NegationAfter.Contains(string.Join(' ', words)))
            {
                return true;
            }
        }
        return false;
    }
}
