using Consilium.Domain.Cases;
using Consilium.Medications.Knowledge;

namespace Consilium.Medications.Review;

/// <summary>The medications a review works on: current and recently stopped, records of the same drug merged.</summary>
public static class MedicationList
{
    /// <summary>A drug stopped this recently still counts (its effects and interactions linger, and it may be what failed).</summary>
    public static TimeSpan RecentWindow { get; } = TimeSpan.FromDays(90);

    public static IReadOnlyList<ReviewedMedication> From(CaseFile file, DrugVocabulary vocabulary, DateTimeOffset asOf) =>
        From(file, vocabulary, asOf, DrugResolver.Cached(vocabulary));

    internal static IReadOnlyList<ReviewedMedication> From(CaseFile file, DrugVocabulary vocabulary, DateTimeOffset asOf, Func<Domain.Clinical.CodedConcept, IReadOnlyList<IngredientMatch>> resolve)
    {
        var candidates = new List<(Medication Med, bool Current, IReadOnlyList<IngredientMatch> Ingredients)>();
        foreach (var m in file.Medications)
        {
            if (m.Status is MedicationStatus.EnteredInError or MedicationStatus.Draft || m.Start > asOf)
            {
                continue;
            }
            var ended = m.End is { } end && end < asOf;
            var current = m.Status switch
            {
                MedicationStatus.Active or MedicationStatus.OnHold or MedicationStatus.Unknown => !ended,
                _ => false,
            };
            var recent = !current && (m.End ?? m.Start) is { } last && asOf - last <= RecentWindow;
            if (current || recent || m.Status == MedicationStatus.Active)
            {
                candidates.Add((m, current, resolve(m.Code)));
            }
        }
        var all = file.Medications.Where(m => m.Status is not (MedicationStatus.EnteredInError or MedicationStatus.Draft))
            .Select(m => (Med: m, Key: DrugKey(m, resolve(m.Code)))).ToList();
        var list = new List<ReviewedMedication>();
        foreach (var group in candidates.GroupBy(c => DrugKey(c.Med, c.Ingredients), StringComparer.Ordinal))
        {
            var best = group.OrderByDescending(c => c.Current).ThenByDescending(c => c.Med.Start ?? DateTimeOffset.MinValue).First();
            var key = group.Key;
            // Every record of the same drug (earlier prescriptions too) counts for how long it has been taken.
            var same = all.Where(x => x.Key == key).Select(x => x.Med).ToList();
            var first = same.Select(m => m.Start).Where(s => s is not null).Min();
            var classes = best.Ingredients
                .SelectMany(i => vocabulary.ClassesOf(i.Ingredient).Select(c => new ClassMatch(c.Name, i.Ingredient)))
                .DistinctBy(c => c.Class)
                .ToList();
            var reasons = same.SelectMany(m => m.ReasonReferences)
                .Select(r => file.Conditions.FirstOrDefault(c => c.Source == r)?.Code.Label ?? r)
                .Concat(same.SelectMany(m => m.ReasonCodes).Select(c => c.Label))
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            list.Add(new ReviewedMedication(best.Med, best.Current, first, same.Select(m => m.Source).Distinct().ToList(), best.Ingredients, classes) { Reasons = reasons });
        }
        return list.OrderByDescending(m => m.Current).ThenBy(m => m.Label, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Same ingredients (or, unmatched, the same code or label) = same drug.</summary>
    internal static string DrugKey(Medication m, IReadOnlyList<IngredientMatch> ingredients) =>
        ingredients.Count > 0
            ? "i:" + string.Join('+', ingredients.Select(i => i.Ingredient).Order(StringComparer.Ordinal))
            : "c:" + (m.Code.Codings.FirstOrDefault() is { } c ? c.System + "|" + c.Code : DrugNames.Normalize(m.Code.Label));
}
