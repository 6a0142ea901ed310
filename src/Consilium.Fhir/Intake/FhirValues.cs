using System.Globalization;
using Consilium.Domain.Clinical;
using Hl7.Fhir.Model;

namespace Consilium.Fhir.Intake;

/// <summary>Conversions from Firely data types to Consilium's clinical values.</summary>
internal static class FhirValues
{
    public static CodedConcept Concept(CodeableConcept? concept)
    {
        if (concept is null)
        {
            return CodedConcept.Empty;
        }
        var codings = new List<ClinicalCode>(concept.Coding.Count);
        foreach (var coding in concept.Coding)
        {
            if (Code(coding) is { } code)
            {
                codings.Add(code);
            }
        }
        var text = string.IsNullOrWhiteSpace(concept.Text) ? null : concept.Text.Trim();
        return codings.Count == 0 && text is null ? CodedConcept.Empty : new CodedConcept(codings, text);
    }

    public static CodedConcept Concept(Coding? coding) =>
        Code(coding) is { } code ? new CodedConcept([code], null) : CodedConcept.Empty;

    public static ClinicalCode? Code(Coding? coding)
    {
        if (coding is null || string.IsNullOrWhiteSpace(coding.Code))
        {
            return null;
        }
        return new ClinicalCode(CodeSystems.Normalize(coding.System), coding.Code.Trim(), string.IsNullOrWhiteSpace(coding.Display) ? null : coding.Display.Trim());
    }

    public static IReadOnlyList<CodedConcept> Concepts(IEnumerable<CodeableConcept>? concepts) =>
        concepts is null ? [] : concepts.Select(Concept).Where(c => c.Codings.Count > 0 || c.Text is not null).ToList();

    /// <summary>All codes of a list of CodeableConcepts (for categories), lower-cased comparisons left to the caller.</summary>
    public static IEnumerable<Coding> Codings(IEnumerable<CodeableConcept?>? concepts) =>
        concepts is null ? [] : concepts.Where(c => c is not null).SelectMany(c => c!.Coding);

    public static bool HasCode(IEnumerable<CodeableConcept?>? concepts, string code) =>
        Codings(concepts).Any(c => string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    public static bool HasCode(IEnumerable<CodeableConcept?>? concepts, string system, string code) =>
        Codings(concepts).Any(c => CodeSystems.Normalize(c.System) == system && string.Equals(c.Code, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first code of a status CodeableConcept (e.g. <c>active</c>), lower case.</summary>
    public static string? StatusCode(CodeableConcept? concept) =>
        concept?.Coding.Select(c => c.Code).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c))?.Trim().ToLowerInvariant()
        ?? concept?.Text?.Trim().ToLowerInvariant();

    /// <summary>Parses a FHIR date, dateTime or instant (partial dates become the first moment of the period, UTC when no zone is given).</summary>
    public static DateTimeOffset? Date(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var s = value.Trim();
        var styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        switch (s.Length)
        {
            case 4 when int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is >= 1 and <= 9999:
                return new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero);
            case 7 when DateTimeOffset.TryParseExact(s, "yyyy-MM", CultureInfo.InvariantCulture, styles, out var month):
                return month;
            case 10 when DateTimeOffset.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, styles, out var day):
                return day;
            default:
                return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, styles, out var full) ? full : null;
        }
    }

    public static DateOnly? DateOnlyOf(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        var s = value.Trim();
        if (s.Length >= 10 && DateOnly.TryParseExact(s[..10], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        return Date(s) is { } d ? DateOnly.FromDateTime(d.UtcDateTime) : null;
    }

    /// <summary>The moment a choice-typed element points at: a dateTime, the start of a period (else its end), an instant, a timing's first event or bounds.</summary>
    public static DateTimeOffset? Start(DataType? value) => value switch
    {
        FhirDateTime dt => Date(dt.Value),
        Date d => Date(d.Value),
        Instant i => i.Value,
        Period p => Date(p.Start) ?? Date(p.End),
        Timing t => t.Event.Select(e => Date(e)).FirstOrDefault(e => e is not null) ?? (t.Repeat?.Bounds is Period bp ? Date(bp.Start) : null),
        _ => null,
    };

    /// <summary>The end of a period, or null for other types.</summary>
    public static DateTimeOffset? End(DataType? value) => value switch
    {
        Period p => Date(p.End),
        _ => null,
    };

    /// <summary>
    /// The literal of a coded primitive as written (e.g. <c>in-progress</c>). Reading the enum-typed property of a code
    /// outside its value set throws, and real exports carry such codes; comparing literals never does.
    /// </summary>
    public static string? Literal(PrimitiveType? element) => element?.JsonValue as string;

    public static string Format(decimal value) => value.ToString("0.############", CultureInfo.InvariantCulture);

    public static string? QuantityText(Quantity? q)
    {
        if (q?.Value is not { } v)
        {
            return null;
        }
        var unit = q.Unit ?? q.Code;
        var comparator = Literal(q.ComparatorElement) ?? string.Empty;
        return string.IsNullOrWhiteSpace(unit) ? $"{comparator}{Format(v)}" : $"{comparator}{Format(v)} {unit}";
    }

    /// <summary>A readable rendering of a value[x] (quantity, coded, string, boolean, integer, range, ratio, period, date).</summary>
    public static string? ValueText(DataType? value) => value switch
    {
        null => null,
        Quantity q => QuantityText(q),
        CodeableConcept cc => Concept(cc) is var concept && (concept.Codings.Count > 0 || concept.Text is not null) ? concept.Label : null,
        Coding coding => coding.Display ?? coding.Code,
        FhirString s => s.Value,
        Markdown m => m.Value,
        FhirBoolean b => b.Value switch { true => "true", false => "false", null => null },
        Integer i => i.Value?.ToString(CultureInfo.InvariantCulture),
        FhirDecimal d => d.Value is { } dv ? Format(dv) : null,
        Hl7.Fhir.Model.Range r => (QuantityText(r.Low), QuantityText(r.High)) switch
        {
            (null, null) => null,
            (var low, null) => $">= {low}",
            (null, var high) => $"<= {high}",
            (var low, var high) => $"{low} - {high}",
        },
        Ratio ratio => QuantityText(ratio.Numerator) is { } n && QuantityText(ratio.Denominator) is { } d ? $"{n} / {d}" : null,
        FhirDateTime dt => dt.Value,
        Date date => date.Value,
        Time time => time.Value,
        Period p => $"{p.Start} - {p.End}",
        _ => null,
    };
}
