using Consilium.Trials.Eligibility;
using Consilium.Trials.Registry;

namespace Consilium.Trials.Matching;

/// <summary>A criterion with the statements recognised in it, ready to evaluate for any patient.</summary>
public sealed record ReadCriterion(Criterion Criterion, IReadOnlyList<Requirement> Requirements)
{
    /// <summary>The text's hash, computed once when the trial is prepared (matching looks criteria up by text).</summary>
    internal int TextHash { get; } = StringComparer.Ordinal.GetHashCode(Criterion.Text);
}

/// <summary>A criterion text as a dictionary key whose hash was computed in advance.</summary>
internal readonly record struct CriterionTextKey(int Hash, string Text)
{
    public bool Equals(CriterionTextKey other) => Hash == other.Hash && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public override int GetHashCode() => Hash;
}

/// <summary>
/// A trial with its criteria split and recognised and its conditions read as cancer concepts, done once per record
/// (matching a patient then only evaluates). The registry's structured age and sex come first, as inclusion criteria.
/// </summary>
public sealed record PreparedTrial(TrialRecord Record, IReadOnlyList<ReadCriterion> Criteria, IReadOnlyDictionary<string, string> ConditionConcepts)
{
    public static PreparedTrial Prepare(TrialRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var criteria = new List<ReadCriterion>();
        if (record.MinimumAgeYears is not null || record.MaximumAgeYears is not null)
        {
            var text = (record.MinimumAgeYears, record.MaximumAgeYears) switch
            {
                ({ } min, { } max) => $"Age {min} to {max} years (registry field)",
                ({ } min, null) => $"Age {min} years or older (registry field)",
                (null, { } max) => $"Age up to {max} years (registry field)",
                _ => string.Empty,
            };
            criteria.Add(new ReadCriterion(new Criterion(CriterionKind.Inclusion, text, -1, 0), [new AgeRequirement(record.MinimumAgeYears, record.MaximumAgeYears)]));
        }
        if (record.Sex != TrialSex.All)
        {
            criteria.Add(new ReadCriterion(new Criterion(CriterionKind.Inclusion, $"Sex: {record.Sex.ToString().ToLowerInvariant()} (registry field)", -1, 0), [new SexRequirement(record.Sex)]));
        }
        criteria.AddRange(CriteriaSplitter.Split(record.EligibilityText).Select(c => new ReadCriterion(c, CriterionRecognizer.Recognize(c.Text))));

        var concepts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var term in record.Conditions.Concat(record.ConditionMeshTerms).Concat(record.Keywords).Append(record.Title))
        {
            foreach (var id in CancerVocabulary.Find(term))
            {
                concepts.TryAdd(id, term);
            }
        }
        return new PreparedTrial(record, criteria, concepts);
    }
}
