using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Tests.Opinions;

public class OutcomeFiguresTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static OpinionOutcome O(string[] situations, string[] specialties, DiagnosisAgreement d, TreatmentAgreement p, double days, double committed = 14) =>
        new(Guid.NewGuid(), situations, specialties, d, p, T0, T0.AddDays(days), committed);

    /// <summary>Six opinions, counted by hand below.</summary>
    public static IReadOnlyList<OpinionOutcome> Fixture { get; } =
    [
        O([SituationCode.Cancer], ["oncology"], DiagnosisAgreement.Confirmed, TreatmentAgreement.Agree, 3.5),
        O([SituationCode.Cancer, SituationCode.SurgeryPlanned], ["oncology", "surgery"], DiagnosisAgreement.Refined, TreatmentAgreement.Modified, 6.2),
        O([SituationCode.SurgeryPlanned], ["surgery"], DiagnosisAgreement.Confirmed, TreatmentAgreement.Disagree, 16, 14),
        O([SituationCode.SymptomsUnexplained], ["neurology"], DiagnosisAgreement.Changed, TreatmentAgreement.Disagree, 3.9),
        O([SituationCode.TreatmentNotWorking], ["rheumatology"], DiagnosisAgreement.Confirmed, TreatmentAgreement.Modified, 1.2, 2),
        O([SituationCode.Cancer], ["oncology"], DiagnosisAgreement.UnableToDetermine, TreatmentAgreement.UnableToDetermine, 2.5, 2),
    ];

    [Fact]
    public void GivenTheHandCountedFixture_WhenComputed_ThenEveryFigureMatches()
    {
        var f = OutcomeFigures.Compute(Fixture);

        Assert.Equal(new ConcordanceRow("all", 6, 3, 1, 1, 1, 1, 2, 2, 1), f.All);
        Assert.Equal(
        [
            new ConcordanceRow(SituationCode.SurgeryPlanned, 2, 1, 1, 0, 0, 0, 1, 1, 0),
            new ConcordanceRow(SituationCode.Cancer, 3, 1, 1, 0, 1, 1, 1, 0, 1),
            new ConcordanceRow(SituationCode.SymptomsUnexplained, 1, 0, 0, 1, 0, 0, 0, 1, 0),
            new ConcordanceRow(SituationCode.TreatmentNotWorking, 1, 1, 0, 0, 0, 0, 1, 0, 0),
        ], f.BySituation);
        Assert.Equal(["neurology", "oncology", "rheumatology", "surgery"], f.BySpecialty.Select(r => r.Group));
        Assert.Equal(new ConcordanceRow("oncology", 3, 1, 1, 0, 1, 1, 1, 0, 1), f.BySpecialty[1]);
        // Turnarounds 1.2, 2.5, 3.5, 3.9, 6.2, 16 days: bins [1,2) 1, [2,3) 1, [3,4) 2, [6,7) 1, [16,17) 1.
        Assert.Equal(17, f.Turnaround.Count);
        Assert.Equal([0, 1, 1, 2, 0, 0, 1], f.Turnaround.Take(7).Select(b => b.Opinions));
        Assert.Equal(1, f.Turnaround[16].Opinions);
        Assert.Equal(6, f.Turnaround.Sum(b => b.Opinions));
        // Late: 16 > 14 and 2.5 > 2.
        Assert.Equal(4, f.WithinCommitment);
        Assert.Equal((3.5 + 3.9) / 2, f.MedianTurnaroundDays, 9);
        Assert.Null(f.Radpeer);
    }

    [Fact]
    public void GivenReReadScores_WhenComputed_ThenTheRadpeerDistributionIsCounted()
    {
        var f = OutcomeFigures.Compute([], ["1", "2a", "1", "3b"]);

        Assert.Equal([new RadpeerCount("1", 2), new RadpeerCount("2a", 1), new RadpeerCount("3b", 1)], f.Radpeer);
        Assert.Empty(f.Turnaround);
    }

    [Fact]
    public void GivenTheFollowUpWindow_WhenAskedOnTheLastDayOrAfter_ThenOpenThenClosed()
    {
        var policy = new FollowUpPolicy();

        Assert.True(policy.IsOpen(T0, T0.AddDays(29.9)));
        Assert.False(policy.IsOpen(T0, T0.AddDays(30)));
        Assert.False(new FollowUpPolicy(7).IsOpen(T0, T0.AddDays(8)));
    }
}
