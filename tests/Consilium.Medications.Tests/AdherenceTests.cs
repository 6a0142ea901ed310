using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Review;
using FsCheck;
using FsCheck.Fluent;

namespace Consilium.Medications.Tests;

public sealed class AdherenceTests : IDisposable
{
    private readonly KnowledgeFiles _files = new();
    private readonly MedicationKnowledge _k;

    public AdherenceTests() => _k = _files.Load();

    public void Dispose() => _files.Dispose();

    private static DispenseRecord Fill(string id, string display, int daysAgo, int? supply = 30) =>
        new($"MedicationDispense/{id}", CodedConcept.Of(CodeSystems.RxNorm, "999", display))
        {
            Status = "completed",
            HandedOver = Cases.AsOf.AddDays(-daysAgo),
            DaysSupply = supply,
        };

    [Fact]
    public void GivenMonthlyFillsWithoutGaps_WhenReviewed_ThenNoAdherenceGap()
    {
        var fills = Enumerable.Range(0, 6).Select(i => Fill($"{i}", "Simvastatin 20 MG Oral Tablet", 180 - i * 30)).ToList();
        var file = Cases.With(Cases.Med("1", "Simvastatin 20 MG Oral Tablet", startedDaysAgo: 180)) with { Dispenses = fills };
        var review = Cases.Review(file, _k);
        Assert.DoesNotContain(review.Findings, f => f.Kind == FindingKind.Adherence);
        Assert.Empty(review.AdherenceQuestions);
    }

    [Fact]
    public void GivenThreeFillsInSixMonths_WhenReviewed_ThenPdcBelow80PercentIsFlaggedWithTheLongestGap()
    {
        var fills = new[] { Fill("a", "Simvastatin 20 MG Oral Tablet", 180), Fill("b", "Simvastatin 20 MG Oral Tablet", 150), Fill("c", "simvastatin 20 MG", 60) };
        var file = Cases.With(Cases.Med("1", "Simvastatin 20 MG Oral Tablet", startedDaysAgo: 180)) with { Dispenses = fills };
        var f = Assert.Single(Cases.Review(file, _k).Findings, f => f.Kind == FindingKind.Adherence);
        Assert.Equal("PDC 50%", f.Level);
        Assert.Equal(FindingSeverity.Moderate, f.Severity);
        Assert.Contains("longest gap of 60 days", f.Summary, StringComparison.Ordinal);
        Assert.Contains(f.Evidence, e => e.Contains("90 of 180 days covered", StringComparison.Ordinal));
        Assert.Contains(f.Evidence, e => e.Contains("MedicationDispense/c", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenEarlyRefills_WhenPdcComputed_ThenSupplyIsShiftedForwardNotDoubleCounted()
    {
        // Two 30-day fills on the same day, then nothing: 60 of 90 days.
        var fills = new[] { Fill("a", "x", 90), Fill("b", "x", 90) };
        var r = AdherenceCheck.Pdc(fills, Cases.AsOf)!;
        Assert.Equal(60, r.Covered);
        Assert.Equal(90, r.Days);
    }

    [Fact]
    public void GivenFillWithoutDaysSupply_WhenPdcComputed_ThenThirtyDaysAssumedAndSaid()
    {
        var r = AdherenceCheck.Pdc([Fill("a", "x", 60, supply: null)], Cases.AsOf)!;
        Assert.Equal(30, r.Covered);
        Assert.Equal(1, r.AssumedSupply);
    }

    [Fact]
    public void GivenPeriodShorterThanThirtyDays_WhenPdcComputed_ThenNotJudged() =>
        Assert.Null(AdherenceCheck.Pdc([Fill("a", "x", 10)], Cases.AsOf));

    [Fact]
    public void GivenNoDispensingHistory_WhenReviewed_ThenAdherenceQuestionsForTheExpert()
    {
        var review = Cases.Review(Cases.With(Cases.Med("1", "Simvastatin 20 MG Oral Tablet")), _k);
        Assert.NotEmpty(review.AdherenceQuestions);
        var f = Assert.Single(review.Findings, f => f.Kind == FindingKind.Adherence);
        Assert.Equal(FindingSeverity.Info, f.Severity);
        Assert.Equal(AdherenceCheck.Questions, f.Evidence);
    }

    [FsCheck.Xunit.Property(MaxTest = 200)]
    public bool GivenAnyFills_WhenPdcComputed_ThenBetweenZeroAndOneAndCoveredNeverExceedsSupplied(int[] daysAgo, byte supply)
    {
        var fills = (daysAgo ?? []).Select((d, i) => Fill($"{i}", "x", Math.Abs(d % 400), supply % 91 + 1)).ToList();
        var r = AdherenceCheck.Pdc(fills, Cases.AsOf);
        return r is null || (r.Pdc >= 0 && r.Pdc <= 1 && r.Covered <= fills.Count * (supply % 91 + 1) && r.LongestGap <= r.Days);
    }
}
