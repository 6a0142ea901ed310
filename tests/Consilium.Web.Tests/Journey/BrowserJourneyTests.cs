using System.Text.RegularExpressions;
using Consilium.Web.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Consilium.Web.Tests.Journey;

/// <summary>
/// The whole journey in Debian's Chromium, driven by Playwright, against the real server on a loopback port: a patient
/// registers (confirming the email from the mail folder), completes the intake with an upload and sees the triage; the
/// coordinator (TOTP) assigns an expert; the expert (TOTP) writes and signs the opinion; the patient reads it.
/// Screenshots of every step go to <c>journey-screenshots/</c> in the test output directory.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class BrowserJourneyTests(Platform platform, ITestOutputHelper output)
{
    internal const string Chromium = "/usr/bin/chromium";
    internal static readonly string Shots = Path.Combine(AppContext.BaseDirectory, "journey-screenshots");

    [SkippableFact]
    public async Task Patient_to_coordinator_to_expert_and_back_in_a_real_browser()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await LaunchAsync(playwright);
        var baseUrl = platform.BaseUri.ToString().TrimEnd('/');

        // 1. The patient registers and confirms the address from the mail the outbox delivered.
        await using var patientContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl, ViewportSize = new ViewportSize { Width = 420, Height = 900 } });
        patientContext.SetDefaultTimeout(patience);
        patientContext.SetDefaultNavigationTimeout(patience);
        var patient = await patientContext.NewPageAsync();
        var email = $"journey-{Guid.NewGuid():N}@test.example";
        const string password = "Journey-Password-42";
        await patient.GotoAsync("/account/register");
        await patient.FillAsync("#name", "Jo Journey");
        await patient.FillAsync("#email", email);
        await patient.FillAsync("#password", password);
        await patient.FillAsync("#confirm", password);
        await patient.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await patient.WaitForURLAsync(new Regex("/account/register-confirmation$"));
        await ShotAsync(patient, "01-registered-check-your-email");
        var link = await ConfirmationLinkAsync(email);
        await patient.GotoAsync(link);
        await Assertions.Expect(patient.GetByText("Your email address is confirmed")).ToBeVisibleAsync();

        await SignInAsync(patient, email, password, totpSecret: null);
        await patient.WaitForURLAsync(new Regex("/cases$"));

        // 2. The guide leads into the intake wizard.
        await patient.GotoAsync("/guide");
        await ShotAsync(patient, "02-guide");
        await patient.Locator("a[href='/intake/new?situation=surgery-planned']").ClickAsync();
        await patient.FillAsync("#birth", "1961-04-02");
        await patient.SelectOptionAsync("#sex", "Female");
        await patient.FillAsync("#country", "GB");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        await patient.WaitForURLAsync(new Regex("/intake/[0-9a-f-]+/2$"));
        await patient.FillAsync("#diagnosis", "Osteoarthritis of the right knee");
        await patient.FillAsync("#treatment", "Total knee replacement");
        await patient.CheckAsync("#is-surgery");
        await patient.FillAsync("#treatment-date", DateTime.UtcNow.AddDays(30).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        await patient.FillAsync("#symptoms", "Knee pain when walking");
        await patient.FillAsync("#symptom-weeks", "40");
        await patient.FillAsync("#medications", "Ibuprofen");
        await patient.FillAsync("#medication-weeks", "20");
        await patient.CheckAsync("#improving-no");
        await ShotAsync(patient, "03-intake-diagnosis-and-treatment");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Save and continue" }).ClickAsync();
        await patient.WaitForURLAsync(new Regex("/intake/[0-9a-f-]+/3$"));

        // 3. An upload, then the question, consent, and the triage in plain words.
        await patient.SetInputFilesAsync("#file", Path.Combine(AppContext.BaseDirectory, "Fixtures", "referral-letter.pdf"));
        await patient.GetByRole(AriaRole.Button, new() { Name = "Upload" }).ClickAsync();
        await patient.WaitForURLAsync(new Regex("uploaded=referral-letter.pdf"));
        await Assertions.Expect(patient.GetByRole(AriaRole.Link, new() { Name = "referral-letter.pdf" })).ToBeVisibleAsync();
        await patient.FillAsync("#question", "Do I need the operation now, or can I try something else first?");
        await patient.CheckAsync("#consent");
        await ShotAsync(patient, "04-intake-upload-question-consent");
        await patient.GetByRole(AriaRole.Button, new() { Name = "Send my case" }).ClickAsync();
        await patient.WaitForURLAsync(new Regex("/cases/[0-9a-f-]+\\?sent=1$"));
        await Assertions.Expect(patient.GetByRole(AriaRole.Heading, new() { Name = "What we understood" })).ToBeVisibleAsync();
        await Assertions.Expect(patient.GetByText("Before major surgery")).ToBeVisibleAsync();
        await ShotAsync(patient, "05-patient-sees-triage");
        var caseId = CaseId().Match(patient.Url).Groups[1].Value;

        // 4. The coordinator signs in with TOTP and assigns expert A.
        await using var coordinatorContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        coordinatorContext.SetDefaultTimeout(patience);
        coordinatorContext.SetDefaultNavigationTimeout(patience);
        var coordinator = await coordinatorContext.NewPageAsync();
        await SignInAsync(coordinator, platform.Coordinator.Email, platform.Coordinator.Password, platform.Coordinator);
        await coordinator.WaitForURLAsync(new Regex("/coordinator$"));
        await ShotAsync(coordinator, "06-coordinator-queue");
        await coordinator.GotoAsync($"/coordinator/cases/{caseId}");
        await coordinator.SelectOptionAsync("#expert", platform.ExpertA.Id);
        await coordinator.FillAsync("#reason", "High volume in knee surgery");
        await coordinator.GetByRole(AriaRole.Button, new() { Name = "Assign" }).ClickAsync();
        await coordinator.WaitForURLAsync(new Regex("done="));
        await Assertions.Expect(coordinator.GetByText("Expert assigned.")).ToBeVisibleAsync();
        await ShotAsync(coordinator, "07-coordinator-assigned");

        // 5. The expert signs in with TOTP, writes and signs the opinion.
        await using var expertContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl });
        expertContext.SetDefaultTimeout(patience);
        expertContext.SetDefaultNavigationTimeout(patience);
        var expert = await expertContext.NewPageAsync();
        await SignInAsync(expert, platform.ExpertA.Email, platform.ExpertA.Password, platform.ExpertA);
        await expert.WaitForURLAsync(new Regex("/expert$"));
        await expert.GotoAsync($"/expert/cases/{caseId}");
        await expert.SelectOptionAsync("#diagnosis-agreement", "Confirmed");
        await expert.SelectOptionAsync("#treatment-agreement", "Modified");
        await expert.FillAsync("#plan", "Twelve weeks of structured physiotherapy and weight-bearing exercise, then review.");
        await expert.FillAsync("#alternatives", "Partial knee replacement if the damage stays in one compartment.");
        await expert.FillAsync("#answer", "You do not need the operation right now: try physiotherapy first.");
        await FillTemplatesAsync(expert);
        await ShotAsync(expert, "08-expert-writes-opinion");
        await expert.Locator("button[value=sign]").ClickAsync();
        await expert.WaitForURLAsync(new Regex("done="));
        await Assertions.Expect(expert.GetByRole(AriaRole.Heading, new() { Name = "Signed version 1" })).ToBeVisibleAsync();
        await ShotAsync(expert, "09-expert-signed");

        // 6. The patient reads the opinion.
        await patient.GotoAsync($"/cases/{caseId}");
        var opinion = patient.GetByTestId("opinion");
        await Assertions.Expect(opinion).ToContainTextAsync("You do not need the operation right now");
        await Assertions.Expect(patient.GetByText("Opinion ready").First).ToBeVisibleAsync();
        await ShotAsync(patient, "10-patient-reads-opinion");
        output.WriteLine($"Screenshots: {Shots}");
    }

    /// <summary>CI runs every test project at once on a small machine: be patient rather than flaky.</summary>
    private const float patience = 120_000;

    private static async Task<IBrowser> LaunchAsync(IPlaywright playwright)
    {
        Skip.If(!File.Exists(Chromium) && Environment.GetEnvironmentVariable("CI") != "true", $"{Chromium} is not installed (apt-get install chromium; .ci/run installs it).");
        Directory.CreateDirectory(Shots);
        Assertions.SetDefaultExpectTimeout(patience);
        return await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
    }

    /// <summary>Answers every template question on the opinion form: the first choice of each, the same words in each text box.</summary>
    private static async Task FillTemplatesAsync(IPage page, string words = "Reviewed against the records: see the plan.")
    {
        foreach (var select in await page.Locator("fieldset.template select").AllAsync())
        {
            await select.SelectOptionAsync(new SelectOptionValue { Index = 1 });
        }
        foreach (var text in await page.Locator("fieldset.template textarea:not(#trials)").AllAsync())
        {
            await text.FillAsync(words);
        }
    }

    internal static async Task SignInAsync(IPage page, string email, string password, TestAccount? totpSecret)
    {
        await page.GotoAsync("/account/login");
        await page.FillAsync("#email", email);
        await page.FillAsync("#password", password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        if (totpSecret is not null)
        {
            await page.WaitForURLAsync(new Regex("/account/login-2fa"));
            await page.FillAsync("#code", totpSecret.TotpCode());
            await page.GetByRole(AriaRole.Button, new() { Name = "Continue" }).ClickAsync();
        }
    }

    private async Task<string> ConfirmationLinkAsync(string email)
    {
        var folder = Path.Combine(platform.DataDirectory, "mail");
        for (var i = 0; i < 100; i++)
        {
            if (Directory.Exists(folder))
            {
                foreach (var file in Directory.EnumerateFiles(folder, "*.eml"))
                {
                    var text = await File.ReadAllTextAsync(file);
                    if (text.Contains("To: " + email, StringComparison.Ordinal) && ConfirmLink().Match(text) is { Success: true } m)
                    {
                        return m.Value;
                    }
                }
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"No confirmation mail for {email} in {folder}.");
    }

    internal static Task ShotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Shots, name + ".png"), FullPage = true });

    [GeneratedRegex(@"/cases/([0-9a-f-]{36})")]
    private static partial Regex CaseId();

    [GeneratedRegex(@"http://\S+/account/confirm-email\?\S+")]
    private static partial Regex ConfirmLink();
}
