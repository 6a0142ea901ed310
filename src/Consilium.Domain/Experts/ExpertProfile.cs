using System.Text.Json.Serialization;
using Consilium.Domain.Clinical;

namespace Consilium.Domain.Experts;

/// <summary>
/// One expert of the network: what they know (specialties and subspecialties from <see cref="Specialties.ClinicalTaxonomy"/>,
/// conditions and procedures with the volume they have treated or performed, imaging they read), where they may
/// practise (licensure), whom they can talk to (languages), who they work for (conflicts of interest), and how much
/// work they can take (capacity, load, turnaround, availability). Immutable; the directory replaces it whole.
/// </summary>
public sealed record ExpertProfile
{
    /// <summary>Stable id in the directory (e.g. <c>exp-0042</c>); ties in every ranking are broken by it (ordinal).</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>Other identifiers of the same person (NPI, national register numbers), as <c>system|value</c> or plain values.</summary>
    public IReadOnlyList<string> Identifiers { get; init; } = [];
    /// <summary>Specialty names (e.g. <c>oncology</c>, <c>surgery</c>, <c>radiology</c>): the names triage uses.</summary>
    public IReadOnlyList<string> Specialties { get; init; } = [];
    /// <summary>Subspecialty names (e.g. <c>gastrointestinal oncology</c>, <c>colorectal surgery</c>).</summary>
    public IReadOnlyList<string> Subspecialties { get; init; } = [];
    public IReadOnlyList<ConditionExperience> Conditions { get; init; } = [];
    public IReadOnlyList<ProcedureExperience> Procedures { get; init; } = [];
    public ImagingExpertise? Imaging { get; init; }
    public IReadOnlyList<string> BoardCertifications { get; init; } = [];
    /// <summary>Jurisdictions licensed in: ISO 3166 country (<c>DE</c>, a licence for the whole country) or subdivision (<c>US-MA</c>).</summary>
    public IReadOnlyList<string> Licensures { get; init; } = [];
    /// <summary>Languages spoken (BCP 47).</summary>
    public IReadOnlyList<string> Languages { get; init; } = [];
    public string? Institution { get; init; }
    public IReadOnlyList<string> Affiliations { get; init; } = [];
    public IReadOnlyList<string> ResearchInterests { get; init; } = [];
    /// <summary>Takes part in clinical trials (the cancer and rare-disease opinions ask about trials).</summary>
    public bool ClinicalTrials { get; init; }
    /// <summary>Second opinions the expert can take per week.</summary>
    public int WeeklyCapacity { get; init; }
    /// <summary>Opinions currently open with the expert this week.</summary>
    public int CurrentLoad { get; init; }
    /// <summary>Typical days from assignment to signed opinion.</summary>
    public double TypicalTurnaroundDays { get; init; } = 7;
    /// <summary>When the expert takes cases; empty means always.</summary>
    public IReadOnlyList<AvailabilityWindow> Availability { get; init; } = [];

    /// <summary>Opinions the expert can still take this week (never negative).</summary>
    [JsonIgnore]
    public int FreeCapacity => Math.Max(0, WeeklyCapacity - CurrentLoad);
}

/// <summary>A condition the expert has treated, coded (ICD-10, SNOMED CT, ORPHA, OMIM: see <see cref="CodeSystems"/>), with the number of patients.</summary>
public sealed record ConditionExperience(string System, string Code, string? Display, int PatientsTreated);

/// <summary>A procedure or technique the expert performs, with the number performed; <see cref="MinimallyInvasive"/> for laparoscopic, robotic, endovascular, endoscopic techniques.</summary>
public sealed record ProcedureExperience(string Name, int Volume)
{
    /// <summary>Codings of the procedure (e.g. SNOMED CT), matched against the case's proposed procedures.</summary>
    public IReadOnlyList<ClinicalCode> Codes { get; init; } = [];
    public bool MinimallyInvasive { get; init; }
    /// <summary>Organ-system code (<see cref="Specialties.OrganSystem.Code"/>) the technique belongs to, when known.</summary>
    public string? OrganSystem { get; init; }
}

/// <summary>Imaging the expert reads: subspecialty (e.g. <c>neuroradiology</c>) and DICOM modalities (<c>CT</c>, <c>MR</c>, <c>PT</c>, <c>MG</c>...).</summary>
public sealed record ImagingExpertise(string? Subspecialty, IReadOnlyList<string> Modalities);

/// <summary>A period the expert takes cases, [From, To).</summary>
public sealed record AvailabilityWindow(DateTimeOffset From, DateTimeOffset To)
{
    public bool Covers(DateTimeOffset at) => at >= From && at < To;
}
