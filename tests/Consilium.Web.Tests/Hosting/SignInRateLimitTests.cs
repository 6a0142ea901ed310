using System.Net;
using Consilium.Storage.Configuration;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Hosting;

/// <summary>Sign-in posts are rate-limited per address (here 3 a minute); reading the page is not.</summary>
public sealed class SignInRateLimitTests
{
    [Fact]
    public async Task The_fourth_sign_in_attempt_within_a_minute_gets_429()
    {
        var directory = Path.Combine(Path.GetTempPath(), "consilium-ratelimit-" + Guid.NewGuid().ToString("N")[..12]);
        var app = await ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings
        {
            Urls = "http://127.0.0.1:0",
            Storage = StorageOptions.ForDataDirectory(directory),
            EnvironmentName = "Testing",
            Overrides = new Dictionary<string, string?> { ["Consilium:Web:SignInAttemptsPerMinute"] = "3" },
        });
        try
        {
            await using (app)
            {
                await app.StartAsync();
                using var session = new Session(new Uri(app.Urls.First()));
                var statuses = new List<HttpStatusCode>();
                for (var i = 0; i < 4; i++)
                {
                    using var response = await session.PostFormAsync("/account/login", "login", new Dictionary<string, string> { ["Input.Email"] = "nobody@test.example", ["Input.Password"] = "not-the-password-1" });
                    statuses.Add(response.StatusCode);
                }
                Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
                await app.StopAsync();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }
}
