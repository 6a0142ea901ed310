using System.Globalization;
using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Medications.Knowledge;

namespace Consilium.Medications.Review;

/// <summary>
/// Proportion of days covered (PDC) by the dispensing history: fills laid end to end (an early refill's supply
/// starts when the previous one runs out), counted from the first fill to the review date or the drug's end.
/// Below 80% is a gap. Without dispensing history, the questions the expert should ask.
/// </summary>
public static class AdherenceCheck
{
    public const double Threshold = 0.80;

    /// <summary>Below this the period is too short to judge adherence.</summary>
    public static int MinimumDays { get; } = 30;

    public static IReadOnlyList<string> Questions { get; } =
    [
        "How do you actually take each medicine (dose, times per day), and how many doses did you miss last week?",
        "Did you stop or skip any medicine because of side effects, cost, or because you felt better or no better?",
        "Where do you get your medicines filled, and did you run out between refills?",
        "Do you take anything else: over-the-counter medicines, supplements, herbal products (e.g. St John's wort), grapefruit juice, alcohol?",
        "Who helps you manage your medicines, and is the schedule hard to follow?",
    ];

    public static IEnumerable<MedicationFinding> Run(CaseFile file, IReadOnlyList<ReviewedMedication> meds, DrugVocabulary vocabulary, DateTimeOffset asOf) =>
        Run(file, meds, DrugResolver.Cached(vocabulary), asOf);

    internal static IEnumerable<MedicationFinding> Run(CaseFile file, IReadOnlyList<ReviewedMedication> meds, Func<CodedConcept, IReadOnlyList<IngredientMatch>> resolve, DateTimeOffset asOf)
    {
        var fills = file.Dispenses
            .Where(d => d.HandedOver is not null && d.HandedOver <= asOf && d.Status is null or "completed" or "in-progress")
            .Select(d => (Dispense: d, Key: MedicationList.DrugKey(new Medication(d.Source, d.Code), resolve(d.Code))))
            .ToList();
        foreach (var m in meds.Where(m => m.Current))
        {
            var key = MedicationList.DrugKey(m.Medication, m.Ingredients);
            var mine = fills.Where(f => f.Key == key || f.Dispense.Prescriptions.Any(p => m.Sources.Contains(p)))
                .Select(f => f.Dispense).OrderBy(d => d.HandedOver).ToList();
            if (mine.Count == 0)
            {
                continue;
            }
            if (Pdc(mine, m.Medication.End is { } e && e < asOf ? e : asOf) is { } r && r.Pdc < Threshold)
            {
                var pct = (int)Math.Round(r.Pdc * 100);
                var evidence = new List<string>
                {
                    $"{mine.Count} fill(s) from {Day(mine[0].HandedOver!.Value)}; {r.Covered} of {r.Days} days covered (PDC {pct}%, threshold {Threshold:P0}).",
                };
                if (r.LongestGap > 0)
                {
                    evidence.Add($"Longest gap without supply: {r.LongestGap} days, from {Day(r.GapStart)}.");
                }
                if (r.AssumedSupply > 0)
                {
                    evidence.Add($"{r.AssumedSupply} fill(s) state no days' supply: 30 days assumed.");
                }
                evidence.AddRange(mine.Select(d => $"Record: {d.Source} ({Day(d.HandedOver!.Value)}{(d.DaysSupply is { } s ? $", {s} days" : string.Empty)})"));
                yield return new MedicationFinding(FindingKind.Adherence, r.Pdc < 0.5 ? FindingSeverity.High : FindingSeverity.Moderate, [m.Label],
                    $"{m.Label}: proportion of days covered {pct}% (< {Threshold:P0}) — the drug may not have been taken as prescribed; a longest gap of {r.LongestGap} days.",
                    evidence, "case record: dispensing history") { Level = $"PDC {pct}%" };
            }
        }
    }

    public sealed record PdcResult(double Pdc, int Covered, int Days, int LongestGap, DateTimeOffset GapStart, int AssumedSupply);

    /// <summary>PDC over [first fill, end): fills shifted forward past supply already on hand.</summary>
    public static PdcResult? Pdc(IReadOnlyList<DispenseRecord> fills, DateTimeOffset end)
    {
        var ordered = fills.Where(f => f.HandedOver is not null).OrderBy(f => f.HandedOver).ToList();
        if (ordered.Count == 0)
        {
            return null;
        }
        var start = ordered[0].HandedOver!.Value.UtcDateTime.Date;
        var days = (int)(end.UtcDateTime.Date - start).TotalDays;
        if (days < MinimumDays)
        {
            return null;
        }
        var covered = new bool[days];
        var onHandUntil = 0;
        var assumed = 0;
        foreach (var f in ordered)
        {
            var supply = f.DaysSupply ?? 30;
            if (f.DaysSupply is null)
            {
                assumed++;
            }
            var from = Math.Max((int)(f.HandedOver!.Value.UtcDateTime.Date - start).TotalDays, onHandUntil);
            for (var d = from; d < Math.Min(from + supply, days); d++)
            {
                covered[d] = true;
            }
            onHandUntil = from + supply;
        }
        var count = covered.Count(c => c);
        int longest = 0, run = 0, gapStart = 0;
        for (var d = 0; d < days; d++)
        {
            run = covered[d] ? 0 : run + 1;
            if (run > longest)
            {
                longest = run;
                gapStart = d - run + 1;
            }
        }
        return new PdcResult((double)count / days, count, days, longest, new DateTimeOffset(start.AddDays(gapStart), TimeSpan.Zero), assumed);
    }

    private static string Day(DateTimeOffset d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
