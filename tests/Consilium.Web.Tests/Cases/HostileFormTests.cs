using System.Net;
using Consilium.Domain.Cases;
using Consilium.Web.Features.Intake;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Cases;

/// <summary>Form inputs `consilium bench fuzz` found answered with a 500 and a half-written case; each is now refused with a message and changes nothing.</summary>
[Collection(PlatformCollection.Name)]
public sealed class HostileFormTests(Platform platform)
{
    private async Task<Guid> SubmittedCaseAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var form = new IntakeForm
        {
            SymptomsUnexplained = true, BirthDate = new DateOnly(1980, 6, 1), Sex = AdministrativeSex.Female, Country = "FR",
            Diagnosis = "Fibromyalgia", Question = "Is the diagnosis right?", Consent = true,
        };
        var actor = $"patient B ({platform.PatientB.Id})";
        var c = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), now), actor, now, platform.PatientB.Id);
        IntakeSubmission.Send(c, actor, now);
        await platform.Database.Cases.AddAsync(c);
        return c.Id;
    }

    [Fact]
    public async Task GivenARequestForInformationLongerThanAMessageMayBe_WhenTheCoordinatorSendsIt_ThenItIsRefusedAndTheCaseIsUnchanged()
    {
        var caseId = await SubmittedCaseAsync();
        var before = (await platform.Database.Cases.GetAsync(caseId))!.Status;
        using var coordinator = platform.NewSession();
        await coordinator.SignInAsync(platform.Coordinator);

        using var ask = await coordinator.PostFormAsync($"/coordinator/cases/{caseId}", "request-information",
            new Dictionary<string, string> { ["Request.WhatIsMissing"] = new string('x', 20_000) });

        Assert.Equal(HttpStatusCode.OK, ask.StatusCode);
        Assert.Contains("Say what is missing in at most", await ask.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, (await platform.Database.Cases.GetAsync(caseId))!.Status);
        Assert.Empty(await platform.Database.Messages.ListAsync(caseId));
    }
}
