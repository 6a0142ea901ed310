using System.Net;
using Consilium.Cli.Bench.Harness;
using Consilium.Storage.Configuration;

namespace Consilium.Cli.Tests.Bench.Harness;

/// <summary>The benchmark harness drives the real server process: start, sign in as a clinician, pull the plug, come back.</summary>
public sealed class ServerProcessTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "consilium-harness-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task GivenSeededAccounts_WhenTheServerIsKilledAndRestarted_ThenTheCoordinatorSignsInOnBothAndTheApiTokenWorks()
    {
        var storage = StorageOptions.ForDataDirectory(_data);
        var accounts = await BenchAccounts.SeedAsync(storage);

        var first = await ServerProcess.StartAsync(storage);
        await using (first)
        {
            using var session = new WebSession(first.BaseAddress);
            await session.SignInAsync(accounts.Coordinator);
            var queue = await session.GetPageAsync("/coordinator");
            Assert.Contains("Bench Coordinator", queue, StringComparison.Ordinal);
            first.Kill();
            Assert.True(first.HasExited);
        }

        var second = await ServerProcess.StartAsync(storage);
        await using (second)
        {
            Assert.NotEqual(first.BaseAddress, second.BaseAddress);
            using var api = WebSession.ApiClient(second.BaseAddress, accounts.Patient);
            using var unknown = await api.GetAsync(new Uri($"/api/cases/{Guid.NewGuid()}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            using var anonymous = new HttpClient { BaseAddress = second.BaseAddress };
            using var refused = await anonymous.GetAsync(new Uri($"/api/cases/{Guid.NewGuid()}", UriKind.Relative));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            await second.StopAsync();
            Assert.True(second.HasExited);
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
