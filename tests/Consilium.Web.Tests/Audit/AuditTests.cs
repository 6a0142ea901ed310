using System.Net.Http.Headers;
using Consilium.Storage.Audit;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Audit;

/// <summary>Every view of a case, in a page or through the API, by anyone entitled to it, leaves an audit entry naming who and from where.</summary>
[Collection(PlatformCollection.Name)]
public sealed class AuditTests(Platform platform)
{
    [Fact]
    public async Task Every_case_view_produces_an_audit_entry_with_the_actor_and_address()
    {
        foreach (var party in new[] { platform.PatientA, platform.ExpertA, platform.Coordinator })
        {
            using var session = platform.NewSession();
            await session.SignInAsync(party);
            var before = await ViewsAsync();
            await session.GetPageAsync($"/cases/{platform.CaseA}");
            var after = await platform.Database.Audit.QueryAsync(new AuditQuery(CaseId: platform.CaseA, Action: "case.view", Take: 1));
            Assert.Equal(before + 1, await ViewsAsync());
            Assert.Contains(party.Id, after[0].Actor, StringComparison.Ordinal);
            Assert.Equal("127.0.0.1", after[0].RemoteAddress);
        }

        using var api = platform.NewSession();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/cases/{platform.CaseA}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", platform.Coordinator.Token);
        var beforeApi = await ViewsAsync();
        using var response = await api.Client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        Assert.Equal(beforeApi + 1, await ViewsAsync());
    }

    [Fact]
    public async Task A_download_and_a_refused_look_are_recorded_too()
    {
        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientB);
        using var refused = await session.GetAsync($"/cases/{platform.CaseA}");
        var denied = await platform.Database.Audit.QueryAsync(new AuditQuery(CaseId: platform.CaseA, Action: "case.access-denied", Take: 1));
        Assert.Contains(platform.PatientB.Id, denied[0].Actor, StringComparison.Ordinal);

        using var owner = platform.NewSession();
        await owner.SignInAsync(platform.PatientA);
        var before = await platform.Database.Audit.CountAsync(new AuditQuery(CaseId: platform.CaseA, Action: "document.download"));
        using var download = await owner.GetAsync($"/cases/{platform.CaseA}/documents/{platform.DocumentA}");
        download.EnsureSuccessStatusCode();
        Assert.Equal(before + 1, await platform.Database.Audit.CountAsync(new AuditQuery(CaseId: platform.CaseA, Action: "document.download")));
        Assert.True((await platform.Database.Audit.VerifyAsync()).Intact);
    }

    private Task<long> ViewsAsync() => platform.Database.Audit.CountAsync(new AuditQuery(CaseId: platform.CaseA, Action: "case.view"));
}
