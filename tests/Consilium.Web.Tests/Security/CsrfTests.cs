using System.Net;
using System.Net.Http.Headers;
using Consilium.Web.Tests.Support;
using Xunit.Abstractions;

namespace Consilium.Web.Tests.Security;

/// <summary>
/// Cross-site request forgery: every state-changing endpoint the app maps for browsers (every page that takes form posts, sign-out,
/// record and imaging uploads) refuses a post without its antiforgery token, with a made-up token, and with a real token of another
/// account; and nothing changes. The JSON API is exempt because only a bearer token authenticates it (checked in
/// <see cref="AuthorizationMatrixTests"/>: a cookie alone gets 401).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CsrfTests(Platform platform, ITestOutputHelper output)
{
    private enum Forgery
    {
        NoToken,
        MadeUpToken,
        AnotherAccountsToken,
    }

    [Fact]
    public async Task GivenEveryBrowserPostEndpoint_WhenPostedWithoutAWrongOrAnotherAccountsToken_ThenRefusedWith400AndNothingChanges()
    {
        var posts = EndpointCatalog.Read(platform).Where(e => e.AcceptsPost && !e.Api).ToList();
        Assert.Contains(posts, e => e.Pattern == "/account/logout");
        Assert.Contains(posts, e => e.Pattern.EndsWith("/documents", StringComparison.Ordinal));
        using var stranger = platform.NewSession();
        await stranger.SignInAsync(platform.PatientB);
        var strangersToken = Session.Token(await stranger.GetPageAsync("/cases"));

        var sessions = new Dictionary<string, Session>();
        var failures = new List<string>();
        var probes = 0;
        var caseBefore = await platform.Database.Cases.GetStoredAsync(platform.CaseA);
        var draftBefore = await platform.Database.Cases.GetStoredAsync(platform.DraftA);
        var documentsBefore = (await platform.Documents.ListAsync(platform.CaseA)).Count;
        try
        {
            foreach (var endpoint in posts)
            {
                var path = EndpointCatalog.Fill(platform, endpoint.Pattern)!;
                // Someone who may post here (patient A for the patient's forms and uploads, an anonymous visitor for sign-in).
                var account = endpoint.IsPublic ? null : platform.Accounts.FirstOrDefault(a => EndpointCatalog.Expect(platform, endpoint, a) == Outcome.Allowed);
                if (!endpoint.IsPublic && account is null)
                {
                    failures.Add($"{endpoint}: no test account may post here");
                    continue;
                }
                var key = account?.Name ?? "anonymous";
                if (!sessions.TryGetValue(key, out var session))
                {
                    session = platform.NewSession();
                    if (account is not null)
                    {
                        await session.SignInAsync(account);
                    }
                    sessions[key] = session;
                }
                var forms = endpoint.IsPage ? await FormsOnAsync(session, path) : [""];
                foreach (var form in forms.DefaultIfEmpty("no-form"))
                {
                    foreach (var forgery in Enum.GetValues<Forgery>())
                    {
                        if (forgery == Forgery.AnotherAccountsToken && account == platform.PatientB)
                        {
                            continue;
                        }
                        var token = forgery switch
                        {
                            Forgery.MadeUpToken => "CfDJ8" + new string('A', 150),
                            Forgery.AnotherAccountsToken => strangersToken,
                            _ => null,
                        };
                        using var response = await PostAsync(session, endpoint, path, form, token);
                        probes++;
                        var body = await response.Content.ReadAsStringAsync();
                        if (response.StatusCode != HttpStatusCode.BadRequest)
                        {
                            failures.Add($"POST {path} form '{form}' as {key} with {forgery}: {(int)response.StatusCode} {response.Headers.Location}");
                        }
                        else if (!endpoint.IsPage && !body.Contains("security token", StringComparison.OrdinalIgnoreCase))
                        {
                            failures.Add($"POST {path} form '{form}' as {key} with {forgery}: 400 but not for the token: {body[..Math.Min(200, body.Length)]}");
                        }
                    }
                }
            }
            // Still signed in (the forged sign-outs did nothing) and nothing stored.
            foreach (var (key, session) in sessions.Where(s => s.Key != "anonymous"))
            {
                using var start = await session.GetAsync("/start");
                Assert.True(start.StatusCode == HttpStatusCode.Redirect && start.Headers.Location?.ToString().Contains("login", StringComparison.Ordinal) != true, $"{key} was signed out by a forged post");
            }
        }
        finally
        {
            foreach (var s in sessions.Values)
            {
                s.Dispose();
            }
        }
        output.WriteLine($"{posts.Count} POST endpoints, {probes} forged posts");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Equal(caseBefore!.Version, (await platform.Database.Cases.GetStoredAsync(platform.CaseA))!.Version);
        Assert.Equal(draftBefore!.Version, (await platform.Database.Cases.GetStoredAsync(platform.DraftA))!.Version);
        Assert.Equal(documentsBefore, (await platform.Documents.ListAsync(platform.CaseA)).Count);
    }

    [Fact]
    public async Task GivenAForgedSignInPost_WhenItCarriesTheRightPasswordButNoToken_ThenNoSessionIsCreated()
    {
        using var session = platform.NewSession();
        using var content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = platform.PatientA.Email, ["Input.Password"] = platform.PatientA.Password,
        });
        using var response = await session.Client.PostAsync("/account/login", content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [], c => c.StartsWith("consilium.session=", StringComparison.Ordinal));
        using var start = await session.GetAsync("/start");
        Assert.Contains("/account/login", start.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    private static async Task<IReadOnlyList<string>> FormsOnAsync(Session session, string path)
    {
        using var page = await session.GetAsync(path);
        return EndpointCatalog.FormNames(await page.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> PostAsync(Session session, MappedEndpoint endpoint, string path, string form, string? token)
    {
        HttpContent content;
        if (endpoint.IsPage)
        {
            var fields = new Dictionary<string, string> { ["_handler"] = form, ["Input.Text"] = "forged" };
            if (token is not null)
            {
                fields["__RequestVerificationToken"] = token;
            }
            content = new FormUrlEncodedContent(fields);
        }
        else if (path.EndsWith("/documents", StringComparison.Ordinal) || path.EndsWith("/imaging", StringComparison.Ordinal))
        {
            var multipart = new MultipartFormDataContent();
            if (token is not null)
            {
                multipart.Add(new StringContent(token), "__RequestVerificationToken");
            }
            var file = new ByteArrayContent("forged upload"u8.ToArray());
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            multipart.Add(file, path.EndsWith("/imaging", StringComparison.Ordinal) ? "files" : "file", "forged.txt");
            content = multipart;
        }
        else
        {
            content = new FormUrlEncodedContent(token is null ? [] : [new("__RequestVerificationToken", token)]);
        }
        using (content)
        {
            return await session.Client.PostAsync(path, content);
        }
    }
}
