using Consilium.Domain.Cases;
using Consilium.Medications.Knowledge;

namespace Consilium.Medications.Review;

/// <summary>What a review needs besides the case: the date it is as of, and genotypes entered by the expert.</summary>
public sealed record MedicationReviewOptions(DateTimeOffset AsOf)
{
    /// <summary>Genotypes given outside the record (the expert's entry, a genotypes file); used with the case's genotype Observations.</summary>
    public IReadOnlyList<GenotypeResult> Genotypes { get; init; } = [];
}

/// <summary>
/// Reviews a case's medications for why treatment may not be working: interactions, pharmacogenomics, adherence,
/// and treatment duration against response. Pure and deterministic: same case, knowledge and options, same review.
/// </summary>
public static class MedicationReviewer
{
    public static MedicationReview Review(CaseFile file, MedicationKnowledge knowledge, MedicationReviewOptions options)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(options);
        var asOf = options.AsOf;
        var resolve = DrugResolver.Cached(knowledge.Vocabulary);
        var meds = MedicationList.From(file, knowledge.Vocabulary, asOf, resolve);

        var genotypes = options.Genotypes.Concat(Genotypes.FromCase(file, knowledge.Pharmacogenomics.Genes.Select(g => g.Gene)));
        // The expert's entry wins over the record for the same gene (it comes first).
        var calls = genotypes.Select(g => Genotypes.Interpret(g, knowledge.Pharmacogenomics))
            .GroupBy(c => c.Gene, StringComparer.OrdinalIgnoreCase)
            .Select(g => g.FirstOrDefault(c => c.Interpreted) ?? g.First())
            .ToList();

        var failing = new HashSet<string>(StringComparer.Ordinal);
        var findings = new List<MedicationFinding>();
        findings.AddRange(DurationCheck.Run(file, meds, asOf, failing));
        findings.AddRange(InteractionCheck.Run(meds, knowledge.Interactions));
        findings.AddRange(PharmacogenomicCheck.Run(meds, calls, knowledge.Pharmacogenomics, failing));
        foreach (var c in calls.Where(c => !c.Interpreted))
        {
            findings.Add(new MedicationFinding(FindingKind.Pharmacogenomic, FindingSeverity.Info, [],
                $"Genotype {c.Gene} {c.Input} could not be interpreted: not in the CPIC phenotype table.",
                [$"From {c.Source}."], knowledge.Pharmacogenomics.PhenotypeSource?.Citation ?? "no CPIC phenotype tables loaded") { Level = "not interpreted" });
        }
        findings.AddRange(AdherenceCheck.Run(file, meds, resolve, asOf));
        var questions = file.Dispenses.Count == 0 && meds.Any(m => m.Current) ? AdherenceCheck.Questions : [];
        if (questions.Count > 0)
        {
            findings.Add(new MedicationFinding(FindingKind.Adherence, FindingSeverity.Info, meds.Where(m => m.Current).Select(m => m.Label).ToList(),
                "No dispensing history in the records: adherence cannot be measured; ask the patient.",
                questions, "case record") { Level = "no dispensing history" });
        }
        return new MedicationReview(asOf, meds, calls, Rank(findings), questions, knowledge.Sources);
    }

    /// <summary>Most important first: severity, then pharmacogenomics, interactions, adherence, duration; then by drug.</summary>
    public static IReadOnlyList<MedicationFinding> Rank(IEnumerable<MedicationFinding> findings) =>
        findings.OrderBy(f => f.Severity)
            .ThenBy(f => f.Kind switch
            {
                FindingKind.Pharmacogenomic => 0,
                FindingKind.Interaction => 1,
                FindingKind.Adherence => 2,
                _ => 3,
            })
            .ThenBy(f => string.Join("|", f.Drugs), StringComparer.OrdinalIgnoreCase)
            .ThenBy(f => f.Summary, StringComparer.Ordinal)
            .ToList();
}
