using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Consilium.Web.Features.Api;
using Consilium.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Consilium.Web.Tests.Api;

[Collection(PlatformCollection.Name)]
public sealed class ApiTests(Platform platform)
{
    [Theory]
    [InlineData("GET", "/api/cases/00000000-0000-0000-0000-000000000001")]
    [InlineData("GET", "/api/cases/00000000-0000-0000-0000-000000000001/opinion")]
    [InlineData("POST", "/api/cases")]
    public async Task An_unauthenticated_call_gets_401_problem_details_never_a_redirect(string method, string path)
    {
        using var session = platform.NewSession();
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await session.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_signed_in_browser_session_is_not_an_api_credential()
    {
        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientA);
        using var response = await session.GetAsync($"/api/cases/{platform.CaseA}");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_coordinator_token_creates_a_triaged_case_from_a_fhir_bundle_and_reads_its_status()
    {
        using var client = Client(platform.Coordinator.Token);
        var bundle = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bundle.json"));
        using var content = new ByteArrayContent(bundle);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var created = await client.PostAsync(new Uri("/api/cases", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        Assert.Equal("Triaged", json.RootElement.GetProperty("status").GetString());
        Assert.Contains("cancer", json.RootElement.GetProperty("triage").GetRawText(), StringComparison.Ordinal);

        using var status = await client.GetAsync(created.Headers.Location + "/status");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
    }

    [Fact]
    public async Task A_malformed_bundle_gets_400_naming_the_problem_and_no_case()
    {
        using var client = Client(platform.Coordinator.Token);
        var before = await platform.Database.Cases.CountAsync();
        using var content = new StringContent("""{"resourceType":"Patient"}""", System.Text.Encoding.UTF8, "application/fhir+json");
        using var response = await client.PostAsync(new Uri("/api/cases", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bundle", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await platform.Database.Cases.CountAsync());
    }

    [Fact]
    public async Task A_revoked_token_no_longer_authenticates_and_only_its_hash_is_stored()
    {
        var tokens = platform.App.Services.GetRequiredService<PersonalAccessTokens>();
        var (record, token) = await tokens.IssueAsync(platform.PatientA.Id, "to revoke", "test", null);
        Assert.NotEqual(token, record.Hash);
        Assert.DoesNotContain(await tokens.ListAsync(), t => t.Hash.Contains(token, StringComparison.Ordinal));
        using var client = Client(token);
        using (var ok = await client.GetAsync(new Uri($"/api/cases/{platform.CaseA}/status", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }
        Assert.True(await tokens.RevokeAsync(record.Id));
        using var revoked = await client.GetAsync(new Uri($"/api/cases/{platform.CaseA}/status", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, revoked.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_case_endpoints_and_the_reference_page_is_served_locally()
    {
        using var session = platform.NewSession();
        var document = await session.GetPageAsync("/api/openapi/v1.json");
        Assert.Contains("/api/cases/{caseId}/opinion", document, StringComparison.Ordinal);
        var reference = await session.GetPageAsync("/api/reference/");
        Assert.DoesNotContain("https://cdn", reference, StringComparison.OrdinalIgnoreCase);
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = platform.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
