using System.Net;
using System.Text.RegularExpressions;
using Consilium.Web.Tests.Support;
using Xunit.Abstractions;

namespace Consilium.Web.Tests.Security;

/// <summary>
/// Every endpoint the app maps (read from its endpoint data source, so nothing new escapes it) against anonymous, every role and
/// every non-owner: the pages, the JSON API (bearer tokens), the downloads (documents, opinion PDF and FHIR, re-read FHIR, the
/// outcome CSV and charts) and the DICOM proxy. An endpoint that declares no audience ([Public] or [Access]) fails the test, so
/// nothing can be mapped without a decision about who may call it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class AuthorizationMatrixTests(Platform platform, ITestOutputHelper output)
{
    [Fact]
    public async Task GivenEveryMappedEndpoint_WhenAnonymousEveryRoleAndEveryNonOwnerCallIt_ThenEachGetsWhatItsAudienceDeclares()
    {
        var endpoints = EndpointCatalog.Read(platform);
        Assert.NotEmpty(endpoints);
        using var anonymous = platform.NewSession();
        var sessions = await SignInEveryoneAsync();
        var failures = new List<string>();
        var rows = new List<string>();
        var probes = 0;
        try
        {
            foreach (var endpoint in endpoints)
            {
                if (endpoint.Access is null && !endpoint.IsPublic)
                {
                    failures.Add($"{endpoint}: declares no audience; add [Public] or [Access(...)] (or .Access(...)).");
                    continue;
                }
                if (EndpointCatalog.Fill(platform, endpoint.Pattern) is not { } path)
                {
                    failures.Add($"{endpoint}: has a route parameter this test does not know how to fill; teach EndpointCatalog.Fill about it.");
                    continue;
                }
                var method = endpoint.ProbeMethod;
                var row = new List<string>();
                foreach (var principal in new TestAccount?[] { null }.Concat(platform.Accounts))
                {
                    var expected = EndpointCatalog.Expect(platform, endpoint, principal);
                    var (actual, status, _) = endpoint.Api
                        ? await EndpointCatalog.CallAsync(anonymous.Client, method, path, principal?.Token)
                        : await EndpointCatalog.CallAsync((principal is null ? anonymous : sessions[principal]).Client, method, path);
                    probes++;
                    row.Add($"{principal?.Name ?? "anonymous"}={actual}");
                    // A public page may still send someone to sign in (the second-factor page without a pending sign-in does).
                    if (actual != expected && !(endpoint.IsPublic && actual == Outcome.SignIn))
                    {
                        failures.Add($"{method} {endpoint} as {principal?.Name ?? "anonymous"}: expected {expected}, got {actual} ({(int)status})");
                    }
                }
                rows.Add($"{method} {endpoint} [{endpoint.Audience}]: {string.Join(", ", row)}");
            }
        }
        finally
        {
            Dispose(sessions);
        }
        rows.ForEach(output.WriteLine);
        output.WriteLine($"{endpoints.Count} endpoints x {platform.Accounts.Count + 1} principals = {probes} probes");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Contains(rows, r => r.Contains("CaseParty", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("/imaging/archive/", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("outcomes.csv", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GivenEveryPageForm_WhenSomeoneWhoMayNotUseItPostsItWithTheirOwnValidToken_ThenTheyGetTheDenialAndTheCaseIsUnchanged()
    {
        var pages = EndpointCatalog.Read(platform).Where(e => e.IsPage && e.AcceptsPost && e.Access is not null).ToList();
        Assert.NotEmpty(pages);
        var sessions = await SignInEveryoneAsync();
        var failures = new List<string>();
        var missing = Guid.NewGuid();
        var forms = 0;
        try
        {
            var before = await platform.Database.Cases.GetStoredAsync(platform.CaseA);
            foreach (var page in pages)
            {
                var path = EndpointCatalog.Fill(platform, page.Pattern)!;
                // The forms the page shows to someone who may use it.
                var allowed = platform.Accounts.FirstOrDefault(a => EndpointCatalog.Expect(platform, page, a) == Outcome.Allowed);
                if (allowed is null)
                {
                    continue;
                }
                using var response = await sessions[allowed].GetAsync(path);
                var names = EndpointCatalog.FormNames(await response.Content.ReadAsStringAsync());
                foreach (var other in platform.Accounts.Where(a => EndpointCatalog.Expect(platform, page, a) != Outcome.Allowed))
                {
                    var token = Session.Token(await sessions[other].GetPageAsync("/"));
                    foreach (var name in names)
                    {
                        forms++;
                        var (actual, status, body) = await PostFormAsync(sessions[other], path, name, token);
                        var expected = EndpointCatalog.Expect(platform, page, other);
                        if (expected == Outcome.NotFound && status == HttpStatusCode.BadRequest)
                        {
                            // The page does not show a non-party the form, so the framework refuses the post (400): acceptable only
                            // when it is word for word the answer for a case that does not exist.
                            var (_, noneStatus, noneBody) = await PostFormAsync(sessions[other], EndpointCatalog.Fill(platform, page.Pattern, missing)!, name, token);
                            actual = noneStatus == status && Normalise(noneBody, missing) == Normalise(body, platform.CaseA) ? Outcome.NotFound : Outcome.Allowed;
                        }
                        if (actual != expected)
                        {
                            failures.Add($"POST {page} form '{name}' as {other}: expected {expected}, got {actual} ({(int)status})");
                        }
                    }
                }
            }
            var after = await platform.Database.Cases.GetStoredAsync(platform.CaseA);
            Assert.Equal(before!.Version, after!.Version);
        }
        finally
        {
            Dispose(sessions);
        }
        output.WriteLine($"{forms} form posts by accounts that may not use them");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(forms > 10, $"only {forms} forms were probed");
    }

    [Fact]
    public async Task GivenABrowserSessionOfEveryRole_WhenItCallsEveryApiEndpointWithItsCookieAlone_ThenItIs401()
    {
        var api = EndpointCatalog.Read(platform).Where(e => e.Api).ToList();
        Assert.NotEmpty(api);
        var sessions = await SignInEveryoneAsync();
        var failures = new List<string>();
        try
        {
            foreach (var endpoint in api)
            {
                var path = EndpointCatalog.Fill(platform, endpoint.Pattern)!;
                foreach (var (account, session) in sessions)
                {
                    foreach (var method in endpoint.Methods)
                    {
                        var (outcome, status, _) = await EndpointCatalog.CallAsync(session.Client, method, path);
                        if (status != HttpStatusCode.Unauthorized)
                        {
                            failures.Add($"{method} {endpoint} with {account}'s cookie: {(int)status} {outcome}");
                        }
                    }
                }
            }
        }
        finally
        {
            Dispose(sessions);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task GivenACaseTheCallerIsNotPartyTo_WhenEveryCaseEndpointIsCalled_ThenTheAnswerIsExactlyThatOfACaseThatDoesNotExist()
    {
        var scoped = EndpointCatalog.Read(platform).Where(e => e.CaseScoped && e.Access is not null).ToList();
        Assert.NotEmpty(scoped);
        var outsiders = new[] { platform.PatientB, platform.ExpertB };
        var sessions = await SignInEveryoneAsync();
        var missing = Guid.NewGuid();
        var failures = new List<string>();
        try
        {
            foreach (var endpoint in scoped)
            {
                foreach (var outsider in outsiders.Where(o => EndpointCatalog.Expect(platform, endpoint, o) == Outcome.NotFound))
                {
                    var real = EndpointCatalog.Fill(platform, endpoint.Pattern)!;
                    var none = EndpointCatalog.Fill(platform, endpoint.Pattern, missing)!;
                    var (a, aStatus, aBody) = endpoint.Api
                        ? await EndpointCatalog.CallAsync(sessions[outsider].Client, endpoint.ProbeMethod, real, outsider.Token)
                        : await EndpointCatalog.CallAsync(sessions[outsider].Client, endpoint.ProbeMethod, real);
                    var (b, bStatus, bBody) = endpoint.Api
                        ? await EndpointCatalog.CallAsync(sessions[outsider].Client, endpoint.ProbeMethod, none, outsider.Token)
                        : await EndpointCatalog.CallAsync(sessions[outsider].Client, endpoint.ProbeMethod, none);
                    var bodyA = Normalise(aBody, platform.CaseA);
                    var bodyB = Normalise(bBody, missing);
                    if (a != Outcome.NotFound || aStatus != bStatus || bodyA != bodyB)
                    {
                        failures.Add($"{endpoint.ProbeMethod} {endpoint} as {outsider}: existing case {(int)aStatus} {a}, missing case {(int)bStatus} {b}{(bodyA == bodyB ? "" : ", bodies differ")}");
                    }
                    Assert.DoesNotContain("Osteoarthritis", aBody, StringComparison.Ordinal);
                }
            }
        }
        finally
        {
            Dispose(sessions);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    private async Task<Dictionary<TestAccount, Session>> SignInEveryoneAsync()
    {
        var sessions = new Dictionary<TestAccount, Session>();
        foreach (var account in platform.Accounts)
        {
            var session = platform.NewSession();
            await session.SignInAsync(account);
            sessions[account] = session;
        }
        return sessions;
    }

    private static async Task<(Outcome Outcome, HttpStatusCode Status, string Body)> PostFormAsync(Session session, string path, string form, string token)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = form, ["__RequestVerificationToken"] = token });
        using var post = await session.Client.PostAsync(path, content);
        return (EndpointCatalog.Classify(post), post.StatusCode, await post.Content.ReadAsStringAsync());
    }

    private static void Dispose(Dictionary<TestAccount, Session> sessions)
    {
        foreach (var s in sessions.Values)
        {
            s.Dispose();
        }
    }

    /// <summary>The body without what legitimately differs: the case id in the address and the request's trace id.</summary>
    private static string Normalise(string body, Guid caseId) =>
        TraceId().Replace(body.Replace(caseId.ToString(), "{case}", StringComparison.OrdinalIgnoreCase), "\"traceId\":\"-\"");

    [GeneratedRegex("\"traceId\":\"[^\"]*\"")]
    private static partial Regex TraceId();
}
