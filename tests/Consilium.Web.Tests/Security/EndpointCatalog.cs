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

namespace Consilium.Web.Tests.Security;

/// <summary>What a call got, as the access rule sees it.</summary>
public enum Outcome
{
    Allowed,
    SignIn,
    Denied,
    NotFound,
    /// <summary>A 5xx: never the answer to a question of access.</summary>
    Error,
}

/// <summary>One endpoint the app maps (from its <see cref="EndpointDataSource"/>), with who it is for.</summary>
public sealed record MappedEndpoint(string Pattern, IReadOnlyList<string> Methods, AccessAttribute? Access, bool IsPublic, bool IsPage)
{
    public bool Api => Access?.Api == true;

    /// <summary>About one case: a case id in the route.</summary>
    public bool CaseScoped => EndpointCatalog.CaseParameter().IsMatch(Pattern);

    /// <summary>The method a read of it uses: GET for pages and anything that answers GET, else its first method.</summary>
    public string ProbeMethod => IsPage || Methods.Contains("GET") ? "GET" : Methods[0];

    /// <summary>Takes form posts (a page with forms answers POST too; Blazor maps pages to GET and POST).</summary>
    public bool AcceptsPost => Methods.Contains("POST");

    public string Audience => IsPublic ? "Anyone" : Access!.Audience + (Api ? ", API" : "") + (CaseScoped ? ", " + Access.Operation : "");

    public override string ToString() => Pattern;
}

/// <summary>
/// The endpoint catalogue of the running platform and the access rule written independently of the code under test: what each
/// account (or nobody) must get from each endpoint, with every route parameter filled with patient A's case, its document and so on.
/// </summary>
public static partial class EndpointCatalog
{
    public static IReadOnlyList<MappedEndpoint> Read(Platform platform)
    {
        ArgumentNullException.ThrowIfNull(platform);
        return [.. platform.App.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => new MappedEndpoint(
                "/" + (e.RoutePattern.RawText ?? "").TrimStart('/'),
                e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods.ToList() ?? ["GET"],
                e.Metadata.GetMetadata<AccessAttribute>(),
                e.Metadata.GetMetadata<PublicAttribute>() is not null,
                e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null))
            .OrderBy(e => e.Pattern, StringComparer.Ordinal)
            .ThenBy(e => string.Join(',', e.Methods), StringComparer.Ordinal)];
    }

    /// <summary>The rule: anonymous → sign in; wrong role → denied; right role but not a party to the case → not found.</summary>
    public static Outcome Expect(Platform platform, MappedEndpoint endpoint, TestAccount? principal)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(endpoint);
        if (endpoint.IsPublic)
        {
            return Outcome.Allowed;
        }
        if (principal is null)
        {
            return Outcome.SignIn;
        }
        var access = endpoint.Access!;
        var roleAllowed = access.Audience switch
        {
            Features.Security.Audience.SignedIn => true,
            Features.Security.Audience.Patient => principal.Role == ConsiliumRoles.Patient,
            Features.Security.Audience.Coordinator => principal.Role == ConsiliumRoles.Coordinator,
            Features.Security.Audience.Expert => principal.Role == ConsiliumRoles.Expert,
            Features.Security.Audience.Admin => principal.Role == ConsiliumRoles.Admin,
            Features.Security.Audience.CaseParty => principal.Role is ConsiliumRoles.Patient or ConsiliumRoles.Expert or ConsiliumRoles.Coordinator,
            Features.Security.Audience.Oversight => principal.Role is ConsiliumRoles.Coordinator or ConsiliumRoles.Admin,
            _ => false,
        };
        if (!roleAllowed)
        {
            return Outcome.Denied;
        }
        if (!endpoint.CaseScoped)
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

    /// <summary>The pattern with its parameters filled (the case: <paramref name="caseId"/>, else patient A's); null for an unknown parameter.</summary>
    public static string? Fill(Platform platform, string pattern, Guid? caseId = null, Guid? documentId = null)
    {
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(pattern);
        var path = OptionalParameter().Replace(pattern, "");
        path = CaseParameter().Replace(path, (caseId ?? platform.CaseA).ToString())
            .Replace("{documentId:guid}", (documentId ?? platform.DocumentA).ToString(), StringComparison.Ordinal)
            .Replace("{rereadId:guid}", platform.RereadA.ToString(), StringComparison.Ordinal)
            .Replace("{Step:int}", "1", StringComparison.Ordinal)
            .Replace("{documentName}", "v1", StringComparison.Ordinal)
            .Replace("{**path}", "web-viewer/app/viewer.html", StringComparison.Ordinal);
        return path.Contains('{', StringComparison.Ordinal) ? null : path.TrimEnd('/') is { Length: > 0 } p ? p : "/";
    }

    /// <summary>A call the way a browser (cookie session) or an API client (bearer token) makes it.</summary>
    public static async Task<(Outcome Outcome, HttpStatusCode Status, string Body)> CallAsync(HttpClient client, string method, string path, string? bearer = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        if (method != "GET")
        {
            request.Content = bearer is not null || path.StartsWith("/api/", StringComparison.Ordinal)
                ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json")
                : new FormUrlEncodedContent([]);
        }
        using var response = await client.SendAsync(request);
        return (Classify(response), response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static Outcome Classify(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var location = response.Headers.Location?.ToString() ?? "";
        return response.StatusCode switch
        {
            >= HttpStatusCode.InternalServerError => Outcome.Error,
            HttpStatusCode.Unauthorized => Outcome.SignIn,
            HttpStatusCode.Forbidden => Outcome.Denied,
            HttpStatusCode.NotFound => Outcome.NotFound,
            _ when location.Contains("/account/login", StringComparison.Ordinal) => Outcome.SignIn,
            _ when location.Contains("/account/access-denied", StringComparison.Ordinal) => Outcome.Denied,
            _ => Outcome.Allowed,
        };
    }

    /// <summary>The names of the Blazor forms on a page (their <c>_handler</c> fields).</summary>
    public static IReadOnlyList<string> FormNames(string html) =>
        [.. FormName().Matches(html).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).Distinct()];

    [GeneratedRegex("name=\"_handler\" value=\"([^\"]+)\"")]
    private static partial Regex FormName();

    [GeneratedRegex(@"\{caseId(:guid)?\}", RegexOptions.IgnoreCase)]
    internal static partial Regex CaseParameter();

    [GeneratedRegex(@"/?\{[^}]*\?\}")]
    private static partial Regex OptionalParameter();
}
