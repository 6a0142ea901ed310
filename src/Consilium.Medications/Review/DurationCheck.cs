using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Triage;

namespace Consilium.Medications.Review;

/// <summary>
/// How long each drug has been given for the condition it targets, and whether the goals for that condition show
/// improvement. The same rule triage uses for <c>treatment-not-working</c>: an active goal that is not improving,
/// a drug for it (reason reference or reason code, or a goal tied to no condition) taken at least
/// <see cref="TriageVocabulary.MinimumTreatmentTrial"/>.
/// </summary>
public static class DurationCheck
{
    public static IEnumerable<MedicationFinding> Run(CaseFile file, IReadOnlyList<ReviewedMedication> meds, DateTimeOffset asOf, ISet<string> failing)
    {
        var minimum = TriageVocabulary.MinimumTreatmentTrial;
        foreach (var m in meds)
        {
            var records = file.Medications.Where(x => m.Sources.Contains(x.Source)).ToList();
            var reasonRefs = records.SelectMany(x => x.ReasonReferences).Distinct().ToList();
            var reasonCodes = records.SelectMany(x => x.ReasonCodes).ToList();
            foreach (var goal in file.Goals.Where(g => g.Active && g.ShowsNoImprovement))
            {
                var conditions = file.Conditions.Where(c => goal.Addresses.Contains(c.Source)).ToList();
                var forGoal = goal.Addresses.Count == 0
                    || reasonRefs.Any(goal.Addresses.Contains)
                    || conditions.Any(c => reasonCodes.Any(rc => SameConcept(rc, c.Code)));
                if (!forGoal || m.FirstStart is not { } start)
                {
                    continue;
                }
                var end = m.Medication.End is { } e && e < asOf ? e : asOf;
                var taken = end - start;
                var target = conditions.Count > 0 ? string.Join(", ", conditions.Select(c => c.Code.Label)) : goal.Description;
                var evidence = new List<string>
                {
                    $"Goal \"{goal.Description}\" ({goal.Source}) is {Describe(goal.Achievement)}.",
                    $"{m.Label} since {start:yyyy-MM-dd}{(m.Current ? string.Empty : $", stopped {end:yyyy-MM-dd}")}: {Weeks(taken)}.",
                };
                evidence.AddRange(conditions.Select(c => $"Condition under treatment: {c.Code.Label} ({c.Source})."));
                evidence.AddRange(m.Sources.Select(s => $"Record: {s}"));
                if (m.Medication.Dose is { } dose)
                {
                    evidence.Add($"Dose as written: {dose}.");
                }
                if (taken >= minimum)
                {
                    failing.Add(m.Medication.Source);
                    yield return new MedicationFinding(FindingKind.Duration, FindingSeverity.Moderate, [m.Label],
                        $"{m.Label} for {target}: taken for {Weeks(taken)} without improvement — check diagnosis, dose, interactions, genotype and adherence before adding or switching.",
                        evidence, "case record") { Level = "no improvement" };
                }
                else
                {
                    yield return new MedicationFinding(FindingKind.Duration, FindingSeverity.Info, [m.Label],
                        $"{m.Label} for {target}: only {Weeks(taken)} so far (a trial needs at least {(int)minimum.TotalDays / 7} weeks before judging it).",
                        evidence, "case record") { Level = "too early to judge" };
                }
            }
        }
    }

    private static string Weeks(TimeSpan t) => t.TotalDays < 14 ? $"{(int)t.TotalDays} days" : $"{(int)(t.TotalDays / 7)} weeks";

    /// <summary>The goal's achievement in words ("not achieved", "worsening").</summary>
    private static string Describe(GoalAchievement a) => AchievementWords.GetValueOrDefault(a) ?? a.ToString().ToLowerInvariant();

    private static readonly Dictionary<GoalAchievement, string> AchievementWords = new()
    {
        [GoalAchievement.NoChange] = "not changing",
        [GoalAchievement.NoProgress] = "making no progress",
        [GoalAchievement.NotAchieved] = "not achieved",
        [GoalAchievement.Worsening] = "worsening",
    };

    /// <summary>The two concepts share a code (same system).</summary>
    private static bool SameConcept(CodedConcept a, CodedConcept b) => a.Codings.Any(x => b.Has(x.System, x.Code));
}
