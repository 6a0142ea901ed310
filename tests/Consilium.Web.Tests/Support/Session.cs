using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Consilium.Web.Tests.Support;

/// <summary>A browser-like HTTP client (cookies, no automatic redirects) that can sign in like a person does.</summary>
public sealed partial class Session : IDisposable
{
    private readonly HttpClient _client;

    public Session(Platform platform)
        : this(platform?.BaseUri ?? throw new ArgumentNullException(nameof(platform)))
    {
    }

    public Session(Uri baseUri)
    {
        _client = new HttpClient(new HttpClientHandler { CookieContainer = Cookies, AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = baseUri,
        };
    }

    public HttpClient Client => _client;

    /// <summary>The cookies the server set (and any a test plants).</summary>
    public CookieContainer Cookies { get; } = new();

    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(new Uri(path, UriKind.RelativeOrAbsolute));

    public async Task<string> GetPageAsync(string path)
    {
        using var response = await GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>Posts a Blazor form (<paramref name="formName"/>) from the page at <paramref name="path"/> with its antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string formName, IDictionary<string, string> fields)
    {
        var page = await GetPageAsync(path);
        var values = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = Token(page) };
        using var content = new FormUrlEncodedContent(values);
        return await _client.PostAsync(new Uri(path, UriKind.RelativeOrAbsolute), content);
    }

    public const string SessionCookieName = "consilium.session";

    /// <summary>
    /// Signs in (with the TOTP step for clinicians) and checks it worked. A clinician signed in before on this platform joins that
    /// session (see <see cref="TestAccount.SessionCookie"/>); the sign-in flow itself is tested with accounts of its own.
    /// </summary>
    public async Task SignInAsync(TestAccount account)
    {
        ArgumentNullException.ThrowIfNull(account);
        if (account.TotpSecret is not null && account.SessionCookie is { } cookie)
        {
            Cookies.Add(_client.BaseAddress!, new Cookie(SessionCookieName, cookie));
            using var start = await GetAsync("/start");
            if (start.StatusCode == HttpStatusCode.Redirect && start.Headers.Location?.ToString().Contains("/account/", StringComparison.Ordinal) == false)
            {
                return;
            }
        }
        using var login = await PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = account.Email, ["Input.Password"] = account.Password });
        var location = login.Headers.Location?.ToString() ?? "";
        if (location.Contains("login-2fa", StringComparison.Ordinal))
        {
            using var second = await PostFormAsync(location, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = account.TotpCode() });
            location = second.Headers.Location?.ToString() ?? "";
        }
        Assert.True(location.EndsWith("/start", StringComparison.Ordinal), $"{account} did not sign in (redirected to '{location}')");
        if (account.TotpSecret is not null)
        {
            account.SessionCookie = Cookies.GetCookies(_client.BaseAddress!)[SessionCookieName]?.Value;
        }
    }

    public static string Token(string page)
    {
        var match = TokenPattern().Match(page);
        Assert.True(match.Success, "the page has no antiforgery token");
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public async Task<HttpResponseMessage> UploadAsync(Guid caseId, string returnUrl, string fileName, byte[] content, string contentType)
    {
        var page = await GetPageAsync(returnUrl);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new StringContent(returnUrl), "returnUrl" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        if (fileName.Any(c => c is '"' or '\\' || c > 127 || char.IsControl(c)))
        {
            // Sent the way RFC 7578 allows for any name (filename*, percent-encoded UTF-8), as a browser sends a name a quoted string cannot hold.
            file.Headers.ContentDisposition = new ContentDispositionHeaderValue("form-data") { Name = "\"file\"", FileNameStar = fileName };
            form.Add(file);
        }
        else
        {
            form.Add(file, "file", fileName);
        }
        return await _client.PostAsync(new Uri($"/cases/{caseId}/documents", UriKind.Relative), form);
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
