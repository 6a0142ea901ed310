using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Review;

namespace Consilium.Medications.Tests;

/// <summary>Small case files for the review rules.</summary>
internal static class Cases
{
    public static DateTimeOffset AsOf { get; } = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A medication named like a product ("Simvastatin 20 MG Oral Tablet") with a product-level RxNorm code the knowledge does not know.</summary>
    public static Medication Med(string id, string display, string? rxcui = "999" , int startedDaysAgo = 120, MedicationStatus status = MedicationStatus.Active) =>
        new($"MedicationRequest/{id}", rxcui is null ? new CodedConcept([], display) : CodedConcept.Of(CodeSystems.RxNorm, rxcui, display))
        {
            Status = status,
            Start = AsOf.AddDays(-startedDaysAgo),
        };

    public static CaseFile With(params Medication[] meds) => new() { Medications = meds };

    public static MedicationReview Review(CaseFile file, MedicationKnowledge k, params (string Gene, string Value)[] genotypes) =>
        MedicationReviewer.Review(file, k, new MedicationReviewOptions(AsOf)
        {
            Genotypes = genotypes.Select((g, i) => new GenotypeResult(g.Gene, g.Value, $"test:{i + 1}")).ToList(),
        });
}
