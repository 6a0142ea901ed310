namespace Consilium.Domain.Cases;

/// <summary>
/// How long the free-text notes kept on a case may be. They are shown on every view of the case and carried into its
/// history and exports, so a pasted document (or a hostile megabyte) is refused with its length rather than stored.
/// </summary>
public static class FreeText
{
    /// <summary>A reason kept with a decision: why the triage was corrected, why this expert.</summary>
    public const int MaxReasonLength = 2_000;

    /// <summary>What the patient is told is missing.</summary>
    public const int MaxRequestLength = 4_000;

    /// <summary>The problem with a text that is too long, naming it and both lengths; null when it fits.</summary>
    public static string? TooLong(string what, string? text, int max) =>
        text is not null && text.Length > max ? $"{what} is {text.Length} characters long; the most is {max}." : null;

    /// <exception cref="DomainRuleException">The text is longer than <paramref name="max"/>.</exception>
    public static void Check(string what, string? text, int max)
    {
        if (TooLong(what, text, max) is { } problem)
        {
            throw new DomainRuleException(problem);
        }
    }
}
