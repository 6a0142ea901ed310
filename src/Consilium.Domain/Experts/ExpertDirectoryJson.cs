using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consilium.Domain.Experts;

/// <summary>The expert directory document: <c>{"experts": [ ... ]}</c> (schema: docs/experts-schema.md).</summary>
public sealed record ExpertDirectoryDocument(IReadOnlyList<ExpertProfile> Experts);

/// <summary>The directory file is not valid; the message names the field (<c>experts[3].weeklyCapacity</c>).</summary>
public sealed class ExpertDirectoryFormatException : Exception
{
    public ExpertDirectoryFormatException(string message) : base(message) { }
    public ExpertDirectoryFormatException(string message, Exception inner) : base(message, inner) { }
    public ExpertDirectoryFormatException() { }
}

/// <summary>
/// Reads and writes the expert directory as JSON (camelCase, the format of docs/experts-schema.md) and validates it:
/// every problem names its field. Text in, text out: files are the caller's business.
/// </summary>
public static class ExpertDirectoryJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static string Serialize(IEnumerable<ExpertProfile> experts)
    {
        ArgumentNullException.ThrowIfNull(experts);
        return JsonSerializer.Serialize(new ExpertDirectoryDocument([.. experts.OrderBy(e => e.Id, StringComparer.Ordinal)]), Options);
    }

    /// <summary>One expert as a compact JSON document (what storage keeps).</summary>
    public static string SerializeOne(ExpertProfile expert) => JsonSerializer.Serialize(expert, CompactOptions);

    public static ExpertProfile DeserializeOne(string json) => JsonSerializer.Deserialize<ExpertProfile>(json, CompactOptions)
        ?? throw new ExpertDirectoryFormatException("expert: null document.");

    private static readonly JsonSerializerOptions CompactOptions = new(Options) { WriteIndented = false };

    /// <summary>Parses and validates a directory; throws <see cref="ExpertDirectoryFormatException"/> naming the first problem.</summary>
    public static IReadOnlyList<ExpertProfile> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        ExpertDirectoryDocument? document;
        try
        {
            document = JsonSerializer.Deserialize<ExpertDirectoryDocument>(json, Options);
        }
        catch (JsonException ex)
        {
            var where = ex.Path is { Length: > 0 } p ? p.TrimStart('$', '.') : "document";
            throw new ExpertDirectoryFormatException($"{where}: {FirstSentence(ex.Message)}", ex);
        }
        if (document?.Experts is not { } experts)
        {
            throw new ExpertDirectoryFormatException("experts: missing (expected {\"experts\": [ ... ]}).");
        }
        Validate(experts);
        return experts;
    }

    /// <summary>Checks what the type system cannot: ids unique, counts non-negative, names present.</summary>
    public static void Validate(IReadOnlyList<ExpertProfile> experts)
    {
        ArgumentNullException.ThrowIfNull(experts);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < experts.Count; i++)
        {
            var e = experts[i];
            var at = $"experts[{i}]";
            Require(e is not null, at, "null expert.");
            Require(!string.IsNullOrWhiteSpace(e!.Id), $"{at}.id", "required.");
            Require(ids.Add(e.Id), $"{at}.id", $"'{e.Id}' appears more than once.");
            Require(!string.IsNullOrWhiteSpace(e.Name), $"{at}.name", "required.");
            // JSON null for a list, or null inside one, passes the deserializer; every reader of a profile relies on neither.
            RequireItems(e.Identifiers, $"{at}.identifiers");
            RequireItems(e.Specialties, $"{at}.specialties");
            RequireItems(e.Subspecialties, $"{at}.subspecialties");
            RequireItems(e.Conditions, $"{at}.conditions");
            RequireItems(e.Procedures, $"{at}.procedures");
            RequireItems(e.BoardCertifications, $"{at}.boardCertifications");
            RequireItems(e.Licensures, $"{at}.licensures");
            RequireItems(e.Languages, $"{at}.languages");
            RequireItems(e.Affiliations, $"{at}.affiliations");
            RequireItems(e.ResearchInterests, $"{at}.researchInterests");
            RequireItems(e.Availability, $"{at}.availability");
            if (e.Imaging is { } imaging)
            {
                RequireItems(imaging.Modalities, $"{at}.imaging.modalities");
            }
            for (var k = 0; k < e.Procedures.Count; k++)
            {
                RequireItems(e.Procedures[k].Codes, $"{at}.procedures[{k}].codes");
            }
            Require(e.Specialties.Count + e.Subspecialties.Count > 0, $"{at}.specialties", "at least one specialty or subspecialty.");
            Require(e.WeeklyCapacity >= 0, $"{at}.weeklyCapacity", "must be 0 or more.");
            Require(e.CurrentLoad >= 0, $"{at}.currentLoad", "must be 0 or more.");
            Require(e.TypicalTurnaroundDays > 0, $"{at}.typicalTurnaroundDays", "must be more than 0.");
            for (var k = 0; k < e.Conditions.Count; k++)
            {
                var c = e.Conditions[k];
                Require(!string.IsNullOrWhiteSpace(c.System) && !string.IsNullOrWhiteSpace(c.Code), $"{at}.conditions[{k}]", "system and code are required.");
                Require(c.PatientsTreated >= 0, $"{at}.conditions[{k}].patientsTreated", "must be 0 or more.");
            }
            for (var k = 0; k < e.Procedures.Count; k++)
            {
                Require(!string.IsNullOrWhiteSpace(e.Procedures[k].Name), $"{at}.procedures[{k}].name", "required.");
                Require(e.Procedures[k].Volume >= 0, $"{at}.procedures[{k}].volume", "must be 0 or more.");
            }
            for (var k = 0; k < e.Availability.Count; k++)
            {
                Require(e.Availability[k].From < e.Availability[k].To, $"{at}.availability[{k}]", "from must be before to.");
            }
        }
    }

    private static void RequireItems<T>(IReadOnlyList<T>? items, string field)
    {
        Require(items is not null, field, "must be a list, not null.");
        for (var k = 0; k < items!.Count; k++)
        {
            Require(items[k] is not null, $"{field}[{k}]", "null is not allowed here.");
        }
    }

    private static void Require(bool ok, string field, string problem)
    {
        if (!ok)
        {
            throw new ExpertDirectoryFormatException($"{field}: {problem}");
        }
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..(cut + 1)];
    }
}
