using Consilium.Domain.Cases;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Review;

namespace Consilium.Medications.Tests;

public sealed class RankingTests : IDisposable
{
    private readonly KnowledgeFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void GivenFindingsOfEveryWeight_WhenReviewed_ThenMostImportantFirst()
    {
        var k = _files.Load();
        var file = Cases.With(
            Cases.Med("1", "Simvastatin 20 MG Oral Tablet"),
            Cases.Med("2", "Clarithromycin 500 MG Oral Tablet"),
            Cases.Med("3", "Metoprolol 50 MG"),
            Cases.Med("4", "Amlodipine 5 MG"),
            Cases.Med("5", "Clopidogrel 75 MG Oral Tablet"));
        var review = Cases.Review(file, k, ("CYP2C19", "*2/*2"));
        var severities = review.Findings.Select(f => f.Severity).ToList();
        Assert.Equal(severities.Order().ToList(), severities);
        Assert.Equal(FindingKind.Pharmacogenomic, review.Findings[0].Kind);
        Assert.Equal(FindingKind.Interaction, review.Findings[1].Kind);
        Assert.Equal(FindingSeverity.Info, review.Findings[^1].Severity);
    }

    [Fact]
    public void GivenTheSameCase_WhenReviewedTwice_ThenTheSameReview()
    {
        var k = _files.Load();
        var file = Cases.With(Cases.Med("1", "Simvastatin 20 MG"), Cases.Med("2", "Clarithromycin 500 MG"), Cases.Med("3", "Clopidogrel 75 MG"));
        var a = Cases.Review(file, k).Findings.Select(f => f.Summary);
        var b = Cases.Review(file, k).Findings.Select(f => f.Summary);
        Assert.Equal(a, b);
    }

    [FsCheck.Xunit.Property(MaxTest = 40)]
    public bool GivenTheSameMedicationsInAnyOrder_WhenReviewed_ThenTheSameRankedFindings(int seed)
    {
        var k = SharedKnowledge.Value;
        Medication[] meds =
        [
            Cases.Med("1", "Simvastatin 20 MG Oral Tablet"), Cases.Med("2", "Clarithromycin 500 MG Oral Tablet"),
            Cases.Med("3", "Metoprolol 50 MG"), Cases.Med("4", "Amlodipine 5 MG"), Cases.Med("5", "Clopidogrel 75 MG Oral Tablet"),
            Cases.Med("6", "Omeprazole 20 MG"), Cases.Med("7", "Lisinopril 10 MG"), Cases.Med("8", "Aspirin 81 MG"),
        ];
        var shuffled = meds.ToArray();
        new Random(seed).Shuffle(shuffled);
        string[] Findings(Medication[] m) => Cases.Review(Cases.With(m), k, ("CYP2C19", "*2/*2")).Findings.Select(f => $"{f.Severity}|{f.Kind}|{string.Join("+", f.Drugs)}|{f.Level}").ToArray();
        return Findings(meds).SequenceEqual(Findings(shuffled));
    }

    /// <summary>Knowledge files written once for the property (their directory is removed at process exit).</summary>
    private static readonly Lazy<MedicationKnowledge> SharedKnowledge = new(() =>
    {
        var files = new KnowledgeFiles();
        var k = files.Load();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => files.Dispose();
        return k;
    });
}
