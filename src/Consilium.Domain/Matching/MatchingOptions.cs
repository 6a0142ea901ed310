using Consilium.Domain.Triage;

namespace Consilium.Domain.Matching;

/// <summary>Where an expert must be licensed to give an opinion to a patient.</summary>
public enum LicensurePolicy
{
    /// <summary>Licensed in the patient's jurisdiction (a national licence covers its subdivisions: <c>US</c> covers <c>US-MA</c>).</summary>
    SameJurisdiction,
    /// <summary>Licensed anywhere in the patient's country (<c>US-NY</c> may answer <c>US-MA</c>).</summary>
    SameCountry,
    /// <summary>The service allows opinions across borders: licensure is reported, never excludes.</summary>
    CrossBorder,
}

/// <summary>Weights of the score parts (any non-negative numbers; they are normalised over the parts that apply).</summary>
public sealed record ScoreWeights(double ConditionExperience = 0.35, double SubspecialtyFit = 0.25, double TechniqueFit = 0.15, double Language = 0.10, double Turnaround = 0.08, double Load = 0.07);

/// <summary>The service's matching rules. The defaults are the conservative ones.</summary>
public sealed record MatchingOptions
{
    public static MatchingOptions Default { get; } = new();

    public LicensurePolicy Licensure { get; init; } = LicensurePolicy.SameJurisdiction;
    /// <summary>Exclude experts working at (or affiliated with) the first-opinion physician's institution.</summary>
    public bool ExcludeFirstOpinionInstitution { get; init; } = true;
    /// <summary>An interpreter can be provided: experts without the patient's language are kept (flagged) rather than excluded.</summary>
    public bool InterpreterAvailable { get; init; }
    /// <summary>Patients treated at which condition experience counts in full; below it the credit grows with log(1 + n).</summary>
    public int VolumeSaturation { get; init; } = 500;
    public double StandardTurnaroundDays { get; init; } = 14;
    public double ExpeditedTurnaroundDays { get; init; } = 5;
    public double EmergencyTurnaroundDays { get; init; } = 2;
    public ScoreWeights Weights { get; init; } = new();

    /// <summary>The days within which an opinion is due at this urgency.</summary>
    public double TurnaroundTarget(Urgency urgency) => urgency switch
    {
        Urgency.Emergency => EmergencyTurnaroundDays,
        Urgency.Expedited => ExpeditedTurnaroundDays,
        _ => StandardTurnaroundDays,
    };
}
