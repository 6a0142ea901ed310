using Npgsql;

namespace Consilium.Cli.Tests;

/// <summary>
/// A fresh, empty PostgreSQL database on the test server (<c>CONSILIUM_TEST_POSTGRES</c>), dropped on dispose. Skips the test without a
/// server, unless <c>CONSILIUM_REQUIRE_POSTGRES=1</c> (CI), where a missing server fails it.
/// </summary>
internal sealed class PostgreSqlDatabase : IAsyncDisposable
{
    private readonly string _admin;
    private readonly string _name;

    private PostgreSqlDatabase(string admin, string name)
    {
        _admin = admin;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;
    }

    public string ConnectionString { get; }

    public static async Task<PostgreSqlDatabase> CreateAsync(string prefix)
    {
        var admin = Environment.GetEnvironmentVariable("CONSILIUM_TEST_POSTGRES");
        Skip.If(string.IsNullOrEmpty(admin) && Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_POSTGRES") != "1",
            "PostgreSQL tests need CONSILIUM_TEST_POSTGRES (start a server with: eval \"$(bash .ci/postgres.sh start)\").");
        Assert.False(string.IsNullOrEmpty(admin), "CONSILIUM_REQUIRE_POSTGRES=1 but CONSILIUM_TEST_POSTGRES is not set.");
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await create.ExecuteNonQueryAsync();
        return new PostgreSqlDatabase(admin!, name);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
