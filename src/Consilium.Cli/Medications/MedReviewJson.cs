using System.Text.Encodings.Web;
using System.Text.Json;
using Consilium.Medications.Review;

namespace Consilium.Cli.Medications;

/// <summary>The machine-readable review printed by <c>consilium medreview --json</c>: exactly <c>{"findings":[...]}</c>.</summary>
internal static class MedReviewJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = false,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal sealed record Output(IReadOnlyList<FindingOut> Findings);

    internal sealed record FindingOut(string Kind, string Severity, IReadOnlyList<string> Drugs, string Summary, IReadOnlyList<string> Evidence, string Source);

    public static Output From(MedicationReview review) => new(review.Findings
        .Select(f => new FindingOut(f.Kind.ToString().ToLowerInvariant(), f.Severity.ToString().ToLowerInvariant(), f.Drugs, f.Summary, f.Evidence, f.Source))
        .ToList());

    public static string Serialize(MedicationReview review) => JsonSerializer.Serialize(From(review), Options);
}
