using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Consilium.Domain.Triage;
using Consilium.Fhir.Intake;

namespace Consilium.Cli.Triage;

/// <summary>The machine-readable triage result printed by <c>consilium triage --json</c>.</summary>
internal static class TriageJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false,
        // Readable output for people and scripts alike: no \u escapes for quotes, dashes and accents.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal sealed record Output(
        IReadOnlyList<SituationOut> Situations,
        string Urgency,
        IReadOnlyList<string> UrgencyReasons,
        IReadOnlyList<ExpertiseOut> Expertise,
        bool ImagingReread,
        bool TumorBoard,
        IReadOnlyList<RedFlagOut> RedFlags,
        IReadOnlyList<string> ForReview,
        IReadOnlyList<string> Disagreements,
        bool PatientDeceased,
        IReadOnlyList<string> Notes);

    internal sealed record SituationOut(string Code, IReadOnlyList<string> Evidence, IReadOnlyList<string> Reasons);

    internal sealed record ExpertiseOut(string Specialty, string? Subspecialty, string Reason);

    internal sealed record RedFlagOut(string Code, string Label, IReadOnlyList<string> Evidence, string Advice);

    public static Output From(TriageResult r, BundleIntakeResult intake) => new(
        r.Situations.Select(s => new SituationOut(s.Code, s.Evidence, s.Reasons)).ToList(),
        r.Urgency.ToString().ToLowerInvariant(),
        r.UrgencyReasons,
        r.Expertise.Select(e => new ExpertiseOut(e.Specialty, e.Subspecialty, e.Reason)).ToList(),
        r.ImagingReread,
        r.TumorBoard,
        r.RedFlags.Select(f => new RedFlagOut(f.Code, f.Label, f.Evidence, f.Advice)).ToList(),
        r.ForReview,
        r.Disagreements,
        intake.PatientDeceased,
        intake.Notes);

    public static string Serialize(TriageResult r, BundleIntakeResult intake) => JsonSerializer.Serialize(From(r, intake), Options);
}
