using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace Consilium.Storage.Database;

/// <summary>
/// One database transaction that several registry calls share (<see cref="ConsiliumDatabase.InTransactionAsync"/>): a case
/// change, its audit entry and the mail it queues are committed together or not at all, so a process killed between two of
/// them leaves none of them behind. It begins at the first database access inside it (an upload streams its file before that,
/// so the file is not read while SQLite's write lock is held), on one connection that every context created meanwhile joins.
/// </summary>
internal sealed class SharedTransaction(Func<DbConnection> connect, Func<DbConnection, ConsiliumDbContext> contextOn) : IAsyncDisposable
{
    private readonly List<Action> _onRollback = [];
    private DbConnection? _connection;
    private DbTransaction? _transaction;

    /// <summary>A context on the shared connection, enlisted in the shared transaction (begun now if this is the first).</summary>
    public ConsiliumDbContext CreateContext()
    {
        if (_connection is null)
        {
            var connection = connect();
            try
            {
                if (connection.State != System.Data.ConnectionState.Open)
                {
                    connection.Open();
                }
                // SQLite: BEGIN IMMEDIATE (Microsoft.Data.Sqlite's default), the write lock now; PostgreSQL: read committed.
                _transaction = connection.BeginTransaction();
                _connection = connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        var context = contextOn(_connection);
        context.Shared = this;
        context.Database.UseTransaction(_transaction);
        return context;
    }

    /// <summary>Something to undo outside the database (a file moved into place) when the transaction does not commit.</summary>
    public void OnRollback(Action undo) => _onRollback.Add(undo);

    public async Task CommitAsync(CancellationToken ct)
    {
        if (_transaction is not null)
        {
            await _transaction.CommitAsync(ct);
            _transaction = null;
        }
        _onRollback.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        if (_transaction is not null)
        {
            try
            {
                await _transaction.RollbackAsync();
            }
            catch (Exception e) when (e is DbException or InvalidOperationException)
            {
                // The connection is gone: the database rolls the transaction back itself.
            }
            await _transaction.DisposeAsync();
            _transaction = null;
        }
        foreach (var undo in _onRollback)
        {
            undo();
        }
        _onRollback.Clear();
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
            _connection = null;
        }
    }
}

/// <summary>
/// The transaction of one registry operation: its own, or, inside <see cref="ConsiliumDatabase.InTransactionAsync"/>, the shared
/// one (then <see cref="CommitAsync"/> does nothing: the shared transaction commits at its end).
/// </summary>
internal sealed class StepTransaction : IAsyncDisposable
{
    private readonly IDbContextTransaction? _own;

    private StepTransaction(IDbContextTransaction? own) => _own = own;

    public static async Task<StepTransaction> BeginAsync(ConsiliumDbContext db, CancellationToken ct) =>
        new(db.Shared is null ? await db.Database.BeginTransactionAsync(ct) : null);

    public Task CommitAsync(CancellationToken ct) => _own?.CommitAsync(ct) ?? Task.CompletedTask;

    public ValueTask DisposeAsync() => _own?.DisposeAsync() ?? ValueTask.CompletedTask;
}
