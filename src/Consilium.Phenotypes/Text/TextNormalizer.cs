using System.Text;

namespace Consilium.Phenotypes.Text;

/// <summary>A word of the text: where it is and its normalized form (lower case, singular).</summary>
public readonly record struct TextToken(int Start, int Length, string Normalized, bool IsBoundary);

/// <summary>Splits text into words, lower-cased and reduced to a crude singular, so "Seizures" meets "seizure".</summary>
public static class TextNormalizer
{
    /// <summary>Tokens of the text. Clause punctuation (. ; : ! ? and parentheses) becomes a boundary token.</summary>
    public static List<TextToken> Tokenize(string text)
    {
        var tokens = new List<TextToken>();
        var i = 0;
        var sb = new StringBuilder();
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                var start = i;
                sb.Clear();
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || (text[i] == '\'' && i + 1 < text.Length && char.IsLetter(text[i + 1]) && sb.Length > 0)))
                {
                    sb.Append(char.ToLowerInvariant(text[i] == '\u2019' ? '\'' : text[i]));
                    i++;
                }
                tokens.Add(new TextToken(start, i - start, Singular(sb.ToString()), false));
                continue;
            }
            if (c is '.' or ';' or ':' or '!' or '?' or '(' or ')' or '\n')
            {
                tokens.Add(new TextToken(i, 1, c.ToString(), true));
            }
            else if (c == ',')
            {
                tokens.Add(new TextToken(i, 1, ",", false));
            }
            i++;
        }
        return tokens;
    }

    /// <summary>The words of a label or synonym, normalized like text tokens (punctuation dropped).</summary>
    public static string[] Words(string phrase) =>
        Tokenize(phrase).Where(t => !t.IsBoundary && t.Normalized != ",").Select(t => t.Normalized).ToArray();

    /// <summary>A crude English singular: "seizures" → "seizure", "abnormalities" → "abnormality", "fetuses" → "fetus".</summary>
    public static string Singular(string word)
    {
        if (word.Length <= 3 || !word.EndsWith('s'))
        {
            return word;
        }
        if (word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4)
        {
            return string.Concat(word.AsSpan(0, word.Length - 3), "y");
        }
        if (word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal)
            || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal)
            || word.EndsWith("uses", StringComparison.Ordinal))
        {
            return word[..^2];
        }
        if (word.EndsWith("ss", StringComparison.Ordinal) || word.EndsWith("us", StringComparison.Ordinal)
            || word.EndsWith("is", StringComparison.Ordinal) || word.EndsWith("'s", StringComparison.Ordinal))
        {
            return word.EndsWith("'s", StringComparison.Ordinal) ? word[..^2] : word;
        }
        return word[..^1];
    }
}
