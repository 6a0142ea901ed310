using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Consilium.Storage.Audit;
using Consilium.Web.Tests.Support;

using Consilium.Tests.Shared;

namespace Consilium.Web.Tests.Reports;

[Collection(PlatformCollection.Name)]
public sealed class ReportEndpointTests(Platform platform)
{
    [SkippableFact]
    public async Task GivenTheOwnersToken_WhenThePdfIsFetched_ThenItHasTheConcordanceAndTheAnswerAndTheDownloadIsAudited()
    {
        using var client = Client(platform.PatientA.Token);
        var before = await platform.Database.Audit.CountAsync(new AuditQuery(CaseId: platform.CaseA, Action: "opinion.pdf"));

        using var response = await client.GetAsync(new Uri($"/api/cases/{platform.CaseA}/opinion.pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var text = PdfText.Extract(await response.Content.ReadAsByteArrayAsync());
        Assert.Contains($"Case: {platform.CaseA}", text, StringComparison.Ordinal);
        Assert.Contains("Diagnosis: confirmed", text, StringComparison.Ordinal);
        Assert.Contains("Plan: confirmed", text, StringComparison.Ordinal);
        Assert.Contains("Answer: Yes.", text, StringComparison.Ordinal);
        Assert.Contains("Reviewers: expert A (assigned)", text, StringComparison.Ordinal);
        Assert.Equal(before + 1, await platform.Database.Audit.CountAsync(new AuditQuery(CaseId: platform.CaseA, Action: "opinion.pdf")));
    }

    [Fact]
    public async Task GivenTheAssignedExpertsToken_WhenTheFhirDocumentIsFetched_ThenItIsADocumentBundleLedByAComposition()
    {
        using var client = Client(platform.ExpertA.Token);

        using var response = await client.GetAsync(new Uri($"/api/cases/{platform.CaseA}/opinion.fhir.json", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/fhir+json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("document", json.RootElement.GetProperty("type").GetString());
        Assert.Equal("Composition", json.RootElement.GetProperty("entry")[0].GetProperty("resource").GetProperty("resourceType").GetString());
    }

    [Theory]
    [InlineData("opinion.pdf")]
    [InlineData("opinion.fhir.json")]
    public async Task GivenSomeoneNotPartyToTheCase_WhenTheReportIsFetched_Then404AndNothingLeaks(string file)
    {
        foreach (var outsider in new[] { platform.PatientB, platform.ExpertB, platform.Admin })
        {
            using var client = Client(outsider.Token);
            using var response = await client.GetAsync(new Uri($"/api/cases/{platform.CaseA}/{file}", UriKind.Relative));
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Forbidden, $"{outsider}: {(int)response.StatusCode}");
            Assert.DoesNotContain("%PDF", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task GivenACaseWithoutAnOpinion_WhenThePdfIsFetched_Then404ProblemDetails()
    {
        using var client = Client(platform.PatientA.Token);

        using var response = await client.GetAsync(new Uri($"/api/cases/{platform.DraftA}/opinion.pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = platform.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
