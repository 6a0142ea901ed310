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
}
