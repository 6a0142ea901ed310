using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Security;
using Consilium.Web.Tests.Support;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Consilium.Web.Tests.Security;

/// <summary>
/// Every endpoint the app maps, against every role and every non-owner. An endpoint that declares no audience
/// ([Public] or [Access]) fails the test, so nothing new can be mapped without a decision about who may call it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed partial class AuthorizationMatrixTests(Platform platform, ITestOutputHelper output)
{
    private enum Outcome
    {
        Allowed,
        SignIn,
        Denied,
        NotFound,
    }

    [Fact]
    public async Task Every_endpoint_declares_an_audience_and_every_role_and_non_owner_gets_what_it_declares()
    {
        var endpoints = platform.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.NotEmpty(endpoints);

        using var anonymous = platform.NewSession();
        var sessions = new Dictionary<TestAccount, Session>();
        foreach (var account in platform.Accounts)
        {
            var session = platform.NewSession();
            await session.SignInAsync(account);
            sessions[account] = session;
        }

        var failures = new List<string>();
        var rows = new List<string>();
        try
        {
            foreach (var endpoint in endpoints.OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal))
            {
                var pattern = "/" + (endpoint.RoutePattern.RawText ?? "").TrimStart('/');
                var access = endpoint.Metadata.GetMetadata<AccessAttribute>();
                var isPublic = endpoint.Metadata.GetMetadata<PublicAttribute>() is not null;
                if (access is null && !isPublic)
                {
                    failures.Add($"{pattern}: declares no audience; add [Public] or [Access(...)] (or .Access(...)).");
                    continue;
                }
                if (Fill(pattern) is not { } path)
                {
                    failures.Add($"{pattern}: has a route parameter this test does not know how to fill; teach Fill() about it.");
                    continue;
                }
                var isPage = endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;
                var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                var method = isPage || methods.Contains("GET") ? "GET" : methods[0];
                var api = access?.Api == true;
                var caseScoped = CaseParameter().IsMatch(pattern);

                var row = new List<string>();
                foreach (var principal in new TestAccount?[] { null }.Concat(platform.Accounts))
                {
                    var expected = isPublic ? Outcome.Allowed : Expect(access!, caseScoped, principal);
                    Outcome actual;
                    if (api)
                    {
                        actual = await CallApiAsync(anonymous.Client, method, path, principal?.Token);
                    }
                    else
                    {
                        actual = await CallAsync(principal is null ? anonymous : sessions[principal], method, path);
                    }
                    row.Add($"{principal?.Name ?? "anonymous"}={actual}");
                    // A public page may still send someone to sign in (the second-factor page without a pending sign-in does).
                    if (actual != expected && !(isPublic && actual == Outcome.SignIn))
                    {
                        failures.Add($"{method} {pattern} as {principal?.Name ?? "anonymous"}: expected {expected}, got {actual}");
                    }
                }
                rows.Add($"{method} {pattern} [{(isPublic ? "Anyone" : access!.Audience + (api ? ", API" : "") + (caseScoped ? ", " + access.Operation : ""))}]: {string.Join(", ", row)}");
            }
        }
        finally
        {
            foreach (var s in sessions.Values)
            {
                s.Dispose();
            }
        }
        foreach (var row in rows)
        {
            output.WriteLine(row);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.Contains(rows, r => r.Contains("CaseParty", StringComparison.Ordinal));
    }

    /// <summary>The rule, written independently of the code under test.</summary>
    private Outcome Expect(AccessAttribute access, bool caseScoped, TestAccount? principal)
    {
        if (principal is null)
        {
            return Outcome.SignIn;
        }
        var roleAllowed = access.Audience switch
        {
            Audience.SignedIn => true,
            Audience.Patient => principal.Role == ConsiliumRoles.Patient,
            Audience.Coordinator => principal.Role == ConsiliumRoles.Coordinator,
            Audience.Expert => principal.Role == ConsiliumRoles.Expert,
            Audience.Admin => principal.Role == ConsiliumRoles.Admin,
            Audience.CaseParty => principal.Role is ConsiliumRoles.Patient or ConsiliumRoles.Expert or ConsiliumRoles.Coordinator,
            Audience.Oversight => principal.Role is ConsiliumRoles.Coordinator or ConsiliumRoles.Admin,
            _ => false,
        };
        if (!roleAllowed)
        {
            return Outcome.Denied;
        }
        if (!caseScoped)
        {
            return Outcome.Allowed;
        }
        var party = access.Operation switch
        {
            CaseOperation.Read => principal == platform.PatientA || principal == platform.ExpertA || principal == platform.Coordinator,
            CaseOperation.ChangeAsPatient => principal == platform.PatientA,
            CaseOperation.Coordinate => principal == platform.Coordinator,
            CaseOperation.Review => principal == platform.ExpertA,
            CaseOperation.AddRecords => principal == platform.PatientA || principal == platform.Coordinator,
            _ => false,
        };
        return party ? Outcome.Allowed : Outcome.NotFound;
    }

    private static async Task<Outcome> CallAsync(Session session, string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET")
        {
            request.Content = new FormUrlEncodedContent([]);
        }
        using var response = await session.Client.SendAsync(request);
        return Classify(response);
    }

    private static async Task<Outcome> CallApiAsync(HttpClient client, string method, string path, string? token)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (method != "GET")
        {
            request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await client.SendAsync(request);
        return Classify(response);
    }

    private static Outcome Classify(HttpResponseMessage response)
    {
        var location = response.Headers.Location?.ToString() ?? "";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => Outcome.SignIn,
            HttpStatusCode.Forbidden => Outcome.Denied,
            HttpStatusCode.NotFound => Outcome.NotFound,
            _ when location.Contains("/account/login", StringComparison.Ordinal) => Outcome.SignIn,
            _ when location.Contains("/account/access-denied", StringComparison.Ordinal) => Outcome.Denied,
            _ => Outcome.Allowed,
        };
    }

    /// <summary>The pattern with its parameters filled with patient A's case, its document, and so on; null for an unknown parameter.</summary>
    private string? Fill(string pattern)
    {
        var path = OptionalParameter().Replace(pattern, "");
        path = path.Replace("{caseId:guid}", platform.CaseA.ToString(), StringComparison.OrdinalIgnoreCase)
            .Replace("{documentId:guid}", platform.DocumentA.ToString(), StringComparison.Ordinal)
            .Replace("{rereadId:guid}", platform.RereadA.ToString(), StringComparison.Ordinal)
            .Replace("{Step:int}", "1", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{**path}", "web-viewer/app/viewer.html", StringComparison.Ordinal);
        return path.Contains('{', StringComparison.Ordinal) ? null : path.TrimEnd('/') is { Length: > 0 } p ? p : "/";
    }

    [GeneratedRegex(@"\{caseId(:guid)?\}", RegexOptions.IgnoreCase)]
    private static partial Regex CaseParameter();

    [GeneratedRegex(@"/?\{[^}]*\?\}")]
    private static partial Regex OptionalParameter();
}
