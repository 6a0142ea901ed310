using System.Net;
using System.Net.Http.Headers;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Cases;

/// <summary>Guessing ids gets nothing: another patient's or an unassigned expert's request for a case, document or opinion is 404, as for a case that does not exist.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CaseIsolationTests(Platform platform)
{
    [Fact]
    public async Task Another_patient_and_an_unassigned_expert_get_404_for_the_case_its_document_and_its_opinion_in_pages_and_api()
    {
        foreach (var outsider in new[] { platform.PatientB, platform.ExpertB })
        {
            using var session = platform.NewSession();
            await session.SignInAsync(outsider);
            foreach (var path in new[] { $"/cases/{platform.CaseA}", $"/cases/{platform.CaseA}/documents/{platform.DocumentA}", $"/expert/cases/{platform.CaseA}" })
            {
                using var response = await session.GetAsync(path);
                if (path.StartsWith("/expert", StringComparison.Ordinal) && outsider == platform.PatientB)
                {
                    Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
                    continue;
                }
                Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{outsider} GET {path}: {(int)response.StatusCode}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.DoesNotContain("Osteoarthritis", body, StringComparison.Ordinal);
            }
            foreach (var path in new[] { $"/api/cases/{platform.CaseA}", $"/api/cases/{platform.CaseA}/status", $"/api/cases/{platform.CaseA}/opinion" })
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", outsider.Token);
                using var response = await session.Client.SendAsync(request);
                Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            }
        }
    }

    [Fact]
    public async Task A_case_that_does_not_exist_looks_exactly_like_one_that_is_not_yours()
    {
        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientB);
        using var missing = await session.GetAsync($"/cases/{Guid.NewGuid()}");
        using var notMine = await session.GetAsync($"/cases/{platform.CaseA}");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(missing.StatusCode, notMine.StatusCode);
        using var document = await session.GetAsync($"/cases/{platform.CaseA}/documents/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, document.StatusCode);
    }

    [Fact]
    public async Task The_owner_the_assigned_expert_and_the_coordinator_can_read_the_case_and_download_its_document()
    {
        foreach (var party in new[] { platform.PatientA, platform.ExpertA, platform.Coordinator })
        {
            using var session = platform.NewSession();
            await session.SignInAsync(party);
            var page = await session.GetPageAsync($"/cases/{platform.CaseA}");
            Assert.Contains("Osteoarthritis", page, StringComparison.Ordinal);
            using var download = await session.GetAsync($"/cases/{platform.CaseA}/documents/{platform.DocumentA}");
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.StartsWith("%PDF-", System.Text.Encoding.ASCII.GetString(await download.Content.ReadAsByteArrayAsync())[..5], StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_document_of_one_case_cannot_be_fetched_through_another_case_the_caller_may_read()
    {
        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientA);
        using var response = await session.GetAsync($"/cases/{platform.DraftA}/documents/{platform.DocumentA}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
