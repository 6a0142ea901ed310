using System.Globalization;
using Consilium.Trials.Eligibility;
using Consilium.Trials.Registry;

namespace Consilium.Trials.Matching;

/// <summary>How to match: as of when, where the patient is, which trials to consider, how many to keep.</summary>
public sealed record TrialMatchOptions
{
    public GeoPoint? Near { get; init; }
    /// <summary>Only trials with an open site in this country (name as the registry writes it, or a two-letter code).</summary>
    public string? Country { get; init; }
    /// <summary>Also rank trials that no longer (or do not yet) recruit — for measurement against judgements made regardless of status.</summary>
    public bool IncludeClosed { get; init; }
    public int Top { get; init; } = 10;
}

/// <summary>How the trial's conditions meet the patient's cancer.</summary>
public sealed record ConditionMatch(double Score, string TrialTerm, string PatientCondition);

/// <summary>The nearest open site and how far it is.</summary>
public sealed record SiteDistance(TrialSite Site, double Kilometres);

/// <summary>One trial option for a patient: its score and the criterion-by-criterion reasons.</summary>
public sealed record TrialMatch(TrialRecord Trial, double Score, ConditionMatch Condition, SiteDistance? NearestSite, IReadOnlyList<CriterionAssessment> Criteria)
{
    /// <summary>Criteria that exclude the patient (an inclusion not met, an exclusion met).</summary>
    public IReadOnlyList<CriterionAssessment> Failed => Criteria.Where(c => c.Excludes).ToList();
    public IReadOnlyList<CriterionAssessment> Met => Criteria.Where(c => c.Satisfied).ToList();
    public IReadOnlyList<CriterionAssessment> Unknown => Criteria.Where(c => c.Status == CriterionStatus.Unknown).ToList();
    public bool Excluded => Criteria.Any(c => c.Excludes);

    /// <summary>The reasons in a sentence each: why it is a candidate, what is met, what fails, what to find out.</summary>
    public IReadOnlyList<string> Explanation
    {
        get
        {
            var lines = new List<string>
            {
                $"Condition: the trial's \"{Condition.TrialTerm}\" matches the patient's {Condition.PatientCondition}.",
                $"Status: {Trial.Status.Replace('_', ' ').ToLowerInvariant()}{(NearestSite is { } s ? $"; nearest open site {s.Site.Facility}, {s.Site.Place}, {s.Kilometres.ToString("N0", CultureInfo.InvariantCulture)} km away" : "")}.",
                $"Criteria met: {Met.Count} of {Criteria.Count}.",
            };
            lines.AddRange(Failed.Select(f => $"Excludes: {f.Criterion.Display} — {f.Fact}."));
            var toFind = Unknown.Where(u => u.Requirements.Count > 0).Select(u => u.ToFindOut).OfType<string>().Distinct().ToList();
            if (toFind.Count > 0)
            {
                lines.Add($"To find out: {string.Join("; ", toFind)}.");
            }
            var unread = Unknown.Count(u => u.Requirements.Count == 0);
            if (unread > 0)
            {
                lines.Add($"{unread} criteria for the expert to read against the record.");
            }
            return lines;
        }
    }
}

/// <summary>
/// Ranks trials for one patient: candidates are the trials whose conditions (names, MeSH terms, keywords) meet the
/// patient's cancer, that recruit (unless asked otherwise) and, with a country, have an open site there. The score
/// (0–1) adds the condition match (0.4), recruitment status (0.2), the share of criteria satisfied (0.3, unknown
/// counting half) and closeness of the nearest open site (0.1, when the patient's location is given); a trial with a
/// criterion that excludes the patient keeps 30% of its score, so it ranks below those that may take them.
/// </summary>
public static class TrialMatcher
{
    public static IReadOnlyList<TrialMatch> Match(PatientFacts patient, IEnumerable<PreparedTrial> trials, TrialMatchOptions options)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(trials);
        ArgumentNullException.ThrowIfNull(options);
        var country = options.Country is { } c ? Countries.Name(c) : null;
        var matches = new List<TrialMatch>();
        // The same criterion text says the same for the same patient: registries repeat criteria word for word
        // ("Pregnant or breastfeeding"), so each distinct text is evaluated once per patient.
        var answered = new Dictionary<CriterionTextKey, CriterionAssessment>();
        foreach (var trial in trials)
        {
            if (!options.IncludeClosed && !trial.Record.IsOpen)
            {
                continue;
            }
            var condition = MatchCondition(patient, trial);
            if (condition is null)
            {
                continue;
            }
            var sites = trial.Record.Sites.Where(s => (options.IncludeClosed && !trial.Record.IsOpen) || s.IsOpen).ToList();
            if (country is not null)
            {
                sites = sites.Where(s => string.Equals(s.Country, country, StringComparison.OrdinalIgnoreCase)).ToList();
                if (sites.Count == 0)
                {
                    continue;
                }
            }
            var nearest = options.Near is { } here
                ? sites.Where(s => s.Latitude is not null && s.Longitude is not null)
                    .Select(s => new SiteDistance(s, here.KilometresTo(new GeoPoint(s.Latitude!.Value, s.Longitude!.Value))))
                    .MinBy(d => d.Kilometres)
                : null;
            var criteria = new List<CriterionAssessment>(trial.Criteria.Count);
            foreach (var r in trial.Criteria)
            {
                var key = new CriterionTextKey(r.TextHash, r.Criterion.Text);
                if (!answered.TryGetValue(key, out var known))
                {
                    known = CriterionEvaluator.Evaluate(r.Criterion, r.Requirements, patient);
                    answered[key] = known;
                }
                criteria.Add(ReferenceEquals(known.Criterion, r.Criterion) ? known : known with { Criterion = r.Criterion });
            }
            matches.Add(new TrialMatch(trial.Record, Score(condition, trial.Record, criteria, nearest), condition, nearest, criteria));
        }
        return matches
            .OrderBy(m => m.Excluded)
            .ThenByDescending(m => m.Score)
            .ThenBy(m => m.NearestSite?.Kilometres ?? double.MaxValue)
            .ThenBy(m => m.Trial.NctId, StringComparer.Ordinal)
            .Take(Math.Max(0, options.Top))
            .ToList();
    }

    internal static double Score(ConditionMatch condition, TrialRecord trial, IReadOnlyList<CriterionAssessment> criteria, SiteDistance? nearest)
    {
        var status = trial.Status switch
        {
            "RECRUITING" => 1.0,
            "NOT_YET_RECRUITING" => 0.75,
            "ENROLLING_BY_INVITATION" => 0.25,
            _ => 0.0,
        };
        var satisfied = criteria.Count == 0 ? 0.5 : (criteria.Count(c => c.Satisfied) + 0.5 * criteria.Count(c => c.Status == CriterionStatus.Unknown)) / criteria.Count;
        var closeness = nearest is { } n ? 1 - Math.Min(n.Kilometres, 3000) / 3000 : 0;
        var score = (0.4 * condition.Score) + (0.2 * status) + (0.3 * satisfied) + (0.1 * closeness);
        if (criteria.Any(c => c.Excludes))
        {
            score *= 0.3;
        }
        return Math.Round(score, 3);
    }

    /// <summary>
    /// Same cancer 1.0; the trial names a broader kind (lung cancer for NSCLC) 0.8, or any cancer / solid tumours 0.4;
    /// the trial names a narrower kind than the record (NSCLC for "lung cancer") 0.6; else no match.
    /// </summary>
    public static ConditionMatch? MatchCondition(PatientFacts patient, PreparedTrial trial)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(trial);
        ConditionMatch? best = null;
        foreach (var (p, source) in patient.Cancers)
        {
            foreach (var (t, term) in trial.ConditionConcepts)
            {
                var score = t == p ? 1.0
                    : CancerVocabulary.WithAncestors(p).Contains(t) ? (t == CancerVocabulary.AnyCancer ? 0.4 : 0.8)
                    : CancerVocabulary.WithAncestors(t).Contains(p) ? 0.6
                    : 0.0;
                if (score > 0 && (best is null || score > best.Score))
                {
                    best = new ConditionMatch(score, term, $"{source.Text} ({source.Source})");
                }
            }
        }
        return best;
    }
}

/// <summary>Country names as ClinicalTrials.gov writes them, from the codes people type.</summary>
internal static class Countries
{
    private static readonly Dictionary<string, string> Codes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US"] = "United States", ["USA"] = "United States", ["UK"] = "United Kingdom", ["GB"] = "United Kingdom", ["FR"] = "France",
        ["DE"] = "Germany", ["IT"] = "Italy", ["ES"] = "Spain", ["NL"] = "Netherlands", ["BE"] = "Belgium", ["CH"] = "Switzerland",
        ["CN"] = "China", ["JP"] = "Japan", ["KR"] = "Korea, Republic of", ["CA"] = "Canada", ["AU"] = "Australia", ["AT"] = "Austria",
    };

    public static string Name(string country) => Codes.TryGetValue(country.Trim(), out var name) ? name : country.Trim();
}
