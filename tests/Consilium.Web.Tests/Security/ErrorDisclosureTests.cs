using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Consilium.Web.Features.Security;
using Consilium.Web.Tests.Support;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Consilium.Web.Tests.Security;

/// <summary>The platform as an operator runs it: the Production environment, plus one endpoint that fails on purpose.</summary>
public sealed class ProductionPlatform : Platform
{
    public const string FailingPath = "/probe/fails";

    protected override string EnvironmentName => "Production";

    protected override void BeforeStart(WebApplication app) =>
        app.MapGet(FailingPath, string () => throw new InvalidOperationException("SELECT * FROM cases WHERE secret; at /work/src/Consilium.Storage/Secret.cs"))
            .Access(Audience.Anyone);
}

/// <summary>
/// Errors say what went wrong in words and nothing about the inside: forced failures (malformed ids, bad JSON bodies, broken
/// multipart forms, huge headers, hostile tokens and cookies, an unhandled exception) in the Production environment never answer
/// with a stack trace, an exception type, SQL, a file path or the server's software.
/// </summary>
public sealed class ErrorDisclosureTests(ProductionPlatform platform) : IClassFixture<ProductionPlatform>
{
    private static readonly string[] Internals =
    [
        "Exception", " at Consilium.", "   at ", "StackTrace", "stack trace", "SELECT ", "INSERT ", "SQLite", "Npgsql", "/work/", "/tmp/",
        "src/Consilium", ".cs:line", "Microsoft.AspNetCore", "System.", "Kestrel",
    ];

    [Fact]
    public async Task GivenAnUnhandledExceptionInProduction_WhenItsEndpointIsCalled_Then500ProblemDetailsWithoutTheExceptionOrItsMessage()
    {
        using var client = new HttpClient { BaseAddress = platform.BaseUri };
        using var response = await client.GetAsync(new Uri(ProductionPlatform.FailingPath, UriKind.Relative));
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        AssertNothingInternal("GET " + ProductionPlatform.FailingPath, response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GivenHostileRequestsToEveryKindOfEndpoint_WhenSentAnonymouslyAndSignedIn_ThenEachIs4xxAndSaysNothingInternal()
    {
        using var anonymous = platform.NewSession();
        using var patient = platform.NewSession();
        await patient.SignInAsync(platform.PatientA);
        using var admin = platform.NewSession();
        await admin.SignInAsync(platform.Admin);
        var failures = new List<string>();
        var probes = 0;

        async Task ProbeAsync(string what, HttpClient client, HttpRequestMessage request)
        {
            probes++;
            using (request)
            {
                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{what}: {(int)response.StatusCode}");
                }
                failures.AddRange(Leaks(what, response, body));
            }
        }

        HttpRequestMessage Get(string path) => new(HttpMethod.Get, path);
        HttpRequestMessage Api(HttpMethod method, string path, HttpContent? content = null, string? token = null)
        {
            var request = new HttpRequestMessage(method, path) { Content = content };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? platform.Coordinator.Token);
            return request;
        }

        // Malformed ids and routes.
        foreach (var path in new[]
        {
            "/cases/not-a-guid", "/cases/00000000-0000-0000-0000-00000000000Z", $"/cases/{platform.CaseA}/documents/not-a-guid",
            $"/cases/{platform.CaseA}/documents/{Guid.NewGuid()}", "/intake/not-a-guid/1", $"/intake/{platform.DraftA}/99999999999",
            $"/intake/{platform.DraftA}/-1", "/expert/cases/%00", "/coordinator/cases/'%20OR%201=1--", "/admin/audit?case=not-a-guid",
            "/admin/audit?from=yesterday&to=%ff", "/intake/new?situation=%3Cscript%3E", $"/cases/{platform.CaseA}/imaging/archive/..%2F..%2Fsystem",
            $"/cases/{platform.CaseA}/imaging/archive/instances/%2e%2e/file", "/account/login?ReturnUrl=%0d%0aSet-Cookie:x=1",
            "/account/reset-password?code=%%%&email=x", "/account/confirm-email?userId=x&code=%zz", "/" + new string('a', 4000),
        })
        {
            await ProbeAsync("GET " + path + " (anonymous)", anonymous.Client, Get(path));
            await ProbeAsync("GET " + path + " (patient)", patient.Client, Get(path));
            await ProbeAsync("GET " + path + " (admin)", admin.Client, Get(path));
        }
        foreach (var path in new[] { "/api/cases/not-a-guid", "/api/cases/00000000-0000-0000-0000-000000000000/opinion.pdf", $"/api/cases/{platform.CaseA}/status?x=%ff" })
        {
            await ProbeAsync("GET " + path, anonymous.Client, Api(HttpMethod.Get, path));
        }

        // Bad JSON bodies and wrong content to the API.
        var bodies = new Dictionary<string, HttpContent>
        {
            ["truncated JSON"] = Json("{\"resourceType\":\"Bundle\",\"entry\":["),
            ["JSON null"] = Json("null"),
            ["a JSON array"] = Json("[1,2,3]"),
            ["a string"] = Json("\"Bundle\""),
            ["wrong types"] = Json("{\"resourceType\":\"Bundle\",\"type\":42,\"entry\":\"many\"}"),
            ["deep nesting"] = Json(new string('[', 100_000) + new string(']', 100_000)),
            ["duplicate keys"] = Json("{\"resourceType\":\"Bundle\",\"resourceType\":\"Patient\"}"),
            ["invalid UTF-8"] = Bytes([0x7B, 0x22, 0xC3, 0x28, 0x22, 0x3A, 0xFF, 0x7D], "application/json"),
            ["UTF-16"] = Bytes(Encoding.Unicode.GetBytes("{\"resourceType\":\"Bundle\",\"type\":\"collection\"}"), "application/json"),
            ["a huge string"] = Json("{\"resourceType\":\"Bundle\",\"id\":\"" + new string('x', 5_000_000) + "\"}"),
            ["XML"] = Bytes(Encoding.UTF8.GetBytes("<Bundle xmlns=\"http://hl7.org/fhir\"/>"), "application/xml"),
            ["nothing"] = Bytes([], "application/json"),
        };
        foreach (var (name, content) in bodies)
        {
            await ProbeAsync($"POST /api/cases with {name}", anonymous.Client, Api(HttpMethod.Post, "/api/cases", content));
        }
        await ProbeAsync("DELETE /api/cases", anonymous.Client, Api(HttpMethod.Delete, "/api/cases"));
        await ProbeAsync("PUT /api/cases/x", anonymous.Client, Api(HttpMethod.Put, $"/api/cases/{platform.CaseA}", Json("{}")));

        // Hostile credentials.
        foreach (var token in new[] { "csl_" + new string('A', 5000), "csl_%C3%A9\\x00", "not-a-token", "csl_' OR 1=1 --", "" })
        {
            await ProbeAsync($"token '{token[..Math.Min(12, token.Length)]}'", anonymous.Client, Api(HttpMethod.Get, $"/api/cases/{platform.CaseA}", token: token));
        }
        using (var garbage = new HttpRequestMessage(HttpMethod.Get, "/cases"))
        {
            garbage.Headers.TryAddWithoutValidation("Cookie", "consilium.session=CfDJ8" + new string('%', 300) + "; consilium.antiforgery=%%%");
            await ProbeAsync("a garbage session cookie", anonymous.Client, garbage);
        }
        foreach (var auth in new[] { "Bearer", "Basic Zm9vOmJhcg==", "Bearer " + new string('x', 20_000), "Negotiate abc" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{platform.CaseA}");
            request.Headers.TryAddWithoutValidation("Authorization", auth);
            await ProbeAsync($"Authorization '{auth[..Math.Min(14, auth.Length)]}'", anonymous.Client, request);
        }

        // Huge headers and query strings.
        var huge = new HttpRequestMessage(HttpMethod.Get, "/");
        huge.Headers.TryAddWithoutValidation("X-Probe", new string('h', 64 * 1024));
        await ProbeAsync("a 64 KB header", anonymous.Client, huge);
        var many = new HttpRequestMessage(HttpMethod.Get, "/");
        for (var i = 0; i < 200; i++)
        {
            many.Headers.TryAddWithoutValidation($"X-Probe-{i}", new string('m', 200));
        }
        await ProbeAsync("200 headers", anonymous.Client, many);
        await ProbeAsync("a 20 KB query string", anonymous.Client, Get("/guide?q=" + new string('q', 20_000)));

        // Broken form posts (with a valid token: the form itself is what is wrong).
        var token0 = Session.Token(await patient.GetPageAsync("/intake/new"));
        foreach (var (name, fields) in new (string, Dictionary<string, string>)[]
        {
            ("a date that is not a date", new() { ["_handler"] = "intake-1", ["Input.BirthDate"] = "31/31/31", ["Input.Sex"] = "Unicorn", ["Input.Cancer"] = "maybe" }),
            ("an unknown form", new() { ["_handler"] = "no-such-form" }),
            ("a number that overflows", new() { ["_handler"] = "intake-1", ["Input.BirthDate"] = "99999-01-01", ["Input.SymptomWeeks"] = "99999999999999999999" }),
        })
        {
            fields["__RequestVerificationToken"] = token0;
            await ProbeAsync($"intake form with {name}", patient.Client, new HttpRequestMessage(HttpMethod.Post, "/intake/new") { Content = new FormUrlEncodedContent(fields) });
        }
        var uploadToken = Session.Token(await patient.GetPageAsync($"/cases/{platform.DraftA}"));
        foreach (var (name, content) in new (string, HttpContent)[]
        {
            ("no boundary", Bytes("--x\r\n"u8.ToArray(), "multipart/form-data")),
            ("a body cut off", new ByteArrayContent(Encoding.UTF8.GetBytes($"--b\r\nContent-Disposition: form-data; name=\"__RequestVerificationToken\"\r\n\r\n{uploadToken}\r\n--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.txt\"\r\n\r\nhello"))),
            ("a header without a name", new ByteArrayContent("--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n--b--\r\n"u8.ToArray())),
            ("a boundary of 1000 characters", Bytes("--x"u8.ToArray(), "multipart/form-data; boundary=" + new string('b', 1000))),
        })
        {
            if (content.Headers.ContentType is null)
            {
                content.Headers.TryAddWithoutValidation("Content-Type", "multipart/form-data; boundary=b");
            }
            await ProbeAsync($"document upload with {name}", patient.Client, new HttpRequestMessage(HttpMethod.Post, $"/cases/{platform.DraftA}/documents") { Content = content });
        }

        Assert.True(failures.Count == 0, $"{failures.Count} of {probes} probes:{Environment.NewLine}{string.Join(Environment.NewLine, failures)}");
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static ByteArrayContent Bytes(byte[] bytes, string type)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.TryAddWithoutValidation("Content-Type", type);
        return content;
    }

    private static void AssertNothingInternal(string what, HttpResponseMessage response, string body)
    {
        var leaks = Leaks(what, response, body).ToList();
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    private static IEnumerable<string> Leaks(string what, HttpResponseMessage response, string body)
    {
        foreach (var word in Internals.Where(w => body.Contains(w, StringComparison.Ordinal)))
        {
            var at = body.IndexOf(word, StringComparison.Ordinal);
            yield return $"{what}: {(int)response.StatusCode} body has '{word}': …{body[Math.Max(0, at - 60)..Math.Min(body.Length, at + 60)]}…";
        }
        foreach (var header in new[] { "Server", "X-Powered-By", "X-AspNet-Version" }.Where(h => response.Headers.Contains(h)))
        {
            yield return $"{what}: header {header}: {string.Join(",", response.Headers.GetValues(header))}";
        }
    }
}
