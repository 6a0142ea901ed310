using System.Text.RegularExpressions;
using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Tests.Shared;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Intake;
using Consilium.Web.Tests.Support;
using Microsoft.Playwright;

namespace Consilium.Web.Tests.Journey;

public sealed partial class BrowserJourneyTests
{
    /// <summary>
    /// Three experts form a tumour board on a cancer case in Chromium: the lead convenes it, each member writes a section, the lead writes
    /// the structured opinion and the board record, every member signs off, the lead delivers; the patient reads the plain summary and
    /// downloads the PDF, whose text has the concordance, the answer and the board's consensus. Screenshots in journey-screenshots/.
    /// </summary>
    [SkippableFact]
    public async Task A_three_member_tumour_board_completes_a_cancer_case_and_the_patient_downloads_the_pdf()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var baseUrl = platform.BaseUri.ToString().TrimEnd('/');
        var tag = Guid.NewGuid().ToString("N")[..6];
        TestAccount[] members =
        [
            await platform.AccountAsync("Dr Lead Oncologist", ConsiliumRoles.Expert, $"board-lead-{tag}@test.example", twoFactor: true),
            await platform.AccountAsync("Dr Board Surgeon", ConsiliumRoles.Expert, $"board-surgeon-{tag}@test.example", twoFactor: true),
            await platform.AccountAsync("Dr Board Radiologist", ConsiliumRoles.Expert, $"board-radiologist-{tag}@test.example", twoFactor: true),
        ];
        var caseId = await CancerCaseAsync(members);

        var pages = new List<IPage>();
        foreach (var member in members)
        {
            var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
            context.SetDefaultTimeout(patience);
            context.SetDefaultNavigationTimeout(patience);
            var page = await context.NewPageAsync();
            await SignInAsync(page, member.Email, member.Password, member);
            await page.WaitForURLAsync(new Regex("/expert$"));
            await page.GotoAsync($"/expert/cases/{caseId}");
            pages.Add(page);
        }
        var lead = pages[0];

        // The lead convenes the board; each member writes a section.
        await lead.ClickAsync("#board-convene");
        await Assertions.Expect(lead.GetByText("Tumour board convened.")).ToBeVisibleAsync();
        string[] sections = ["Stage II, curative intent; chemotherapy after surgery if nodes are involved.", "Laparoscopic resection is suitable.", "CT: no distant spread."];
        for (var i = 0; i < pages.Count; i++)
        {
            await pages[i].GotoAsync($"/expert/cases/{caseId}");
            await pages[i].FillAsync("#board-section", sections[i]);
            await pages[i].ClickAsync("#board-save-section");
            await Assertions.Expect(pages[i].GetByText("Your section is saved.")).ToBeVisibleAsync();
        }

        // The lead writes the structured opinion, then the board record.
        await lead.SelectOptionAsync("#diagnosis-agreement", "Refined");
        await lead.FillAsync("#recommended-diagnosis", "Adenocarcinoma of the sigmoid colon, pT3 N0");
        await lead.SelectOptionAsync("#treatment-agreement", "Modified");
        await lead.FillAsync("#plan", "Laparoscopic sigmoid resection first; chemotherapy only if the final pathology shows involved nodes.");
        await lead.FillAsync("#answer", "Yes, the operation can be done through small cuts, and you may not need chemotherapy.");
        await FillTemplatesAsync(lead);
        await lead.FillAsync("#trials", "NCT01234567 | Adjuvant trial for stage II colon cancer | if high-risk features");
        await lead.Locator("button[value=draft]").ClickAsync();
        await Assertions.Expect(lead.GetByText("Draft saved.")).ToBeVisibleAsync();
        await lead.FillAsync("#discussed-on", DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await lead.FillAsync("#consensus", "Surgery first, laparoscopically; decide on chemotherapy with the final pathology.");
        await lead.FillAsync("#dissents", "Dr Board Radiologist: would add a liver MRI before surgery.");
        await lead.ClickAsync("#board-compose");
        await Assertions.Expect(lead.GetByText("The board record is in the draft.")).ToBeVisibleAsync();
        await ShotAsync(lead, "board-01-lead-composed");

        // Delivery is refused until every member has signed off; then each signs off and the lead delivers.
        await lead.Locator("button[value=sign]").ClickAsync();
        await Assertions.Expect(lead.GetByText("Every member signs off the opinion before it is delivered")).ToBeVisibleAsync();
        foreach (var page in pages)
        {
            await page.GotoAsync($"/expert/cases/{caseId}");
            await Assertions.Expect(page.GetByTestId("board-draft")).ToContainTextAsync("Surgery first, laparoscopically");
            await page.ClickAsync("#board-sign-off");
            await Assertions.Expect(page.GetByText("You signed off the draft.")).ToBeVisibleAsync();
        }
        await ShotAsync(pages[2], "board-02-member-signed-off");
        await lead.GotoAsync($"/expert/cases/{caseId}");
        await lead.Locator("button[value=sign]").ClickAsync();
        await Assertions.Expect(lead.GetByRole(AriaRole.Heading, new() { Name = "Signed version 1" })).ToBeVisibleAsync();
        await ShotAsync(lead, "board-03-delivered");

        // The patient reads the plain summary and downloads the PDF.
        await using var patientContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, AcceptDownloads = true });
        patientContext.SetDefaultTimeout(patience);
        var patient = await patientContext.NewPageAsync();
        await SignInAsync(patient, platform.PatientA.Email, platform.PatientA.Password, totpSecret: null);
        await patient.WaitForURLAsync(new Regex("/cases$"));
        await patient.GotoAsync($"/cases/{caseId}");
        await Assertions.Expect(patient.GetByTestId("opinion-summary")).ToContainTextAsync("A team of 3 specialists discussed your case together.");
        await Assertions.Expect(patient.GetByTestId("board-record")).ToContainTextAsync("Surgery first, laparoscopically");
        await Assertions.Expect(patient.Locator("[data-template=cancer]")).ToContainTextAsync("NCT01234567");
        await ShotAsync(patient, "board-04-patient-summary");
        var download = await patient.RunAndWaitForDownloadAsync(() => patient.ClickAsync("#download-pdf"));
        var file = Path.Combine(Shots, "board-opinion.pdf");
        await download.SaveAsAsync(file);
        var text = PdfText.Extract(file);
        Assert.Contains($"Case: {caseId}", text, StringComparison.Ordinal);
        Assert.Contains("Diagnosis: refined: Adenocarcinoma of the sigmoid colon, pT3 N0", text, StringComparison.Ordinal);
        Assert.Contains("Plan: modified", text, StringComparison.Ordinal);
        Assert.Contains("Yes, the operation can be done through small cuts, and you may not need chemotherapy.", text, StringComparison.Ordinal);
        Assert.Contains("Consensus: Surgery first, laparoscopically", text, StringComparison.Ordinal);
        Assert.Contains("Dissent (Dr Board Radiologist): would add a liver MRI before surgery.", text, StringComparison.Ordinal);
        Assert.Contains("Reviewers: Dr Lead Oncologist, Dr Board Surgeon, Dr Board Radiologist", text, StringComparison.Ordinal);
        output.WriteLine($"Screenshots and the downloaded PDF: {Shots}");
    }

    private async Task<Guid> CancerCaseAsync(IReadOnlyList<TestAccount> experts)
    {
        var now = DateTimeOffset.UtcNow;
        var form = new IntakeForm
        {
            Cancer = true, BirthDate = new DateOnly(1955, 2, 3), Sex = AdministrativeSex.Male, Country = "GB",
            Diagnosis = "Sigmoid colon cancer", ProposedTreatment = "Open sigmoid colectomy and chemotherapy", Question = "Can the operation be keyhole, and do I need chemotherapy?", Consent = true,
        };
        var actor = $"patient A ({platform.PatientA.Id})";
        var c = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), now), actor, now, platform.PatientA.Id);
        IntakeSubmission.Send(c, actor, now);
        Assert.True(c.Triage?.Has(SituationCode.Cancer) == true, c.Triage?.Summary());
        foreach (var e in experts)
        {
            c.AssignExpert(e.Id, "coordinator", now, "tumour board");
        }
        await platform.Database.Cases.AddAsync(c);
        return c.Id;
    }
}
