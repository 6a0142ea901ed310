using System.Net;
using System.Net.Http.Headers;

namespace Consilium.Cli.Bench.Load;

/// <summary>A named hot path: what one request of it is.</summary>
internal sealed record LoadScenario(string Name, SendRequest Send);

/// <summary>
/// The hot paths, as the people who use them hit them: the coordinator's queue (a page of it) and a case page (cookie session,
/// signed in with password and TOTP), a case submitted with triage through the API (a coordinator's personal access token),
/// a record downloaded by the coordinator, and the expert's case page with the ranked differential (decision support). Each
/// request picks its case at random from the seeded ones, and reads the whole response.
/// </summary>
internal static class LoadScenarios
{
    public const string CaseList = "case-list";
    public const string CasePage = "case-page";
    public const string CaseSubmission = "case-submission";
    public const string DocumentDownload = "document-download";
    public const string Differential = "ddx";
    public const string Ceiling = "ceiling";

    /// <summary>The scenarios, in the order they run.</summary>
    public static IReadOnlyList<string> Names { get; } = [CaseList, CasePage, CaseSubmission, DocumentDownload, Differential];

    /// <summary>Coordinator queue pages the case list asks for (the first pages are the ones people look at).</summary>
    public const int QueuePages = 10;

    public static IReadOnlyList<LoadScenario> All(LoadData data, HttpClient coordinator, HttpClient expert, HttpClient api) =>
    [
        new(CaseList, ct => GetAsync(coordinator, $"/coordinator?page={Random.Shared.Next(1, QueuePages + 1)}", ct)),
        new(CasePage, ct => GetAsync(coordinator, $"/coordinator/cases/{Pick(data.Cases)}", ct)),
        new(CaseSubmission, ct => SubmitAsync(api, data.Bundle, ct)),
        new(DocumentDownload, ct =>
        {
            var d = Pick(data.Documents);
            return GetAsync(coordinator, $"/cases/{d.CaseId}/documents/{d.DocumentId}", ct);
        }),
        new(Differential, ct => GetAsync(expert, $"/expert/cases/{Pick(data.ExpertCases)}", ct)),
    ];

    public static LoadScenario CeilingPage(HttpClient ceiling) => new(Ceiling, ct => GetAsync(ceiling, "/", ct));

    /// <summary>A client for the ceiling: up to <paramref name="connections"/> keep-alive connections, as the sessions have.</summary>
    public static HttpClient CeilingClient(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(100) };

    private static T Pick<T>(IReadOnlyList<T> items) => items[Random.Shared.Next(items.Count)];

    private static async Task<RequestOutcome> GetAsync(HttpClient client, string path, CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(path, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        await DrainAsync(response, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK ? RequestOutcome.Success : RequestOutcome.Failed($"GET {Shape(path)}: {(int)response.StatusCode} {response.Headers.Location}");
    }

    private static async Task<RequestOutcome> SubmitAsync(HttpClient client, byte[] bundle, CancellationToken cancellationToken)
    {
        using var content = new ByteArrayContent(bundle);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await client.PostAsync("/api/cases", content, cancellationToken);
        await DrainAsync(response, cancellationToken);
        return response.StatusCode == HttpStatusCode.Created ? RequestOutcome.Success : RequestOutcome.Failed($"POST /api/cases: {(int)response.StatusCode}");
    }

    private static async Task DrainAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await body.CopyToAsync(Stream.Null, cancellationToken);
    }

    /// <summary>The path without its ids, so the error report groups the same failure once.</summary>
    private static string Shape(string path) =>
        string.Join('/', path.Split('/').Select(p => Guid.TryParse(p, out _) ? "{id}" : p.Split('?')[0]));
}
