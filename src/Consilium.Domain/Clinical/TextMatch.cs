namespace Consilium.Domain.Clinical;

/// <summary>Small, predictable word matching for rules written as word lists.</summary>
public static class TextMatch
{
    private static readonly string[] Negations = ["no", "not", "never", "without", "denies", "denied", "negative", "free of", "don't have", "do not have", "doesn't have", "does not have", "isn't", "no longer"];

    /// <summary>True when <paramref name="stem"/> occurs in <paramref name="text"/> starting at a word boundary (case-insensitive).</summary>
    public static bool StartsWord(string text, string stem) => IndexOfWordStart(text, stem, 0) >= 0;

    /// <remarks>A stem ending in <c>$</c> must be a whole word ("ear$" matches "ear", not "early").</remarks>
    public static int IndexOfWordStart(string text, string stem, int from)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(stem);
        var wholeWord = stem.EndsWith('$');
        if (wholeWord)
        {
            stem = stem[..^1];
        }
        var i = from;
        while (i <= text.Length - stem.Length)
        {
            var at = text.IndexOf(stem, i, StringComparison.OrdinalIgnoreCase);
            if (at < 0)
            {
                return -1;
            }
            var startsWord = at == 0 || !char.IsLetterOrDigit(text[at - 1]);
            var endsWord = !wholeWord || at + stem.Length == text.Length || !char.IsLetterOrDigit(text[at + stem.Length]);
            if (startsWord && endsWord)
            {
                return at;
            }
            i = at + 1;
        }
        return -1;
    }

    /// <summary>
    /// True when the phrase occurs in the text and is not negated within the same clause
    /// ("no chest pain", "I don't have chest pain"); used for a patient's free text.
    /// </summary>
    public static bool MentionsAffirmed(string text, string phrase)
    {
        ArgumentNullException.ThrowIfNull(text);
        var i = 0;
        while ((i = IndexOfWordStart(text, phrase, i)) >= 0)
        {
            var clauseStart = text.LastIndexOfAny(['.', ';', '!', '?', ',', '\n', ':'], Math.Max(i - 1, 0)) + 1;
            if (i == 0)
            {
                clauseStart = 0;
            }
            var before = text[clauseStart..i];
            if (!Negations.Any(n => StartsWord(before, n)))
            {
                return true;
            }
            i += phrase.Length;
        }
        return false;
    }
}
