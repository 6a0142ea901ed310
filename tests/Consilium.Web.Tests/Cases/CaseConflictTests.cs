using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Consilium.Web.Features.Coordinator;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Cases;

/// <summary>
/// Two coordinators decide on the same case version (optimistic concurrency on the case row): the first assignment wins, the second is
/// told someone else changed the case and changes nothing, on the page and over the API (409 problem details).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CaseConflictTests(Platform platform)
{
    [Fact]
    public async Task GivenTwoCoordinatorsOnOneVersion_WhenBothAssignOverTheApi_ThenOneSucceedsAndTheOtherGets409AndNothingChanges()
    {
        using var api = Client(platform.Coordinator.Token);
        var (caseId, version) = await NewTriagedCaseAsync(api);

        using var first = await api.PostAsJsonAsync($"/api/cases/{caseId}/assignments", new { expertId = platform.ExpertA.Id, reason = "first", version });
        using var second = await api.PostAsJsonAsync($"/api/cases/{caseId}/assignments", new { expertId = platform.ExpertB.Id, reason = "second", version });

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using (var assigned = JsonDocument.Parse(await first.Content.ReadAsStringAsync()))
        {
            Assert.Equal(version + 1, assigned.RootElement.GetProperty("version").GetInt32());
        }
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("application/problem+json", second.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await second.Content.ReadAsStringAsync());
        Assert.Contains(Coordination.ChangedMeanwhile, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var stored = (await platform.Database.Cases.GetAsync(caseId))!;
        Assert.Equal([platform.ExpertA.Id], stored.AssignedExperts);
    }

    [Fact]
    public async Task GivenTheCaseChangedAfterTheCoordinatorOpenedIt_WhenTheAssignFormIsPosted_ThenTheReloadMessageAndNoAssignment()
    {
        using var api = Client(platform.Coordinator.Token);
        var (caseId, version) = await NewTriagedCaseAsync(api);
        using var session = platform.NewSession();
        await session.SignInAsync(platform.Coordinator);
        var page = await session.GetPageAsync($"/coordinator/cases/{caseId}");
        Assert.Contains($"name=\"Assignment.Version\" value=\"{version}\"", page, StringComparison.Ordinal);
        using (var other = await api.PostAsJsonAsync($"/api/cases/{caseId}/assignments", new { expertId = platform.ExpertA.Id, version }))
        {
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        }

        using var stale = await session.PostFormAsync($"/coordinator/cases/{caseId}", "assign-expert", new Dictionary<string, string>
        {
            ["Assignment.ExpertId"] = platform.ExpertB.Id,
            ["Assignment.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

        Assert.Equal(HttpStatusCode.OK, stale.StatusCode);
        Assert.Contains(WebUtility.HtmlEncode(Coordination.ChangedMeanwhile), await stale.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal([platform.ExpertA.Id], (await platform.Database.Cases.GetAsync(caseId))!.AssignedExperts);
    }

    [Fact]
    public async Task GivenNoExpert_WhenAssignedOverTheApi_Then400NamingTheField()
    {
        using var api = Client(platform.Coordinator.Token);
        var (caseId, _) = await NewTriagedCaseAsync(api);

        using var response = await api.PostAsJsonAsync($"/api/cases/{caseId}/assignments", new { reason = "nobody" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("expertId", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty((await platform.Database.Cases.GetAsync(caseId))!.AssignedExperts);
    }

    private static async Task<(Guid CaseId, int Version)> NewTriagedCaseAsync(HttpClient api)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "bundle.json")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var created = await api.PostAsync(new Uri("/api/cases", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("id").GetGuid(), json.RootElement.GetProperty("version").GetInt32());
    }

    private HttpClient Client(string token)
    {
        var client = new HttpClient { BaseAddress = platform.BaseUri };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
