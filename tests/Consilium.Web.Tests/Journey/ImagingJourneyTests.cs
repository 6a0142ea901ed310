using System.Text.RegularExpressions;
using Consilium.Imaging.Synthetic;
using Consilium.Web.Features.Imaging;
using Consilium.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Consilium.Web.Tests.Journey;

/// <summary>
/// In Debian's Chromium: the assigned radiologist opens a study in the web viewer from the expert workspace (served through
/// Consilium's archive proxy) and files a RADPEER-scored re-read. Screenshots go to <c>journey-screenshots/</c>.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ImagingJourneyTests(Platform platform, ITestOutputHelper output)
{
    private const string Chromium = BrowserJourneyTests.Chromium;
    private static readonly string Shots = BrowserJourneyTests.Shots;

    [SkippableFact]
    public async Task GivenAStudyOnTheCase_WhenTheRadiologistOpensTheViewerFromTheWorkspace_ThenTheyFileAScoredReread()
    {
        var archive = platform.App.Services.GetRequiredService<ImagingArchive>();
        var ci = Environment.GetEnvironmentVariable("CI") == "true" || Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_ORTHANC") == "1";
        Skip.If(!File.Exists(Chromium) && !ci, $"{Chromium} is not installed (apt-get install chromium; .ci/run installs it).");
        Assert.False(ci && !archive.IsAvailable, archive.Unavailable);
        Skip.If(!archive.IsAvailable, $"Skipped: {archive.Unavailable}");
        Skip.If(SyntheticStudy.Dump2Dcm() is null, "Skipped: dcmtk is not installed.");
        Directory.CreateDirectory(Shots);

        var (_, files) = await SyntheticStudy.WriteAsync(Path.Combine(platform.DataDirectory, "journey-study"),
            [new SyntheticSeries("CT", "KNEE", "SAGITTAL", 4, 256, 256), new SyntheticSeries("MR", "KNEE", "PD FAT SAT", 3, 256, 256)], "MR KNEE RIGHT", "20240611");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        const float patience = 120_000;
        Assertions.SetDefaultExpectTimeout(patience);
        await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = platform.BaseUri.ToString().TrimEnd('/'), ViewportSize = new ViewportSize { Width = 1280, Height = 900 } });
        context.SetDefaultTimeout(patience);
        context.SetDefaultNavigationTimeout(patience);
        var consoleErrors = new List<string>();

        // The patient uploads the study's files from the case page (the progress bar shows while it is sent).
        await using (var patientContext = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = platform.BaseUri.ToString().TrimEnd('/') }))
        {
            patientContext.SetDefaultTimeout(patience);
            patientContext.SetDefaultNavigationTimeout(patience);
            var patient = await patientContext.NewPageAsync();
            await BrowserJourneyTests.SignInAsync(patient, platform.PatientA.Email, platform.PatientA.Password, totpSecret: null);
            await patient.WaitForURLAsync(new Regex("/cases$"));
            await patient.GotoAsync($"/cases/{platform.CaseA}");
            await patient.SetInputFilesAsync("#imaging-files", files);
            await patient.GetByRole(AriaRole.Button, new() { Name = "Upload imaging" }).ClickAsync();
            await patient.WaitForURLAsync(new Regex("imaging="));
            await Assertions.Expect(patient.GetByTestId("imaging-uploaded")).ToContainTextAsync("7 images stored in 1 study");
            await Assertions.Expect(patient.GetByTestId("imaging-studies")).ToContainTextAsync("MR KNEE RIGHT");
            await ShotAsync(patient, "11-patient-uploaded-imaging");
        }

        var page = await context.NewPageAsync();

        await BrowserJourneyTests.SignInAsync(page, platform.ExpertA.Email, platform.ExpertA.Password, platform.ExpertA);
        await page.WaitForURLAsync(new Regex("/expert$"));

        // The workspace shows the imaging and leads to the re-read.
        await page.GotoAsync($"/expert/cases/{platform.CaseA}");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Imaging" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Open the imaging re-read" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("/imaging$"));
        await ShotAsync(page, "12-radiologist-reread-page");

        // The viewer opens in a new tab, through Consilium, and draws the series' images.
        // Listen before the click: the viewer may fetch its first frame before a listener on the new tab would be attached.
        var frameLoaded = new TaskCompletionSource<IResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        context.Response += (_, r) =>
        {
            if (r.Url.Contains("/imaging/archive/web-viewer/instances/", StringComparison.Ordinal) && r.Status == 200)
            {
                frameLoaded.TrySetResult(r);
            }
        };
        var viewerLink = page.Locator("a.viewer-link", new() { HasText = "PD FAT SAT" }).First;
        var viewer = await page.RunAndWaitForPopupAsync(() => viewerLink.ClickAsync());
        viewer.Console += (_, m) => { if (m.Type == "error") { consoleErrors.Add(m.Text); } };
        var frame = await frameLoaded.Task.WaitAsync(TimeSpan.FromMilliseconds(patience));
        Assert.StartsWith($"{platform.BaseUri.ToString().TrimEnd('/')}/cases/{platform.CaseA}/imaging/archive/", frame.Url, StringComparison.Ordinal);
        await Assertions.Expect(viewer.Locator("canvas").First).ToBeVisibleAsync();
        await viewer.WaitForTimeoutAsync(1000);
        await ShotAsync(viewer, "13-radiologist-viewer");
        Assert.True(consoleErrors.Count == 0, $"The viewer reported errors: {string.Join(" | ", consoleErrors)}");
        await viewer.CloseAsync();

        // The scored re-read.
        await page.FillAsync("#findings", "Complex tear of the posterior horn of the medial meniscus. Moderate medial compartment cartilage loss.");
        await page.FillAsync("#comparison", "The original report described only degenerative change; the meniscal tear was not mentioned.");
        await page.FillAsync("#impression", "Meniscal tear with moderate osteoarthritis; arthroplasty is not the only option.");
        await page.CheckAsync("#radpeer-2b");
        await ShotAsync(page, "14-radiologist-writes-reread");
        await page.GetByRole(AriaRole.Button, new() { Name = "File the re-read" }).ClickAsync();
        await page.WaitForURLAsync(new Regex("done="));
        await Assertions.Expect(page.GetByText("Re-read filed (RADPEER 2b).")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("filed-reread").Last).ToContainTextAsync("Meniscal tear with moderate osteoarthritis");
        await ShotAsync(page, "15-radiologist-reread-filed");

        var filed = (await platform.Database.Imaging.RereadsAsync(platform.CaseA)).Last();
        Assert.Equal(Domain.Imaging.RadpeerScore.Score2B, filed.Content.Score);
        Assert.Equal(platform.ExpertA.Id, filed.RadiologistAccountId);
        output.WriteLine($"Screenshots: {Shots}");
    }

    private static Task ShotAsync(IPage page, string name) => BrowserJourneyTests.ShotAsync(page, name);
}
