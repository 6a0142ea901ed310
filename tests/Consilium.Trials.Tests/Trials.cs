using Consilium.Trials.Matching;
using Consilium.Trials.Registry;

namespace Consilium.Trials.Tests;

/// <summary>Trial records written by the tests.</summary>
internal static class Trials
{
    public static TrialRecord Nsclc(string nct, string status = "RECRUITING", string eligibility = "Inclusion Criteria:\n* Stage IV NSCLC\n\nExclusion Criteria:\n* Pregnant", params TrialSite[] sites) =>
        new(nct, $"Trial {nct}")
        {
            Status = status,
            Conditions = ["Non-small Cell Lung Cancer"],
            ConditionMeshTerms = ["Carcinoma, Non-Small-Cell Lung", "Lung Neoplasms"],
            MinimumAgeYears = 18,
            EligibilityText = eligibility,
            Sites = sites,
        };

    public static TrialSite Site(string facility, string country, double lat, double lon, string? status = "RECRUITING") =>
        new(facility, status, "City", null, null, country) { Latitude = lat, Longitude = lon };

    public static IReadOnlyList<PreparedTrial> Prepared(params TrialRecord[] records) => records.Select(PreparedTrial.Prepare).ToList();
}
