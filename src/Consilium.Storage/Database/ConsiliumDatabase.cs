using System.Data.Common;
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
    private readonly Func<DbConnection> _connect;
    private readonly Func<DbConnection, ConsiliumDbContext> _contextOn;
    private readonly AsyncLocal<SharedTransaction?> _shared = new();
    private readonly NpgsqlDataSource? _dataSource;
    private readonly string? _sqliteConnectionString;
    private readonly TimeProvider _time;

    private ConsiliumDatabase(
        StorageProvider provider, string description, Func<ConsiliumDbContext> create, Func<DbConnection> connect, Func<DbConnection, ConsiliumDbContext> contextOn,
        NpgsqlDataSource? dataSource, string? sqliteConnectionString, TimeProvider time)
    {
        Provider = provider;
        Description = description;
        _create = create;
        _connect = connect;
        _contextOn = contextOn;
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
                return new ConsiliumDatabase(
                    StorageProvider.Sqlite, $"SQLite {builder.DataSource}", () => new SqliteConsiliumDbContext(contextOptions),
                    () => new SqliteConnection(connectionString),
                    connection => new SqliteConsiliumDbContext(new DbContextOptionsBuilder<SqliteConsiliumDbContext>().UseSqlite(connection).Options),
                    null, connectionString, time);
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
                return new ConsiliumDatabase(
                    StorageProvider.PostgreSql, $"PostgreSQL {builder.Host}:{builder.Port}/{builder.Database}", () => new PostgreSqlConsiliumDbContext(contextOptions),
                    dataSource.CreateConnection,
                    connection => new PostgreSqlConsiliumDbContext(new DbContextOptionsBuilder<PostgreSqlConsiliumDbContext>().UseNpgsql(connection).Options),
                    dataSource, null, time);
            }
            default:
                throw new ArgumentException($"Unknown storage provider '{options.Provider}': use Sqlite or PostgreSql.", nameof(options));
        }
    }

    /// <summary>
    /// A new context; the caller disposes it. Prefer <see cref="Cases"/> for case work. Inside <see cref="InTransactionAsync"/> it
    /// joins that transaction.
    /// </summary>
    public ConsiliumDbContext CreateDbContext() => _shared.Value is { } shared ? shared.CreateContext() : _create();

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction: every registry call on this database inside it (cases, audit trail,
    /// opinions, outbox, documents, ...) is committed together when it returns, or rolled back together when it throws, so that
    /// a multi-step change (a case change with its audit entry and the mail it queues) is never half-stored, not even when the
    /// process is killed in the middle. Nested calls join the outer transaction. The transaction begins at the first database
    /// access; keep the work short (on SQLite it holds the write lock), and do no other I/O inside that must not be undone.
    /// </summary>
    public async Task<T> InTransactionAsync<T>(Func<CancellationToken, Task<T>> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        if (_shared.Value is not null)
        {
            return await work(cancellationToken);
        }
        await using var shared = new SharedTransaction(_connect, _contextOn);
        _shared.Value = shared;
        try
        {
            var result = await work(cancellationToken);
            await shared.CommitAsync(cancellationToken);
            return result;
        }
        finally
        {
            _shared.Value = null;
        }
    }

    /// <inheritdoc cref="InTransactionAsync{T}"/>
    public Task InTransactionAsync(Func<CancellationToken, Task> work, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(work);
        return InTransactionAsync(async ct =>
        {
            await work(ct);
            return true;
        }, cancellationToken);
    }

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
