using System.Net;
using System.Net.Http.Headers;
using Consilium.Web.Features.Api;
using Consilium.Web.Features.Identity;
using Consilium.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Consilium.Web.Tests.Security;

/// <summary>
/// Sign-in and credentials: session fixation, brute force on the password and on the authenticator step, authenticator codes
/// replayed, and API tokens revoked or expired.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SessionTests(Platform platform)
{
    private const string SessionCookie = Session.SessionCookieName;

    [Fact]
    public async Task GivenASessionCookiePlantedBeforeSignIn_WhenThePatientSignsIn_ThenANewCookieIsIssuedAndThePlantedOneStaysAnonymous()
    {
        const string planted = "CfDJ8planted-by-someone-else";
        using var session = platform.NewSession();
        var cookies = Cookies(session);
        cookies.Add(platform.BaseUri, new Cookie(SessionCookie, planted));
        await session.SignInAsync(platform.PatientA);

        var issued = cookies.GetCookies(platform.BaseUri)[SessionCookie]?.Value;
        Assert.False(string.IsNullOrEmpty(issued));
        Assert.NotEqual(planted, issued);
        using var attacker = platform.NewSession();
        Cookies(attacker).Add(platform.BaseUri, new Cookie(SessionCookie, planted));
        using var start = await attacker.GetAsync("/cases");
        Assert.Contains("/account/login", start.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTwoSignInsOfTheSameAccount_WhenTheirCookiesAreCompared_ThenEachSignInGetsItsOwnSession()
    {
        using var first = platform.NewSession();
        await first.SignInAsync(platform.PatientA);
        using var second = platform.NewSession();
        await second.SignInAsync(platform.PatientA);
        Assert.NotEqual(Cookies(first).GetCookies(platform.BaseUri)[SessionCookie]!.Value, Cookies(second).GetCookies(platform.BaseUri)[SessionCookie]!.Value);
    }

    [Fact]
    public async Task GivenAClinicianPastThePasswordOnly_WhenTheCookiesTheyHoldAreUsed_ThenNothingIsSignedInUntilTheCode()
    {
        var account = await ClinicianAsync();
        using var session = platform.NewSession();
        var location = await PasswordStepAsync(session, account);
        Assert.Contains("login-2fa", location, StringComparison.Ordinal);
        Assert.Null(Cookies(session).GetCookies(platform.BaseUri)[SessionCookie]);
        foreach (var path in new[] { "/start", "/expert", "/account/two-factor" })
        {
            using var response = await session.GetAsync(path);
            Assert.Contains("/account/login", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GivenAUsedAuthenticatorCode_WhenItIsEnteredAgainInAnotherSignIn_ThenItIsRefusedAsAreEarlierCodesButTheNextCodeWorks()
    {
        var account = await ClinicianAsync();
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        account.UsedUpTo(step + 1);

        using (var first = platform.NewSession())
        {
            Assert.EndsWith("/start", await CodeStepAsync(first, account, account.CodeAt(step)), StringComparison.Ordinal);
        }
        using var second = platform.NewSession();
        var location = await PasswordStepAsync(second, account);
        foreach (var replayed in new[] { account.CodeAt(step), account.CodeAt(step - 1) })
        {
            using var refused = await second.PostFormAsync(location, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = replayed });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
            Assert.Contains("That code is not right", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Null(Cookies(second).GetCookies(platform.BaseUri)[SessionCookie]);
        }
        using var next = await second.PostFormAsync(location, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = account.CodeAt(step + 1) });
        Assert.EndsWith("/start", next.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenTwoSignInsRacingWithTheSameFreshCode_WhenBothPostItAtOnce_ThenExactlyOneIsSignedIn()
    {
        var account = await ClinicianAsync();
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        account.UsedUpTo(step);
        using var a = platform.NewSession();
        using var b = platform.NewSession();
        var locationA = await PasswordStepAsync(a, account);
        var locationB = await PasswordStepAsync(b, account);
        var tokenA = Session.Token(await a.GetPageAsync(locationA));
        var tokenB = Session.Token(await b.GetPageAsync(locationB));
        var code = account.CodeAt(step);
        var results = await Task.WhenAll(PostCodeAsync(a, locationA, tokenA, code), PostCodeAsync(b, locationB, tokenB, code));
        Assert.Equal(1, results.Count(signedIn => signedIn));
    }

    [Fact]
    public async Task GivenFiveWrongAuthenticatorCodes_WhenTheRightCodeFollows_ThenTheAccountIsLockedAndNoSessionIsIssued()
    {
        var account = await ClinicianAsync();
        using var session = platform.NewSession();
        var location = await PasswordStepAsync(session, account);
        var step = DateTimeOffset.UtcNow.ToUnixTimeSeconds() / 30;
        var wrong = ((int.Parse(account.CodeAt(step), System.Globalization.CultureInfo.InvariantCulture) + 500_000) % 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        for (var i = 0; i < 5; i++)
        {
            using var refused = await session.PostFormAsync(location, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = wrong });
            Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        }
        using var locked = await session.PostFormAsync(location, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = account.TotpCode() });
        Assert.Contains("locked", await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Cookies(session).GetCookies(platform.BaseUri)[SessionCookie]);

        // The password alone no longer gets anyone to the code step either.
        using var again = platform.NewSession();
        using var login = await again.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = account.Email, ["Input.Password"] = account.Password });
        Assert.Contains("locked", await login.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var scope = platform.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<ConsiliumUser>>();
        Assert.True(await users.IsLockedOutAsync((await users.FindByIdAsync(account.Id))!));
    }

    [Fact]
    public async Task GivenFiveWrongPasswords_WhenTheRightPasswordFollows_ThenItIsRefusedAsLocked()
    {
        var account = await platform.AccountAsync("lockout patient", ConsiliumRoles.Patient, $"lockout-{Guid.NewGuid():N}@test.example", twoFactor: false);
        using var session = platform.NewSession();
        for (var i = 1; i <= 5; i++)
        {
            using var wrong = await session.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = account.Email, ["Input.Password"] = "Wrong-Password-" + i });
            // The fifth failure is the one that locks.
            Assert.Contains(i < 5 ? "do not match" : "locked", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using var right = await session.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = account.Email, ["Input.Password"] = account.Password });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(Cookies(session).GetCookies(platform.BaseUri)[SessionCookie]);
    }

    [Fact]
    public async Task GivenAWorkingApiToken_WhenAnAdminRevokesItOnTheTokensPage_ThenTheVeryNextCallIs401()
    {
        var tokens = platform.App.Services.GetRequiredService<PersonalAccessTokens>();
        var (record, token) = await tokens.IssueAsync(platform.PatientA.Id, "revoked from the page", "test", null);
        using var api = new HttpClient { BaseAddress = platform.BaseUri };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var status = new Uri($"/api/cases/{platform.CaseA}/status", UriKind.Relative);
        for (var i = 0; i < 3; i++)
        {
            using var ok = await api.GetAsync(status);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        using var admin = platform.NewSession();
        await admin.SignInAsync(platform.Admin);
        using (var revoke = await admin.PostFormAsync("/admin/tokens", $"revoke-{record.Id}", new Dictionary<string, string>()))
        {
            Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        }
        using var refused = await api.GetAsync(status);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.DoesNotContain("Osteoarthritis", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenAnExpiredApiToken_WhenItIsUsed_ThenItIs401()
    {
        var tokens = platform.App.Services.GetRequiredService<PersonalAccessTokens>();
        var (_, token) = await tokens.IssueAsync(platform.PatientA.Id, "expired", "test", TimeSpan.FromSeconds(-1));
        using var api = new HttpClient { BaseAddress = platform.BaseUri };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var refused = await api.GetAsync(new Uri($"/api/cases/{platform.CaseA}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("/\\evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\t/evil.example/")]
    [InlineData("/\n/evil.example/")]
    [InlineData(" //evil.example/")]
    [InlineData("/%09/evil.example/")]
    [InlineData("javascript:alert(1)")]
    public async Task GivenASignInLinkWithAForeignReturnAddress_WhenThePatientSignsIn_ThenTheyLandOnAPageOfOursNeverElsewhere(string returnUrl)
    {
        using var session = platform.NewSession();
        using var login = await session.PostFormAsync("/account/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl), "login",
            new Dictionary<string, string> { ["Input.Email"] = platform.PatientA.Email, ["Input.Password"] = platform.PatientA.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        var location = login.Headers.Location!;
        Assert.False(location.IsAbsoluteUri && location.Host != platform.BaseUri.Host, $"sent to {location}");
        var target = location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
        Assert.True(target.StartsWith('/') && !target.StartsWith("//", StringComparison.Ordinal) && !target.Any(c => char.IsControl(c) || c == '\\'), $"sent to '{target}'");
    }

    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    public void GivenTheRfc6238TestSecret_WhenTheCodeOfATimeIsComputed_ThenItIsTheRfcsSha1Value(long unixSeconds, string code) =>
        Assert.Equal(code, OneTimeAuthenticatorCodes.Code("12345678901234567890"u8.ToArray(), unixSeconds / 30));

    private Task<TestAccount> ClinicianAsync() =>
        platform.AccountAsync("probe expert", ConsiliumRoles.Expert, $"probe-{Guid.NewGuid():N}@test.example", twoFactor: true);

    private static async Task<string> PasswordStepAsync(Session session, TestAccount account)
    {
        using var login = await session.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = account.Email, ["Input.Password"] = account.Password });
        return login.Headers.Location?.ToString() ?? "";
    }

    private static async Task<string> CodeStepAsync(Session session, TestAccount account, string code)
    {
        var location = await PasswordStepAsync(session, account);
        using var second = await session.PostFormAsync(location, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = code });
        return second.Headers.Location?.ToString() ?? "";
    }

    private static async Task<bool> PostCodeAsync(Session session, string location, string token, string code)
    {
        using var content = new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "login-2fa", ["__RequestVerificationToken"] = token, ["Input.Code"] = code });
        using var response = await session.Client.PostAsync(location, content);
        return response.Headers.Location?.ToString().EndsWith("/start", StringComparison.Ordinal) == true;
    }

    private static CookieContainer Cookies(Session session) => session.Cookies;
}
