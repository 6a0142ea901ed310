namespace Consilium.Domain.Triage;

/// <summary>The five situations in which a second opinion is sought (see ARCHITECTURE.md).</summary>
public static class SituationCode
{
    public const string SurgeryPlanned = "surgery-planned";
    public const string Cancer = "cancer";
    public const string SymptomsUnexplained = "symptoms-unexplained";
    public const string RareOrComplex = "rare-or-complex";
    public const string TreatmentNotWorking = "treatment-not-working";

    /// <summary>All five, in the order results list them.</summary>
    public static IReadOnlyList<string> All { get; } = [SurgeryPlanned, Cancer, SymptomsUnexplained, RareOrComplex, TreatmentNotWorking];

    public static bool IsKnown(string code) => All.Contains(code);

    /// <summary>The plain-language name a patient sees.</summary>
    public static string PlainName(string code) => code switch
    {
        SurgeryPlanned => "before major surgery",
        Cancer => "after a cancer diagnosis",
        SymptomsUnexplained => "when symptoms don't match the diagnosis",
        RareOrComplex => "a rare or complex condition",
        TreatmentNotWorking => "when treatment isn't working",
        _ => code,
    };
}

public enum Urgency
{
    Standard,
    Expedited,
    Emergency,
}

/// <summary>One situation the case is in, with the records that triggered it and why.</summary>
public sealed record SituationFinding(string Code, IReadOnlyList<string> Evidence, IReadOnlyList<string> Reasons);

/// <summary>Expertise the case needs, with the reason a coordinator can check.</summary>
public sealed record ExpertiseNeed(string Specialty, string? Subspecialty, string Reason);

/// <summary>A red flag: a recent, acute finding that needs emergency care, not a second opinion.</summary>
public sealed record RedFlag(string Code, string Label, IReadOnlyList<string> Evidence, string Advice);

/// <summary>What triage decided about a case, with every decision's reasons. Same input, same output.</summary>
public sealed record TriageResult
{
    public required IReadOnlyList<SituationFinding> Situations { get; init; }
    public required Urgency Urgency { get; init; }
    public required IReadOnlyList<string> UrgencyReasons { get; init; }
    public required IReadOnlyList<ExpertiseNeed> Expertise { get; init; }
    public required bool ImagingReread { get; init; }
    public required bool TumorBoard { get; init; }
    public required IReadOnlyList<RedFlag> RedFlags { get; init; }
    /// <summary>Things a coordinator should look at that triage did not turn into a situation (e.g. a neoplasm of uncertain behaviour).</summary>
    public IReadOnlyList<string> ForReview { get; init; } = [];
    /// <summary>Where the patient's own answers and the records disagree; both are kept.</summary>
    public IReadOnlyList<string> Disagreements { get; init; } = [];

    public bool Has(string situation) => Situations.Any(s => s.Code == situation);

    /// <summary>One line for a timeline entry.</summary>
    public string Summary()
    {
        var situations = Situations.Count == 0 ? "no situation recognised" : string.Join(", ", Situations.Select(s => s.Code));
        var flags = RedFlags.Count == 0 ? string.Empty : $"; RED FLAGS: {string.Join(", ", RedFlags.Select(f => f.Code))}";
        return $"{situations}; urgency {Urgency.ToString().ToLowerInvariant()}{flags}";
    }
}
