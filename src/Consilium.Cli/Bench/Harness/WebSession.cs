using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Consilium.Cli.Bench.Harness;

/// <summary>
/// A browser-like HTTP client for the real server (cookies, no automatic redirects): reads pages, posts Blazor SSR forms with
/// their antiforgery token, signs in like a person does (password, then the authenticator code for clinicians).
/// </summary>
public sealed partial class WebSession : IDisposable
{
    private readonly HttpClient _client;

    public WebSession(Uri baseAddress, int maxConnections = 16)
    {
        _client = new HttpClient(new SocketsHttpHandler
        {
            CookieContainer = new CookieContainer(),
            UseCookies = true,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = maxConnections,
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(100),
        };
    }

    public HttpClient Client => _client;

    /// <summary>An API client for <paramref name="account"/> (bearer token; no cookies).</summary>
    public static HttpClient ApiClient(Uri baseAddress, BenchAccount account, int maxConnections = 16)
    {
        ArgumentNullException.ThrowIfNull(account);
        var client = new HttpClient(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, MaxConnectionsPerServer = maxConnections })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(100),
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", account.ApiToken);
        return client;
    }

    public Task<HttpResponseMessage> GetAsync(string path, CancellationToken cancellationToken = default) =>
        _client.GetAsync(new Uri(path, UriKind.RelativeOrAbsolute), cancellationToken);

    /// <summary>The page at <paramref name="path"/>; anything but 200 is an error naming the status and where it redirected.</summary>
    public async Task<string> GetPageAsync(string path, CancellationToken cancellationToken = default)
    {
        using var response = await GetAsync(path, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new HttpRequestException($"GET {path}: {(int)response.StatusCode} {response.Headers.Location}", null, response.StatusCode);
        }
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    /// <summary>Posts the Blazor form <paramref name="formName"/> of the page at <paramref name="path"/> with that page's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string path, string formName, IDictionary<string, string> fields, CancellationToken cancellationToken = default)
    {
        var page = await GetPageAsync(path, cancellationToken);
        var values = new Dictionary<string, string>(fields) { ["_handler"] = formName, ["__RequestVerificationToken"] = Token(page) };
        using var content = new FormUrlEncodedContent(values);
        return await _client.PostAsync(new Uri(path, UriKind.RelativeOrAbsolute), content, cancellationToken);
    }

    /// <summary>
    /// Signs in with the password and, for clinicians, the authenticator code. A code already used in this 30-second step is
    /// refused by the server (replay protection), so when the code step fails once, it waits for the next step and tries again.
    /// </summary>
    public async Task SignInAsync(BenchAccount account, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(account);
        using var login = await PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = account.Email, ["Input.Password"] = account.Password }, cancellationToken);
        var location = login.Headers.Location?.ToString() ?? "";
        if (location.Contains("login-2fa", StringComparison.Ordinal))
        {
            var twoFactorPage = location;
            for (var attempt = 0; attempt < 2; attempt++)
            {
                using var second = await PostFormAsync(twoFactorPage, "login-2fa", new Dictionary<string, string> { ["Input.Code"] = account.TotpCode() }, cancellationToken);
                location = second.Headers.Location?.ToString() ?? "";
                if (location.EndsWith("/start", StringComparison.Ordinal))
                {
                    break;
                }
                var untilNextStep = 30 - (DateTimeOffset.UtcNow.ToUnixTimeSeconds() % 30) + 1;
                await Task.Delay(TimeSpan.FromSeconds(untilNextStep), cancellationToken);
            }
        }
        if (!location.EndsWith("/start", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{account} could not sign in (redirected to '{location}').");
        }
    }

    /// <summary>Uploads a record to a case through the upload form on <paramref name="returnUrl"/>.</summary>
    public async Task<HttpResponseMessage> UploadAsync(Guid caseId, string returnUrl, string fileName, byte[] content, string contentType, CancellationToken cancellationToken = default)
    {
        var page = await GetPageAsync(returnUrl, cancellationToken);
        using var form = new MultipartFormDataContent
        {
            { new StringContent(Token(page)), "__RequestVerificationToken" },
            { new StringContent(returnUrl), "returnUrl" },
        };
        var file = new ByteArrayContent(content);
        file.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        form.Add(file, "file", fileName);
        return await _client.PostAsync(new Uri($"/cases/{caseId}/documents", UriKind.Relative), form, cancellationToken);
    }

    /// <summary>The antiforgery token of a rendered page.</summary>
    public static string Token(string page)
    {
        ArgumentNullException.ThrowIfNull(page);
        var match = TokenPattern().Match(page);
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value) : throw new InvalidOperationException("The page has no antiforgery token.");
    }

    public void Dispose() => _client.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
