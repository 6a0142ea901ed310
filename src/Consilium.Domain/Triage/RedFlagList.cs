using System.Text.Json;
using System.Text.Json.Serialization;

namespace Consilium.Domain.Triage;

/// <summary>One reviewed red-flag definition (see RedFlags.json).</summary>
public sealed record RedFlagDefinition
{
    public required string Code { get; init; }
    public required string Label { get; init; }
    public int RecentDays { get; init; } = 7;
    public IReadOnlyList<string> Snomed { get; init; } = [];
    /// <summary>ICD-10 category ranges, inclusive: [["I60","I64"]].</summary>
    public IReadOnlyList<IReadOnlyList<string>> Icd10 { get; init; } = [];
    /// <summary>ICD-10 codes matched as prefixes ("T78.2" matches "T78.2" and "T78.20").</summary>
    public IReadOnlyList<string> Icd10Codes { get; init; } = [];
    public IReadOnlyList<string> Hpo { get; init; } = [];
    public IReadOnlyList<string> Phrases { get; init; } = [];
}

/// <summary>The reviewed list of red flags triage checks, with the advice the patient must see.</summary>
public sealed record RedFlagList
{
    public required string Version { get; init; }
    public required string Advice { get; init; }
    public required IReadOnlyList<RedFlagDefinition> Flags { get; init; }

    private static readonly JsonSerializerOptions Json = new() { PropertyNameCaseInsensitive = true, ReadCommentHandling = JsonCommentHandling.Skip, UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip };

    private static readonly Lazy<RedFlagList> Builtin = new(() =>
    {
        using var stream = typeof(RedFlagList).Assembly.GetManifestResourceStream("Consilium.Domain.Triage.RedFlags.json")
            ?? throw new InvalidOperationException("The built-in red-flag list is missing from the Consilium.Domain assembly.");
        return Parse(stream);
    });

    /// <summary>The list shipped with Consilium (Triage/RedFlags.json).</summary>
    public static RedFlagList Default => Builtin.Value;

    /// <summary>Reads a red-flag list (same format as the built-in one), e.g. a locally reviewed version.</summary>
    public static RedFlagList Parse(Stream json)
    {
        RedFlagList? list;
        try
        {
            list = JsonSerializer.Deserialize<RedFlagList>(json, Json);
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The red-flag list is not valid: {ex.Message}", ex);
        }
        if (list is null || list.Flags.Count == 0 || string.IsNullOrWhiteSpace(list.Advice))
        {
            throw new FormatException("The red-flag list must have a version, advice text and at least one flag.");
        }
        foreach (var f in list.Flags)
        {
            if (f.Icd10.Any(r => r.Count != 2))
            {
                throw new FormatException($"Red flag '{f.Code}': every icd10 range must have exactly two codes [from, to].");
            }
        }
        return list;
    }
}
