using Consilium.Medications.Knowledge;

namespace Consilium.Medications.Review;

/// <summary>
/// The patient's CPIC phenotypes against the CPIC guideline of each current drug; where no result is on file for a
/// drug with a CPIC guideline or a level A/B gene–drug pair, says that testing could explain non-response or toxicity.
/// </summary>
public static class PharmacogenomicCheck
{
    private const string NoResult = "No Result";

    public static IEnumerable<MedicationFinding> Run(
        IReadOnlyList<ReviewedMedication> meds,
        IReadOnlyList<PhenotypeCall> calls,
        PgxKnowledge pgx,
        IReadOnlySet<string> failingTreatments)
    {
        var byGene = calls.Where(c => c.Interpreted).GroupBy(c => c.Gene, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.OrdinalIgnoreCase);
        foreach (var m in meds.Where(m => m.Current))
        {
            foreach (var ingredient in m.Ingredients)
            {
                var guideline = pgx.GuidelineFor(ingredient.Ingredient);
                var pairs = pgx.PairsFor(ingredient.Ingredient).Where(p => p.IsActionable).ToList();
                if (guideline is null && pairs.Count == 0)
                {
                    continue;
                }
                var genes = (guideline?.Genes ?? []).Concat(pairs.Select(p => p.Gene)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                var known = genes.Where(byGene.ContainsKey).ToList();
                var failing = failingTreatments.Contains(m.Medication.Source);
                if (guideline is not null && known.Count > 0)
                {
                    yield return Recommend(m, ingredient, guideline, byGene, pgx);
                }
                var missing = genes.Where(g => !byGene.ContainsKey(g)).ToList();
                if (known.Count == 0 && missing.Count > 0)
                {
                    yield return SuggestTesting(m, ingredient, guideline, pairs, missing, failing, pgx);
                }
            }
        }
    }

    private static MedicationFinding Recommend(ReviewedMedication m, IngredientMatch ingredient, CpicGuideline g, Dictionary<string, PhenotypeCall> byGene, PgxKnowledge pgx)
    {
        var calls = g.Genes.Where(byGene.ContainsKey).Select(x => byGene[x]).ToList();
        var evidence = new List<string> { $"{m.Label}: ingredient {ingredient.Ingredient}, matched by {ingredient.How}." };
        evidence.AddRange(calls.Select(c => $"{c.Describe()} (from {c.Source}; CPIC table {c.TableVersion ?? "n/a"})."));
        var source = string.Join("; ", new[] { pgx.RecommendationSource?.Citation, pgx.PhenotypeSource?.Citation }.OfType<string>());
        var phenotypes = string.Join(", ", calls.Select(c => $"{c.Gene} {c.Phenotype}"));
        if (g.Recommendations.Count == 0)
        {
            // Warfarin: CPIC gives a dosing algorithm, not a lookup; report the phenotypes and point to it.
            var notes = g.NotesOnUsage ?? "CPIC gives no lookup recommendation for this drug: read the guideline.";
            evidence.Add($"CPIC ({g.GuidelineName}): {notes}");
            if (g.Url is not null)
            {
                evidence.Add($"Guideline: {g.Url}");
            }
            var unusual = calls.Any(c => !IsNormal(c));
            return new MedicationFinding(FindingKind.Pharmacogenomic, unusual ? FindingSeverity.Moderate : FindingSeverity.Info, [m.Label],
                $"{m.Label} with {phenotypes}: CPIC dosing by algorithm — {notes}", evidence, source) { Level = "CPIC dosing algorithm" };
        }
        var rows = g.Recommendations.Where(r => Matches(r, byGene)).ToList();
        if (rows.Count == 0)
        {
            evidence.Add($"No CPIC recommendation row for this combination in {g.GuidelineName} (genes {string.Join(", ", g.Genes)}).");
            return new MedicationFinding(FindingKind.Pharmacogenomic, FindingSeverity.Info, [m.Label],
                $"{m.Label} with {phenotypes}: no CPIC recommendation for this result combination; genes in the guideline: {string.Join(", ", g.Genes)}.", evidence, source) { Level = "no matching row" };
        }
        var graded = rows.Select(r => (Row: r, Severity: Grade(r, g))).OrderBy(x => x.Severity).ThenBy(x => x.Row.Population, StringComparer.Ordinal).ToList();
        foreach (var (r, _) in graded)
        {
            var implications = string.Join("; ", r.Implications.Where(kv => kv.Value is not "n/a").Select(kv => $"{kv.Key}: {kv.Value}"));
            evidence.Add($"CPIC recommendation ({r.Classification}; population {r.Population}): {r.DrugRecommendation}" + (implications.Length > 0 ? $" Implications — {implications}." : string.Empty));
        }
        if (g.Url is not null)
        {
            evidence.Add($"Guideline: {g.GuidelineName}, {g.Url}");
        }
        var top = graded[0];
        var population = graded.Count > 1 ? $" ({top.Row.Population})" : string.Empty;
        return new MedicationFinding(FindingKind.Pharmacogenomic, top.Severity, [m.Label],
            $"{m.Label} with {phenotypes}: {top.Row.DrugRecommendation}{population} [CPIC: {top.Row.Classification}]", evidence, source)
        { Level = top.Row.Classification };
    }

    /// <summary>Every gene in the row's lookup key agrees with the patient's result ("No Result" where there is none).</summary>
    internal static bool Matches(CpicRecommendation r, Dictionary<string, PhenotypeCall> byGene) =>
        r.LookupKey.Count > 0
        && r.LookupKey.Any(kv => byGene.ContainsKey(kv.Key))
        && r.LookupKey.All(kv => byGene.TryGetValue(kv.Key, out var c)
            ? string.Equals(c.LookupKey, kv.Value, StringComparison.OrdinalIgnoreCase) || SameScore(c.LookupKey, kv.Value)
            : string.Equals(kv.Value, NoResult, StringComparison.OrdinalIgnoreCase));

    private static bool SameScore(string? a, string b) =>
        decimal.TryParse(a, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var x)
        && decimal.TryParse(b, System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var y)
        && x == y;

    /// <summary>
    /// A row that says the same as the guideline's all-normal row (same population) means "standard therapy": context only.
    /// Otherwise the CPIC classification sets the weight: Strong → high, Moderate → moderate, Optional → low.
    /// </summary>
    private static FindingSeverity Grade(CpicRecommendation r, CpicGuideline g)
    {
        var normal = g.Recommendations.Where(x => x.Population == r.Population && x.Phenotypes.Count > 0 && x.Phenotypes.Values.All(IsNormalPhenotype)).Select(x => x.DrugRecommendation).ToHashSet(StringComparer.Ordinal);
        var standard = normal.Count > 0 ? normal.Contains(r.DrugRecommendation) : r.Phenotypes.Values.All(IsNormalPhenotype);
        if (standard || r.Classification.StartsWith("No Rec", StringComparison.OrdinalIgnoreCase) || r.Classification == "n/a")
        {
            return FindingSeverity.Info;
        }
        return r.Classification.ToUpperInvariant() switch
        {
            "STRONG" => FindingSeverity.High,
            "MODERATE" => FindingSeverity.Moderate,
            _ => FindingSeverity.Low,
        };
    }

    private static bool IsNormalPhenotype(string p) =>
        p.StartsWith("Normal", StringComparison.OrdinalIgnoreCase) || p.EndsWith("negative", StringComparison.OrdinalIgnoreCase) || p.Equals("No Result", StringComparison.OrdinalIgnoreCase);

    private static bool IsNormal(PhenotypeCall c) => c.Phenotype is { } p && (IsNormalPhenotype(p) || p.Equals("-1639 GG", StringComparison.OrdinalIgnoreCase));

    private static MedicationFinding SuggestTesting(ReviewedMedication m, IngredientMatch ingredient, CpicGuideline? g, List<CpicPair> pairs, List<string> missing, bool failing, PgxKnowledge pgx)
    {
        var evidence = new List<string> { $"{m.Label}: ingredient {ingredient.Ingredient}, matched by {ingredient.How}." };
        if (g is not null)
        {
            evidence.Add($"CPIC guideline: {g.GuidelineName} ({g.Version}){(g.Url is null ? string.Empty : ", " + g.Url)}.");
        }
        evidence.AddRange(pairs.Select(p => $"CPIC level {p.Level} gene–drug pair: {p.Gene}–{p.Drug}."));
        evidence.Add($"No {string.Join(" or ", missing)} result in the case or the genotypes given.");
        if (failing)
        {
            evidence.Add($"{m.Label} is a treatment the records show is not working.");
        }
        var source = string.Join("; ", new[] { g is null ? null : pgx.RecommendationSource?.Citation, pairs.Count > 0 ? pgx.PairSource?.Citation : null }.OfType<string>());
        return new MedicationFinding(FindingKind.Pharmacogenomic, failing ? FindingSeverity.Moderate : FindingSeverity.Low, [m.Label],
            $"{m.Label}: no {string.Join("/", missing)} genotype on file; CPIC has a guideline for this drug — pharmacogenomic testing could explain non-response or toxicity.",
            evidence, source)
        { Level = "testing suggested" };
    }
}
