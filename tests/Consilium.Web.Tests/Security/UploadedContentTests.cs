using System.Net;
using System.Text;
using Consilium.Web.Features.Security;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Security;

/// <summary>
/// What people upload is never served as a page of ours: HTML, SVG and script come back as attachments, with the type decided from
/// their bytes (never text/html, SVG or JavaScript) and nosniff; file names cannot reach outside the document store; every page
/// and download carries the Content-Security-Policy.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class UploadedContentTests(Platform platform)
{
    private static readonly string[] Executable = ["text/html", "application/xhtml+xml", "image/svg+xml", "text/javascript", "application/javascript", "text/xml", "application/xml"];

    [Theory]
    [InlineData("page.html", "text/html", "<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>")]
    [InlineData("page.htm", "application/octet-stream", "<html><img src=x onerror=alert(1)></html>")]
    [InlineData("picture.svg", "image/svg+xml", "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>")]
    [InlineData("app.js", "application/javascript", "fetch('/api/cases').then(r => r.text()).then(alert)")]
    [InlineData("page.xhtml", "application/xhtml+xml", "<html xmlns=\"http://www.w3.org/1999/xhtml\"><script>alert(1)</script></html>")]
    [InlineData("letter.pdf.html", "text/html", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">")]
    public async Task GivenAnUploadedHtmlSvgOrScriptFile_WhenDownloaded_ThenItIsAnAttachmentWithItsSniffedTypeAndNosniff(string name, string declared, string content)
    {
        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientA);
        using var upload = await session.UploadAsync(platform.DraftA, $"/cases/{platform.DraftA}", name, Encoding.UTF8.GetBytes(content), declared);
        if (upload.StatusCode != HttpStatusCode.Redirect)
        {
            // Refused outright is fine too, as long as it says so and stores nothing.
            Assert.Equal(HttpStatusCode.UnsupportedMediaType, upload.StatusCode);
            Assert.DoesNotContain(await platform.Documents.ListAsync(platform.DraftA), d => d.FileName == name);
            return;
        }
        var document = (await platform.Documents.ListAsync(platform.DraftA)).Last(d => d.FileName == name);
        Assert.DoesNotContain(document.ContentType, Executable);

        using var download = await session.GetAsync($"/cases/{platform.DraftA}/documents/{document.Id}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(document.ContentType, download.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(download.Content.Headers.ContentType?.MediaType, Executable);
        Assert.Equal("nosniff", download.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, download.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal(content, await download.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("../../../../etc/passwd.txt", "passwd.txt")]
    [InlineData("..\\..\\..\\windows\\win.ini.txt", "win.ini.txt")]
    [InlineData("/etc/cron.d/evil.txt", "evil.txt")]
    [InlineData("C:\\Users\\Public\\evil.txt", "evil.txt")]
    [InlineData("..", "document")]
    [InlineData("notes\u0000.txt", "notes.txt")]
    [InlineData("..%2F..%2Fescaped.txt", "..%2F..%2Fescaped.txt")]
    public async Task GivenAFileNameThatClimbsOutOfItsFolder_WhenUploaded_ThenOnlyItsLastPartIsKeptAndNothingIsWrittenOutsideTheStore(string name, string kept)
    {
        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientA);
        var before = Files();
        using var upload = await session.UploadAsync(platform.DraftA, $"/cases/{platform.DraftA}", name, "a plain note"u8.ToArray(), "text/plain");
        Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        var document = (await platform.Documents.ListAsync(platform.DraftA)).OrderBy(d => d.StoredAt).Last();
        Assert.Equal(kept, document.FileName);

        // The one new file is the encrypted document, under the store, named by its id.
        var added = Files().Except(before).ToList();
        var file = Assert.Single(added);
        Assert.StartsWith(Path.Combine(platform.DataDirectory, "documents") + Path.DirectorySeparatorChar, file, StringComparison.Ordinal);
        Assert.Contains(document.Id.ToString("N"), file, StringComparison.OrdinalIgnoreCase);

        using var download = await session.GetAsync($"/cases/{platform.DraftA}/documents/{document.Id}");
        var sent = download.Content.Headers.ContentDisposition?.FileNameStar ?? download.Content.Headers.ContentDisposition?.FileName ?? "";
        Assert.DoesNotContain('/', sent);
        Assert.DoesNotContain('\\', sent);
    }

    [Theory]
    [InlineData("..%2F..%2Fconsilium.db")]
    [InlineData("%2e%2e%2f%2e%2e%2fconsilium.db")]
    [InlineData("00000000-0000-0000-0000-000000000000")]
    [InlineData("..;")]
    [InlineData("x%00")]
    public async Task GivenADocumentIdThatIsAPath_WhenRequested_ThenItIsRefusedWithNoFile(string id)
    {
        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientA);
        using var response = await session.GetAsync($"/cases/{platform.CaseA}/documents/{id}");
        // Not a document id: no route matches (404), or Kestrel refuses the escaped NUL outright (400).
        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest, $"{(int)response.StatusCode}");
        Assert.Null(response.Content.Headers.ContentDisposition);
    }

    [Fact]
    public async Task GivenEveryPageAndDownload_WhenReadBySomeoneAllowed_ThenEachCarriesTheContentSecurityPolicyAndNosniff()
    {
        var sessions = new Dictionary<TestAccount, Session>();
        var failures = new List<string>();
        try
        {
            foreach (var endpoint in EndpointCatalog.Read(platform).Where(e => e.ProbeMethod == "GET"))
            {
                var path = EndpointCatalog.Fill(platform, endpoint.Pattern)!;
                var account = endpoint.IsPublic ? null : platform.Accounts.First(a => EndpointCatalog.Expect(platform, endpoint, a) == Outcome.Allowed);
                HttpResponseMessage response;
                if (endpoint.Api)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, path);
                    request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", account!.Token);
                    using var anonymous = platform.NewSession();
                    response = await anonymous.Client.SendAsync(request);
                }
                else
                {
                    if (account is not null && !sessions.ContainsKey(account))
                    {
                        sessions[account] = platform.NewSession();
                        await sessions[account].SignInAsync(account);
                    }
                    response = await (account is null ? platform.NewSession() : sessions[account]).GetAsync(path);
                }
                using (response)
                {
                    var csp = response.Headers.TryGetValues("Content-Security-Policy", out var values) ? values.Single() : null;
                    var html = response.Content.Headers.ContentType?.MediaType is "text/html" or "image/svg+xml";
                    if (csp is null || !csp.Contains("frame-ancestors 'none'", StringComparison.Ordinal) || !csp.Contains("object-src 'none'", StringComparison.Ordinal))
                    {
                        failures.Add($"{path}: CSP {csp ?? "missing"}");
                    }
                    else if (html && csp.Contains("'unsafe-inline'", StringComparison.Ordinal) && csp != SecurityHeaders.ApiReferencePolicy && csp != SecurityHeaders.ImageViewerPolicy)
                    {
                        failures.Add($"{path}: a page whose CSP allows inline script: {csp}");
                    }
                    if (!response.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) || nosniff.Single() != "nosniff")
                    {
                        failures.Add($"{path}: no nosniff");
                    }
                }
            }
        }
        finally
        {
            foreach (var s in sessions.Values)
            {
                s.Dispose();
            }
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private List<string> Files() =>
        [.. Directory.EnumerateFiles(platform.DataDirectory, "*", SearchOption.AllDirectories).Where(f => !f.Contains("consilium.db", StringComparison.Ordinal) && !f.Contains(Path.DirectorySeparatorChar + "mail" + Path.DirectorySeparatorChar, StringComparison.Ordinal) && !f.Contains("orthanc", StringComparison.Ordinal))];
}
