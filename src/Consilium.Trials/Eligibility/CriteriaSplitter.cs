using System.Text.RegularExpressions;

namespace Consilium.Trials.Eligibility;

/// <summary>Whether a criterion says who may take part or who may not.</summary>
public enum CriterionKind
{
    Inclusion,
    Exclusion,
}

/// <summary>
/// One eligibility criterion as registered: inclusion or exclusion, and where it sits in the eligibility text
/// (<see cref="Start"/>, <see cref="Length"/>), so the text is never rewritten, only pointed at.
/// </summary>
public sealed record Criterion(CriterionKind Kind, string Text, int Start, int Length)
{
    /// <summary>The text on one line, with the registry's Markdown escapes (<c>\&gt;</c>, <c>\&lt;</c>, <c>\*</c>) removed.</summary>
    public string Display => CriteriaSplitter.Readable(Text);
}

/// <summary>What a piece of eligibility text is, for <see cref="CriteriaSplitter.Segments"/>.</summary>
internal enum SegmentRole
{
    Heading,
    Marker,
    Criterion,
}

internal sealed record TextSegment(SegmentRole Role, int Start, int Length);

/// <summary>
/// Splits registry eligibility text into criteria. Headings ("Inclusion Criteria:", "Key exclusion criteria") switch the
/// kind (text before any heading counts as inclusion); every bullet (<c>*</c>, <c>-</c>, <c>•</c>, <c>1.</c>, <c>a)</c>) at any depth
/// starts a criterion; a line without a bullet continues the criterion above it, unless a blank line came between.
/// No text is lost: every non-blank character belongs to a heading, a bullet marker or a criterion.
/// </summary>
public static partial class CriteriaSplitter
{
    public static IReadOnlyList<Criterion> Split(string eligibilityText)
    {
        ArgumentNullException.ThrowIfNull(eligibilityText);
        return Walk(eligibilityText)
            .Where(s => s.Segment.Role == SegmentRole.Criterion)
            .Select(s => new Criterion(s.Kind, eligibilityText.Substring(s.Segment.Start, s.Segment.Length), s.Segment.Start, s.Segment.Length))
            .ToList();
    }

    /// <summary>Every heading, bullet marker and criterion, in text order.</summary>
    internal static IReadOnlyList<TextSegment> Segments(string eligibilityText) => Walk(eligibilityText).Select(s => s.Segment).ToList();

    private static IEnumerable<(TextSegment Segment, CriterionKind Kind)> Walk(string text)
    {
        var kind = CriterionKind.Inclusion;
        int? openStart = null;
        var openEnd = 0;
        var blankSinceOpen = false;
        var pos = 0;
        while (pos < text.Length)
        {
            var eol = text.IndexOf('\n', pos);
            var lineEnd = eol < 0 ? text.Length : eol;
            var next = eol < 0 ? text.Length : eol + 1;
            var (contentStart, contentEnd) = Trim(text, pos, lineEnd);
            if (contentStart >= contentEnd)
            {
                blankSinceOpen = true;
                pos = next;
                continue;
            }
            var line = text[contentStart..contentEnd];
            var heading = HeadingPattern().Match(line);
            if (heading.Success)
            {
                if (openStart is { } s)
                {
                    yield return (new TextSegment(SegmentRole.Criterion, s, openEnd - s), kind);
                    openStart = null;
                }
                kind = heading.Groups["kind"].Value.StartsWith("ex", StringComparison.OrdinalIgnoreCase) ? CriterionKind.Exclusion : CriterionKind.Inclusion;
                var rest = heading.Groups["rest"];
                var headingEnd = rest.Success && rest.Length > 0 ? contentStart + rest.Index : contentEnd;
                var (hs, he) = Trim(text, contentStart, headingEnd);
                yield return (new TextSegment(SegmentRole.Heading, hs, he - hs), kind);
                if (rest.Success && rest.Length > 0)
                {
                    var (rs, re) = Trim(text, contentStart + rest.Index, contentEnd);
                    if (rs < re)
                    {
                        openStart = rs;
                        openEnd = re;
                        blankSinceOpen = false;
                    }
                }
                pos = next;
                continue;
            }
            var bullet = BulletPattern().Match(line);
            if (bullet.Success || openStart is null || blankSinceOpen)
            {
                if (openStart is { } s)
                {
                    yield return (new TextSegment(SegmentRole.Criterion, s, openEnd - s), kind);
                }
                var bodyStart = contentStart;
                if (bullet.Success)
                {
                    yield return (new TextSegment(SegmentRole.Marker, contentStart, bullet.Groups["marker"].Length), kind);
                    bodyStart = contentStart + bullet.Length;
                }
                var (bs, be) = Trim(text, bodyStart, contentEnd);
                openStart = bs < be ? bs : null;
                openEnd = be;
            }
            else
            {
                openEnd = contentEnd;
            }
            blankSinceOpen = false;
            pos = next;
        }
        if (openStart is { } last)
        {
            yield return (new TextSegment(SegmentRole.Criterion, last, openEnd - last), kind);
        }
    }

    private static (int Start, int End) Trim(string text, int start, int end)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }
        return (start, end);
    }

    /// <summary>One line, single spaces, Markdown escapes removed.</summary>
    public static string Readable(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Spaces().Replace(Escapes().Replace(text, "$1"), " ").Trim();
    }

    [GeneratedRegex(@"^(?:(?:key|main|major|principal|general)\s+)?(?<kind>inclusion|exclusion)s?(?:\s+criteri(?:a|on)\b\s*(?:\([^)]*\))?\s*[:\-–]?\s*(?<rest>.*)|\s*:?)$", RegexOptions.IgnoreCase)]
    private static partial Regex HeadingPattern();

    [GeneratedRegex(@"^(?<marker>[*\-•·▪◦+]|\d{1,2}[.)]|[a-zA-Z][.)]|\(\d{1,2}\)|\([a-zA-Z]\)|[ivxIVX]{1,4}[.)])(?:\s+|$)")]
    private static partial Regex BulletPattern();

    [GeneratedRegex(@"\\([<>*_\[\]()#+\-.!~`|])")]
    private static partial Regex Escapes();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
