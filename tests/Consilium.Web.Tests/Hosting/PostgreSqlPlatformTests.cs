using System.Net;
using Consilium.Storage.Configuration;
using Consilium.Web.Tests.Support;
using Npgsql;

namespace Consilium.Web.Tests.Hosting;

/// <summary>
/// The platform on PostgreSQL: both migration sets (cases and identity, each with its own history table) apply to one
/// database, readiness says so, and an account can be created and used. Needs CONSILIUM_TEST_POSTGRES (.ci/postgres.sh);
/// skips without it unless CONSILIUM_REQUIRE_POSTGRES=1.
/// </summary>
public sealed class PostgreSqlPlatformTests
{
    [SkippableFact]
    public async Task On_postgresql_migrations_apply_health_is_ready_and_a_patient_registers_and_signs_in()
    {
        var server = Environment.GetEnvironmentVariable("CONSILIUM_TEST_POSTGRES");
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.False(Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_POSTGRES") == "1", "CONSILIUM_REQUIRE_POSTGRES=1 but CONSILIUM_TEST_POSTGRES is not set");
            Skip.If(true, "CONSILIUM_TEST_POSTGRES is not set (start one with .ci/postgres.sh)");
        }
        var database = "consilium_web_" + Guid.NewGuid().ToString("N")[..12];
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
        }
        var dataDirectory = Path.Combine(Path.GetTempPath(), database);
        try
        {
            var storage = StorageOptions.ForPostgreSql(new NpgsqlConnectionStringBuilder(server) { Database = database }.ToString());
            storage.DataDirectory = dataDirectory;
            var app = await ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings
            {
                Urls = "http://127.0.0.1:0",
                Storage = storage,
                EnvironmentName = "Testing",
                Overrides = new Dictionary<string, string?> { ["Consilium:Web:RequireConfirmedEmail"] = "false" },
            });
            await using (app)
            {
                await app.StartAsync();
                using var session = new Session(new Uri(app.Urls.First()));
                Assert.Equal("ready", await session.GetPageAsync("/health/ready"));
                using var register = await session.PostFormAsync("/account/register", "register", new Dictionary<string, string>
                {
                    ["Input.Name"] = "Pat Postgres", ["Input.Email"] = "pat@postgres.example", ["Input.Password"] = "Postgres-Password-1", ["Input.ConfirmPassword"] = "Postgres-Password-1",
                });
                Assert.Equal(HttpStatusCode.Redirect, register.StatusCode);
                Assert.Contains("<h1>My cases</h1>", await session.GetPageAsync("/cases"), StringComparison.Ordinal);
                await app.StopAsync();
            }
        }
        finally
        {
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
