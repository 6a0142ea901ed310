namespace Consilium.Trials.Registry;

/// <summary>Who a trial takes, by the registry's structured <c>sex</c> field.</summary>
public enum TrialSex
{
    All,
    Female,
    Male,
}

/// <summary>A person to contact about a trial or one of its sites.</summary>
public sealed record TrialContact(string Name, string? Role, string? Phone, string? Email);

/// <summary>One place that runs the trial, with its own recruitment status and, when the registry has it, coordinates.</summary>
public sealed record TrialSite(string Facility, string? Status, string? City, string? State, string? Zip, string? Country)
{
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public IReadOnlyList<TrialContact> Contacts { get; init; } = [];

    /// <summary>The site takes patients now or will soon (status RECRUITING or NOT_YET_RECRUITING; no status counts as open).</summary>
    public bool IsOpen => Status is null or "RECRUITING" or "NOT_YET_RECRUITING" or "ENROLLING_BY_INVITATION";

    public string Place => string.Join(", ", new[] { City, State, Country }.Where(p => !string.IsNullOrWhiteSpace(p)));
}

public sealed record TrialIntervention(string Type, string Name);

/// <summary>
/// One clinical-trial registry record (ClinicalTrials.gov), reduced to what matching and the report need. The record's
/// identity is <see cref="NctId"/>; <see cref="LastUpdate"/> and <see cref="VersionDate"/> say which version it is.
/// </summary>
public sealed record TrialRecord(string NctId, string Title)
{
    public string? OfficialTitle { get; init; }
    /// <summary>ClinicalTrials.gov overall status as written (RECRUITING, COMPLETED, ...).</summary>
    public string Status { get; init; } = "UNKNOWN";
    /// <summary>The last update the sponsor posted (<c>lastUpdatePostDateStruct</c>, else <c>lastUpdateSubmitDate</c>).</summary>
    public DateOnly? LastUpdate { get; init; }
    /// <summary>The date of the registry snapshot the record comes from (<c>derivedSection.miscInfoModule.versionHolder</c>).</summary>
    public DateOnly? VersionDate { get; init; }
    public IReadOnlyList<string> Conditions { get; init; } = [];
    public IReadOnlyList<string> Keywords { get; init; } = [];
    /// <summary>MeSH terms the registry derived for the conditions, then their ancestors.</summary>
    public IReadOnlyList<string> ConditionMeshTerms { get; init; } = [];
    public IReadOnlyList<string> Phases { get; init; } = [];
    public string? StudyType { get; init; }
    public TrialSex Sex { get; init; } = TrialSex.All;
    public int? MinimumAgeYears { get; init; }
    public int? MaximumAgeYears { get; init; }
    /// <summary>The eligibility criteria text as registered (Markdown-like: "Inclusion Criteria: * ... Exclusion Criteria: * ...").</summary>
    public string EligibilityText { get; init; } = string.Empty;
    public IReadOnlyList<TrialIntervention> Interventions { get; init; } = [];
    public IReadOnlyList<TrialSite> Sites { get; init; } = [];
    public IReadOnlyList<TrialContact> CentralContacts { get; init; } = [];

    /// <summary>Statuses in which the trial takes new patients (or will soon).</summary>
    public static IReadOnlyList<string> OpenStatuses { get; } = ["RECRUITING", "NOT_YET_RECRUITING", "ENROLLING_BY_INVITATION"];

    public bool IsOpen => OpenStatuses.Contains(Status, StringComparer.Ordinal);

    /// <summary>Which of two versions of the same trial is newer: the later last update, then the later snapshot.</summary>
    public bool IsNewerThan(DateOnly? lastUpdate, DateOnly? versionDate) =>
        (LastUpdate ?? DateOnly.MinValue, VersionDate ?? DateOnly.MinValue).CompareTo((lastUpdate ?? DateOnly.MinValue, versionDate ?? DateOnly.MinValue)) > 0;

    public string Link => $"https://clinicaltrials.gov/study/{NctId}";
}
