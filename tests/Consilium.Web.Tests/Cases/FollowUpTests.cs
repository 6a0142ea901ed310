using System.Globalization;
using System.Net;
using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Storage.Audit;
using Consilium.Web.Features.Intake;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Cases;

/// <summary>After delivery: follow-up questions within the window, a consult slot offered and booked, the case to FollowUp and Closed.</summary>
[Collection(PlatformCollection.Name)]
public sealed class FollowUpTests(Platform platform)
{
    private async Task<Guid> DeliveredAsync(TimeSpan ago)
    {
        var at = DateTimeOffset.UtcNow - ago;
        var form = new IntakeForm
        {
            SurgeryPlanned = true, BirthDate = new DateOnly(1970, 1, 1), Sex = AdministrativeSex.Female, Country = "GB", Diagnosis = "Gallstones",
            ProposedTreatment = "Cholecystectomy", TreatmentIsSurgery = true, Question = "Do I need surgery?", Consent = true,
        };
        var c = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), at), "patient B", at, platform.PatientB.Id);
        IntakeSubmission.Send(c, "patient B", at);
        c.AssignExpert(platform.ExpertB.Id, "coordinator", at, "test");
        c.MoveTo(CaseStatus.InReview, "expert B", at, "review");
        var opinion = new Opinion(Guid.NewGuid(), c.Id, platform.ExpertB.Id);
        opinion.SaveDraft(new OpinionContent(DiagnosisAgreement.Confirmed, null, TreatmentAgreement.Agree, "Laparoscopic cholecystectomy.", null, "Yes.", null));
        opinion.Sign(platform.ExpertB.Id, at);
        c.MoveTo(CaseStatus.OpinionDelivered, "expert B", at, "signed");
        await platform.Database.Cases.AddAsync(c);
        await platform.Database.Opinions.SaveAsync(opinion);
        return c.Id;
    }

    [Fact]
    public async Task GivenADeliveredOpinion_WhenThePatientAsksBooksTheOfferedSlotAndCloses_ThenTheCaseGoesToFollowUpThenClosed()
    {
        var caseId = await DeliveredAsync(TimeSpan.FromDays(2));
        var path = $"/cases/{caseId}";
        using var expert = platform.NewSession();
        await expert.SignInAsync(platform.ExpertB);
        using var patient = platform.NewSession();
        await patient.SignInAsync(platform.PatientB);
        var start = DateTime.UtcNow.AddDays(3).ToString("yyyy-MM-ddTHH:mm", CultureInfo.InvariantCulture);

        using (var offer = await expert.PostFormAsync(path, "followup-offer", new Dictionary<string, string> { ["SlotStart"] = start, ["SlotMinutes"] = "45" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, offer.StatusCode);
        }
        var slot = Assert.Single(await platform.Database.FollowUpSlots.ListForCaseAsync(caseId));
        Assert.Equal(45, slot.Minutes);
        using (var ask = await patient.PostFormAsync(path, "followup-question", new Dictionary<string, string> { ["Question"] = "Can I wait until after my holiday?" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ask.StatusCode);
        }
        Assert.Equal(CaseStatus.FollowUp, (await platform.Database.Cases.GetAsync(caseId))!.Status);
        Assert.Contains(await platform.Database.Messages.ListAsync(caseId), m => m.Text == "Can I wait until after my holiday?");
        Assert.Contains("Can I wait until after my holiday?", await expert.GetPageAsync(path), StringComparison.Ordinal);

        using (var book = await patient.PostFormAsync(path, $"followup-book-{slot.Id:N}", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, book.StatusCode);
        }
        Assert.Equal(platform.PatientB.Id, Assert.Single(await platform.Database.FollowUpSlots.ListForCaseAsync(caseId)).BookedBy);
        using (var close = await patient.PostFormAsync(path, "followup-close", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, close.StatusCode);
        }
        Assert.Equal(CaseStatus.Closed, (await platform.Database.Cases.GetAsync(caseId))!.Status);
        foreach (var action in new[] { "followup.slot-offer", "followup.question", "followup.slot-book", "case.close" })
        {
            Assert.Equal(1, await platform.Database.Audit.CountAsync(new AuditQuery(CaseId: caseId, Action: action)));
        }
    }

    [Fact]
    public async Task GivenTheWindowHasClosed_WhenThePatientAsks_ThenRefusedWithTheDateAndNothingIsWritten()
    {
        var caseId = await DeliveredAsync(TimeSpan.FromDays(FollowUpPolicy.DefaultWindowDays + 1));
        using var patient = platform.NewSession();
        await patient.SignInAsync(platform.PatientB);

        var page = await patient.GetPageAsync($"/cases/{caseId}");

        Assert.Contains("The follow-up window closed on", page, StringComparison.Ordinal);
        Assert.DoesNotContain("followup-question\"", page, StringComparison.Ordinal);
        using var ask = await patient.PostFormAsync($"/cases/{caseId}", "followup-question", new Dictionary<string, string> { ["Question"] = "Too late?" });
        Assert.DoesNotContain(await platform.Database.Messages.ListAsync(caseId), m => m.Text == "Too late?");
        Assert.Equal(CaseStatus.OpinionDelivered, (await platform.Database.Cases.GetAsync(caseId))!.Status);
    }
}
