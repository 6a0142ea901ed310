using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Npgsql;

namespace Consilium.Storage.Tests.Support;

/// <summary>A fresh, empty database for one test, removed afterwards.</summary>
internal interface ITestStore : IAsyncDisposable
{
    StorageOptions Options { get; }
}

/// <summary>A SQLite file in a new temp directory.</summary>
internal sealed class SqliteTestStore : ITestStore
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "consilium-storage-tests", Guid.NewGuid().ToString("N"));

    public StorageOptions Options => StorageOptions.ForDataDirectory(_directory);

    public string DatabaseFile => Path.Combine(_directory, StorageOptions.SqliteFileName);

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A uniquely named database on the server that <c>CONSILIUM_TEST_POSTGRES</c> points at (a role with CREATEDB),
/// dropped afterwards. Without that variable the test is skipped, unless <c>CONSILIUM_REQUIRE_POSTGRES=1</c>, when it fails.
/// </summary>
internal sealed class PostgreSqlTestStore : ITestStore
{
    public const string ConnectionVariable = "CONSILIUM_TEST_POSTGRES";
    public const string RequireVariable = "CONSILIUM_REQUIRE_POSTGRES";

    private readonly string _adminConnectionString;
    private readonly string _name;

    private PostgreSqlTestStore(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        _name = name;
        Options = StorageOptions.ForPostgreSql(connectionString);
    }

    public StorageOptions Options { get; }

    public static string? AdminConnectionString => Environment.GetEnvironmentVariable(ConnectionVariable) is { Length: > 0 } s ? s : null;

    /// <summary>Skips the calling <c>[SkippableFact]</c> when no server is configured.</summary>
    public static void SkipUnlessConfigured()
    {
        if (AdminConnectionString is not null)
        {
            return;
        }
        var message = $"PostgreSQL tests need {ConnectionVariable} (e.g. Host=127.0.0.1;Port=55432;Username=consilium;Password=consilium;Database=postgres). "
            + "Start a private server with: eval \"$(bash .ci/postgres.sh start)\"";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
        {
            Assert.Fail($"{RequireVariable}=1 but {ConnectionVariable} is not set. {message}");
        }
        Skip.If(true, message);
    }

    public static async Task<PostgreSqlTestStore> CreateAsync()
    {
        SkipUnlessConfigured();
        var admin = AdminConnectionString!;
        var name = $"consilium_test_{Guid.NewGuid():N}"[..40];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await command.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name };
        return new PostgreSqlTestStore(admin, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_name}\" WITH (FORCE)", connection);
        // An autovacuum worker on the fresh database cannot be terminated by a non-superuser (42501); it goes away by itself.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await command.ExecuteNonQueryAsync();
                return;
            }
            catch (PostgresException e) when (e.SqlState is "42501" or "55006" && attempt < 20)
            {
                await Task.Delay(100 * attempt);
            }
        }
    }
}

/// <summary>Opens databases on a test store and disposes them (and the store) at the end of the test.</summary>
internal sealed class OpenedDatabases : IAsyncDisposable
{
    private readonly List<ConsiliumDatabase> _opened = [];

    public ITestStore? Store { get; set; }

    public async Task<ConsiliumDatabase> OpenAsync(TimeProvider? time = null)
    {
        var db = await ConsiliumDatabase.OpenAsync(Store!.Options, time);
        _opened.Add(db);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var db in _opened)
        {
            await db.DisposeAsync();
        }
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }
    }
}
