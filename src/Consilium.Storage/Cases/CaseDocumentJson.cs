using System.Text.Json;
using System.Text.Json.Serialization;
using Consilium.Domain.Cases;
using Consilium.Domain.Triage;

namespace Consilium.Storage.Cases;

/// <summary>
/// The stored JSON form of the case documents (<see cref="CaseFile"/>, <see cref="TriageResult"/>): camelCase names,
/// enums as their names, computed properties left out, dates with their offsets and full precision.
/// </summary>
public static class CaseDocumentJson
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static string Serialize(CaseFile file) => JsonSerializer.Serialize(file, Options);

    public static CaseFile DeserializeCaseFile(string json) =>
        JsonSerializer.Deserialize<CaseFile>(json, Options) ?? throw new JsonException("A stored case file is null.");

    public static string Serialize(TriageResult triage) => JsonSerializer.Serialize(triage, Options);

    public static TriageResult DeserializeTriage(string json) =>
        JsonSerializer.Deserialize<TriageResult>(json, Options) ?? throw new JsonException("A stored triage result is null.");

    public static string Serialize(IReadOnlyList<TriageCorrection> corrections) => JsonSerializer.Serialize(corrections, Options);

    public static IReadOnlyList<TriageCorrection> DeserializeTriageCorrections(string json) =>
        JsonSerializer.Deserialize<List<TriageCorrection>>(json, Options) ?? throw new JsonException("Stored triage corrections are null.");

    public static string Serialize(IReadOnlyList<ExpertAssignment> assignments) => JsonSerializer.Serialize(assignments, Options);

    public static IReadOnlyList<ExpertAssignment> DeserializeAssignments(string json) =>
        JsonSerializer.Deserialize<List<ExpertAssignment>>(json, Options) ?? throw new JsonException("Stored expert assignments are null.");

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            // Computed, get-only members (Condition.IsActive, CodedConcept.Label, ...) are not data.
            IgnoreReadOnlyProperties = true,
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            WriteIndented = false,
        };
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
