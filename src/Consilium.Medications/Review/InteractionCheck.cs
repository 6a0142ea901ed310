using Consilium.Medications.Knowledge;

namespace Consilium.Medications.Review;

/// <summary>Every pair of current medications against the interaction rules (drug–drug, drug–class, class–class) and the ONC lists.</summary>
public static class InteractionCheck
{
    public static IEnumerable<MedicationFinding> Run(IReadOnlyList<ReviewedMedication> meds, InteractionKnowledge k)
    {
        var current = meds.Where(m => m.Current && m.Ingredients.Count > 0).ToList();
        var keys = current.Select(Keys).ToList();
        for (var a = 0; a < current.Count; a++)
        {
            for (var b = a + 1; b < current.Count; b++)
            {
                if (Pair(current[a], keys[a], current[b], keys[b], k) is { } finding)
                {
                    yield return finding;
                }
            }
        }
    }

    /// <summary>The rule keys a medication answers to, each with how it got there.</summary>
    private static Dictionary<string, string> Keys(ReviewedMedication m)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in m.Ingredients)
        {
            d.TryAdd("d:" + i.Ingredient, $"{m.Label}: ingredient {i.Ingredient}, matched by {i.How}");
        }
        foreach (var c in m.Classes)
        {
            d.TryAdd("c:" + c.Class, $"{m.Label}: ingredient {c.Ingredient} is in the class \"{c.Class}\"");
        }
        return d;
    }

    private static MedicationFinding? Pair(ReviewedMedication ma, Dictionary<string, string> ka, ReviewedMedication mb, Dictionary<string, string> kb, InteractionKnowledge k)
    {
        if (ma.Ingredients.Any(x => mb.Ingredients.Any(y => y.Ingredient == x.Ingredient)))
        {
            return null;
        }
        var hits = new List<(InteractionRule Rule, string ViaA, string ViaB)>();
        foreach (var (key, via) in ka)
        {
            foreach (var (rule, other) in k.RulesFor(key))
            {
                if (kb.TryGetValue(other.Key, out var viaB) && !hits.Exists(h => h.Rule.Id == rule.Id))
                {
                    hits.Add((rule, via, viaB));
                }
            }
        }
        InteractionPair? high = null, low = null;
        foreach (var x in ma.Ingredients)
        {
            foreach (var y in mb.Ingredients)
            {
                high ??= k.HighPriority(x.Ingredient, y.Ingredient);
                low ??= k.NonInterruptive(x.Ingredient, y.Ingredient);
            }
        }
        if (hits.Count == 0 && high is null && low is null)
        {
            return null;
        }
        var drugs = new[] { ma.Label, mb.Label };
        var evidence = new List<string>();
        var sources = new List<string>();
        hits = hits.OrderBy(h => h.Rule.Severity).ThenBy(h => h.Rule.Id).ToList();
        foreach (var (rule, viaA, viaB) in hits)
        {
            var management = rule.Management is null ? string.Empty : $" Management: {rule.Management}";
            evidence.Add($"{InteractionKnowledge.Describe(rule.Severity)} — rule {rule.Id} ({KindText(rule.Kind)}: {rule.First.Label} + {rule.Second.Label}): {rule.Description.TrimEnd('.')}.{management}");
            evidence.Add($"Matched: {viaA}; {viaB}.");
        }
        if (hits.Count > 0 && k.Thesaurus is not null)
        {
            sources.Add(k.Thesaurus.Citation);
        }
        if (high is not null)
        {
            evidence.Add($"ONC high-priority pair: {high.DrugA} + {high.DrugB} (should always alert).");
            sources.Add(k.HighPrioritySource?.Citation ?? OncName(true));
        }
        if (low is not null)
        {
            var groups = low.GroupA is null ? string.Empty : $" ({low.GroupA} + {low.GroupB})";
            evidence.Add($"ONC non-interruptive pair{groups}: low priority, should not interrupt.");
            sources.Add(k.NonInterruptiveSource?.Citation ?? OncName(false));
        }
        evidence.AddRange(ma.Sources.Concat(mb.Sources).Select(s => $"Record: {s}"));

        string summary;
        FindingSeverity severity;
        string level;
        if (hits.Count > 0)
        {
            var top = hits[0].Rule;
            level = InteractionKnowledge.Describe(top.Severity);
            severity = top.Severity switch
            {
                InteractionSeverity.Contraindicated or InteractionSeverity.NotRecommended => FindingSeverity.High,
                InteractionSeverity.PrecautionForUse => FindingSeverity.Moderate,
                _ => FindingSeverity.Low,
            };
            if (high is not null)
            {
                severity = FindingSeverity.High;
            }
            else if (low is not null && severity == FindingSeverity.Moderate)
            {
                severity = FindingSeverity.Low;
            }
            var management = top.Management is null ? string.Empty : $" {top.Management}";
            var onc = high is not null ? "; ONC high-priority pair" : low is not null ? "; ONC non-interruptive pair, low priority" : string.Empty;
            summary = $"{level}{onc}: {ma.Label} + {mb.Label}. {top.Description.TrimEnd('.')}.{management}";
        }
        else if (high is not null)
        {
            level = "ONC high priority";
            severity = FindingSeverity.High;
            summary = $"High-priority interaction (ONC list): {ma.Label} + {mb.Label}. No mechanism or management text in the source: check a current reference.";
        }
        else
        {
            level = "ONC non-interruptive";
            severity = FindingSeverity.Low;
            summary = $"Low-priority interaction (ONC non-interruptive list): {ma.Label} + {mb.Label}.";
        }
        return new MedicationFinding(FindingKind.Interaction, severity, drugs, summary, evidence, string.Join("; ", sources)) { Level = level };
    }

    private static string OncName(bool high) => high ? "ONC high-priority list" : "ONC non-interruptive list";

    private static string KindText(InteractionRuleKind kind) => kind switch
    {
        InteractionRuleKind.DrugDrug => "drug–drug",
        InteractionRuleKind.DrugClass => "drug–class",
        _ => "class–class",
    };
}
