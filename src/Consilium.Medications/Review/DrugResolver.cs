using Consilium.Domain.Clinical;
using Consilium.Medications.Knowledge;

namespace Consilium.Medications.Review;

/// <summary>
/// Ties a recorded medication to the ingredients the knowledge knows: by RxNorm code (an ingredient code), by ATC
/// code, else by ingredient names found in the product's name ("Clopidogrel 75 MG Oral Tablet" → clopidogrel).
/// </summary>
public static class DrugResolver
{
    /// <summary>Counter-ions and mineral words that name an ingredient only when they lead the name ("Potassium Chloride").</summary>
    private static readonly HashSet<string> LeadingOnly = new(StringComparer.Ordinal)
    {
        "sodium", "potassium", "calcium", "magnesium", "aluminium", "aluminum", "zinc", "iron", "lithium",
    };

    /// <summary>A resolver that remembers each distinct coded concept it has seen (records repeat the same drug).</summary>
    internal static Func<CodedConcept, IReadOnlyList<IngredientMatch>> Cached(DrugVocabulary vocabulary)
    {
        var seen = new Dictionary<string, IReadOnlyList<IngredientMatch>>(StringComparer.Ordinal);
        return code =>
        {
            var key = string.Join('\u001f', code.Codings.Select(c => $"{c.System}|{c.Code}|{c.Display}").Append(code.Text));
            if (!seen.TryGetValue(key, out var found))
            {
                found = Resolve(code, vocabulary);
                seen[key] = found;
            }
            return found;
        };
    }

    public static IReadOnlyList<IngredientMatch> Resolve(CodedConcept code, DrugVocabulary vocabulary)
    {
        var found = new List<IngredientMatch>();
        void Add(Ingredient? i, string how)
        {
            if (i is not null && !found.Exists(f => f.Ingredient == i.Name))
            {
                found.Add(new IngredientMatch(i.Name, how));
            }
        }
        foreach (var c in code.Codings)
        {
            if (c.System == CodeSystems.RxNorm)
            {
                Add(vocabulary.ByRxCui(c.Code.Trim()), $"RxNorm code {c.Code.Trim()}");
            }
            else if (c.System == CodeSystems.Atc)
            {
                foreach (var i in vocabulary.ByAtc(c.Code))
                {
                    Add(i, $"ATC code {c.Code.Trim()}");
                }
            }
        }
        if (found.Count > 0)
        {
            return found;
        }
        var texts = code.Codings.Select(c => c.Display).Append(code.Text).OfType<string>().Where(t => t.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase);
        foreach (var text in texts)
        {
            var words = DrugNames.Words(text);
            for (var i = 0; i < words.Length; i++)
            {
                if (!vocabulary.StartsAName(words[i]))
                {
                    continue;
                }
                for (var len = Math.Min(vocabulary.MaxNameWords, words.Length - i); len >= 1; len--)
                {
                    var candidate = len == 1 ? words[i] : string.Join(' ', words, i, len);
                    if (len == 1 && i > 0 && LeadingOnly.Contains(candidate))
                    {
                        continue;
                    }
                    if (vocabulary.ByName(candidate) is { } ingredient)
                    {
                        var how = candidate == ingredient.Name ? $"name \"{candidate}\" in \"{text}\"" : $"name \"{candidate}\" (= {ingredient.Name}) in \"{text}\"";
                        Add(ingredient, how);
                        i += len - 1;
                        break;
                    }
                }
            }
        }
        return found;
    }
}
