using System.Net;
using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Web.Features.Intake;
using Consilium.Web.Features.Outcomes;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Outcomes;

/// <summary>The outcomes dashboard: figures from stored opinions against a hand count, and the page, charts and CSV for the right roles.</summary>
[Collection(PlatformCollection.Name)]
public sealed class OutcomeDashboardTests(Platform platform) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("consilium-outcomes-").FullName;

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A delivered case: submitted at T0, signed <paramref name="days"/> later, with one opinion (and an older superseded one when <paramref name="amended"/>).</summary>
    private static async Task DeliveredAsync(ConsiliumDatabase db, IntakeForm form, DiagnosisAgreement d, TreatmentAgreement p, double days, bool amended = false)
    {
        var c = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), T0), "patient", T0);
        IntakeSubmission.Send(c, "patient", T0);
        await db.Cases.AddAsync(c);
        var opinion = new Opinion(Guid.NewGuid(), c.Id, "expert");
        var first = new OpinionContent(amended ? DiagnosisAgreement.Confirmed : d, d is DiagnosisAgreement.Refined or DiagnosisAgreement.Changed ? "X" : null, amended ? TreatmentAgreement.Agree : p, "Plan.", null, "Answer.", null);
        opinion.SaveDraft(first);
        opinion.Sign("expert", T0.AddDays(days));
        if (amended)
        {
            opinion.Amend(first with { DiagnosisAgreement = d, RecommendedDiagnosis = "X", TreatmentAgreement = p }, "pathology arrived", "expert", T0.AddDays(days + 5));
        }
        await db.Opinions.SaveAsync(opinion);
    }

    private static IntakeForm Form(string situation) => new()
    {
        Situations = { situation }, BirthDate = new DateOnly(1960, 1, 1), Sex = AdministrativeSex.Female, Country = "GB",
        Diagnosis = situation == SituationCode.Cancer ? "Breast cancer" : "Osteoarthritis of the knee", ProposedTreatment = "Knee replacement",
        TreatmentIsSurgery = situation == SituationCode.SurgeryPlanned, Question = "Is it right?", Consent = true,
    };

    [Fact]
    public async Task GivenHandCountedStoredOpinions_WhenTheFiguresAreComputed_ThenEveryCountMatches()
    {
        await using var db = await ConsiliumDatabase.OpenAsync(StorageOptions.ForDataDirectory(_dir));
        // Cancer (expedited or standard, as triaged): confirmed/agree at 2.5 d; refined/modified at 4.2 d; changed/disagree amended later (counts by the current version).
        await DeliveredAsync(db, Form(SituationCode.Cancer), DiagnosisAgreement.Confirmed, TreatmentAgreement.Agree, 2.5);
        await DeliveredAsync(db, Form(SituationCode.Cancer), DiagnosisAgreement.Refined, TreatmentAgreement.Modified, 4.2);
        await DeliveredAsync(db, Form(SituationCode.Cancer), DiagnosisAgreement.Changed, TreatmentAgreement.Disagree, 1.1, amended: true);
        // Surgery planned: confirmed/modified at 20 d (late against any commitment); confirmed/agree at 0.5 d.
        await DeliveredAsync(db, Form(SituationCode.SurgeryPlanned), DiagnosisAgreement.Confirmed, TreatmentAgreement.Modified, 20);
        await DeliveredAsync(db, Form(SituationCode.SurgeryPlanned), DiagnosisAgreement.Confirmed, TreatmentAgreement.Agree, 0.5);
        var options = new WebOptions();

        var outcomes = await OutcomeData.LoadAsync(db, options);
        var f = OutcomeFigures.Compute(outcomes);

        Assert.Equal(new ConcordanceRow("all", 5, 3, 1, 1, 0, 2, 2, 1, 0), f.All);
        var cancer = Assert.Single(f.BySituation, r => r.Group == SituationCode.Cancer);
        Assert.Equal(new ConcordanceRow(SituationCode.Cancer, 3, 1, 1, 1, 0, 1, 1, 1, 0), cancer);
        var surgery = Assert.Single(f.BySituation, r => r.Group == SituationCode.SurgeryPlanned);
        Assert.Equal(new ConcordanceRow(SituationCode.SurgeryPlanned, 2, 2, 0, 0, 0, 1, 1, 0, 0), surgery);
        // Turnaround counts from submission to the FIRST signature: 0.5, 1.1, 2.5, 4.2, 20 days.
        Assert.Equal([1, 1, 1, 0, 1], f.Turnaround.Take(5).Select(b => b.Opinions));
        Assert.Equal(1, f.Turnaround[20].Opinions);
        Assert.Equal(2.5, f.MedianTurnaroundDays, 9);
        var late = outcomes.Count(o => o.TurnaroundDays > o.CommittedDays);
        Assert.Equal(outcomes.Count - late, f.WithinCommitment);
        Assert.Contains(outcomes, o => o.TurnaroundDays == 20 && !o.WithinCommitment);
        var csv = OutcomeData.Csv(f).Split('\n');
        Assert.StartsWith("all,all,5,3,1,1,0,2,2,1,0,0.400,0.600", csv[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/outcomes")]
    [InlineData("/outcomes/diagnosis-by-situation.svg")]
    [InlineData("/outcomes/turnaround.svg")]
    [InlineData("/outcomes/outcomes.csv")]
    public async Task GivenACoordinatorOrAnAdmin_WhenTheDashboardIsOpened_ThenItShowsAndOthersAreRefused(string path)
    {
        foreach (var account in new[] { platform.Coordinator, platform.Admin })
        {
            using var session = platform.NewSession();
            await session.SignInAsync(account);
            using var response = await session.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{account} {path}: {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(path.EndsWith(".svg", StringComparison.Ordinal) ? body.Contains("<svg", StringComparison.Ordinal) : path.EndsWith(".csv", StringComparison.Ordinal) ? body.StartsWith("group_kind,", StringComparison.Ordinal) : body.Contains("Imaging re-reads (RADPEER)", StringComparison.Ordinal), body[..Math.Min(200, body.Length)]);
        }
        foreach (var account in new[] { platform.PatientA, platform.ExpertA })
        {
            using var session = platform.NewSession();
            await session.SignInAsync(account);
            using var response = await session.GetAsync(path);
            Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task GivenStoredImagingRereads_WhenTheDashboardIsOpened_ThenTheRadpeerTableCountsThem()
    {
        var stored = await platform.Database.Imaging.RadpeerDistributionAsync();
        Assert.True(stored.Values.Sum() > 0, "the test platform files a re-read");
        using var session = platform.NewSession();
        await session.SignInAsync(platform.Coordinator);

        var page = await session.GetPageAsync("/outcomes");

        Assert.Contains("<table data-testid=\"radpeer\">", page, StringComparison.Ordinal);
        foreach (var (score, count) in stored.Where(s => s.Value > 0))
        {
            Assert.Contains($"<tr><td>{Consilium.Domain.Imaging.Radpeer.Code(score)}</td><td>{count}</td></tr>", page, StringComparison.Ordinal);
        }
    }
}
