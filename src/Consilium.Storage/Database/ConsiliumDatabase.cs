using Consilium.Storage.Audit;
using Consilium.Storage.Cases;
using Consilium.Storage.Configuration;
using Consilium.Storage.Documents;
using Consilium.Storage.Imaging;
using Consilium.Storage.Messages;
using Consilium.Storage.Opinions;
using Consilium.Storage.Outbox;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Consilium.Storage.Database;

/// <summary>
/// Consilium's database, opened from <see cref="StorageOptions"/>: SQLite in the data directory by default, PostgreSQL
/// when configured. <see cref="OpenAsync"/> applies the migrations; <see cref="Cases"/> is the case register.
/// Dispose it when done (it releases the connection pool).
/// </summary>
/// <example>
/// <code>
/// await using var db = await ConsiliumDatabase.OpenAsync(StorageOptions.ForDataDirectory("./data"));
/// await db.Cases.AddRangeAsync(cases, progress);
/// </code>
/// </example>
public sealed class ConsiliumDatabase : IAsyncDisposable, IDisposable
{
    private readonly Func<ConsiliumDbContext> _create;
    private readonly NpgsqlDataSource? _dataSource;
    private readonly string? _sqliteConnectionString;
    private readonly TimeProvider _time;

    private ConsiliumDatabase(StorageProvider provider, string description, Func<ConsiliumDbContext> create, NpgsqlDataSource? dataSource, string? sqliteConnectionString, TimeProvider time)
    {
        Provider = provider;
        Description = description;
        _create = create;
        _dataSource = dataSource;
        _sqliteConnectionString = sqliteConnectionString;
        _time = time;
        Cases = new CaseRegistry(CreateDbContext, time);
        Audit = new AuditTrail(CreateDbContext, provider, time);
        Opinions = new OpinionRegistry(CreateDbContext, time);
        Messages = new CaseMessageRegistry(CreateDbContext);
        Outbox = new MailOutbox(CreateDbContext, time);
        TumourBoards = new TumourBoardRegistry(CreateDbContext, time);
        FollowUpSlots = new FollowUpSlotRegistry(CreateDbContext);
        Imaging = new ImagingRegistry(CreateDbContext);
        JobLeases = new Jobs.JobLeases(CreateDbContext, time);
        TurnaroundReminders = new Jobs.TurnaroundReminders(CreateDbContext, time);
    }

    public StorageProvider Provider { get; }

    /// <summary>Where the data is, for messages (no password): <c>SQLite /srv/data/consilium.db</c>, <c>PostgreSQL db.example:5432/consilium</c>.</summary>
    public string Description { get; }

    /// <summary>The register of second-opinion cases.</summary>
    public CaseRegistry Cases { get; }

    /// <summary>The hash-chained, append-only audit trail.</summary>
    public AuditTrail Audit { get; }

    /// <summary>The register of expert opinions (drafts and signed versions).</summary>
    public OpinionRegistry Opinions { get; }

    /// <summary>The messages between patients and the care team, per case.</summary>
    public CaseMessageRegistry Messages { get; }

    /// <summary>Mail waiting to be sent by a background worker.</summary>
    public MailOutbox Outbox { get; }

    /// <summary>The tumour boards (and panels) giving one opinion together.</summary>
    public TumourBoardRegistry TumourBoards { get; }

    /// <summary>Follow-up consult slots offered after delivery.</summary>
    public FollowUpSlotRegistry FollowUpSlots { get; }
    /// <summary>The imaging studies linked to each case and the re-reads filed on them.</summary>
    public ImagingRegistry Imaging { get; }

    /// <summary>Which node runs each background job now (database leases).</summary>
    public Jobs.JobLeases JobLeases { get; }

    /// <summary>The turnaround reminders sent per case (each at most once).</summary>
    public Jobs.TurnaroundReminders TurnaroundReminders { get; }

    /// <summary>
    /// The encrypted document store over this database: files in <paramref name="options"/>' directory, data keys wrapped by
    /// <paramref name="protector"/>. Cheap; keep one per process.
    /// </summary>
    public DocumentStore Documents(IDocumentKeyProtector protector, DocumentStoreOptions options) =>
        new(CreateDbContext, protector, options, _time);

    /// <summary>Opens the database and applies any pending migrations (creating it, and the data directory, if needed).</summary>
    public static async Task<ConsiliumDatabase> OpenAsync(StorageOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        var database = Open(options, time);
        try
        {
            await database.MigrateAsync(cancellationToken);
            return database;
        }
        catch
        {
            await database.DisposeAsync();
            throw;
        }
    }

    /// <summary>Prepares the connection without touching the database; call <see cref="MigrateAsync"/> before use (or use <see cref="OpenAsync"/>).</summary>
    public static ConsiliumDatabase Open(StorageOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        switch (options.Provider)
        {
            case StorageProvider.Sqlite:
            {
                var builder = string.IsNullOrWhiteSpace(options.ConnectionString)
                    ? new SqliteConnectionStringBuilder { DataSource = options.SqliteFilePath }
                    : new SqliteConnectionStringBuilder(options.ConnectionString);
                if (builder.DataSource is { Length: > 0 } file && builder.Mode != SqliteOpenMode.Memory && file != ":memory:")
                {
                    var directory = Path.GetDirectoryName(Path.GetFullPath(file));
                    if (!string.IsNullOrEmpty(directory))
                    {
                        Directory.CreateDirectory(directory);
                    }
                }
                var connectionString = builder.ToString();
                var contextOptions = new DbContextOptionsBuilder<SqliteConsiliumDbContext>().UseSqlite(connectionString).Options;
                return new ConsiliumDatabase(StorageProvider.Sqlite, $"SQLite {builder.DataSource}", () => new SqliteConsiliumDbContext(contextOptions), null, connectionString, time);
            }
            case StorageProvider.PostgreSql:
            {
                if (string.IsNullOrWhiteSpace(options.ConnectionString))
                {
                    throw new ArgumentException($"PostgreSQL needs a connection string ({StorageOptions.SectionName}:ConnectionString).", nameof(options));
                }
                var builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
                var dataSource = new NpgsqlDataSourceBuilder(options.ConnectionString).Build();
                var contextOptions = new DbContextOptionsBuilder<PostgreSqlConsiliumDbContext>().UseNpgsql(dataSource).Options;
                return new ConsiliumDatabase(StorageProvider.PostgreSql, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}", () => new PostgreSqlConsiliumDbContext(contextOptions), dataSource, null, time);
            }
            default:
                throw new ArgumentException($"Unknown storage provider '{options.Provider}': use Sqlite or PostgreSql.", nameof(options));
        }
    }

    /// <summary>A new context; the caller disposes it. Prefer <see cref="Cases"/> for case work.</summary>
    public ConsiliumDbContext CreateDbContext() => _create();

    /// <summary>Applies the migrations this version of Consilium has and the database lacks.</summary>
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateDbContext();
        await db.Database.MigrateAsync(cancellationToken);
        if (Provider == StorageProvider.Sqlite)
        {
            // Readers do not block the writer (the web host reads while imports write). Persistent in the file.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
        }
    }

    /// <summary>Migrations the database has not had yet (empty when it is up to date).</summary>
    public async Task<IReadOnlyList<string>> GetPendingMigrationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateDbContext();
        return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
    }

    /// <summary>Migrations already applied, oldest first.</summary>
    public async Task<IReadOnlyList<string>> GetAppliedMigrationsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = CreateDbContext();
        return [.. await db.Database.GetAppliedMigrationsAsync(cancellationToken)];
    }

    public async ValueTask DisposeAsync()
    {
        if (_dataSource is not null)
        {
            await _dataSource.DisposeAsync();
        }
        ReleaseSqlite();
    }

    public void Dispose()
    {
        _dataSource?.Dispose();
        ReleaseSqlite();
    }

    private void ReleaseSqlite()
    {
        if (_sqliteConnectionString is not null)
        {
            // Pooled connections keep the file open; let it go so the file can be moved or deleted.
            using var connection = new SqliteConnection(_sqliteConnectionString);
            SqliteConnection.ClearPool(connection);
        }
    }
}
