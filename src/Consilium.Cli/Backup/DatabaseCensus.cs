using System.Data.Common;
using Consilium.Storage.Configuration;

namespace Consilium.Cli.Backup;

/// <summary>
/// What a database holds, read with plain SQL on one connection (inside the caller's snapshot transaction, if any): the counts for the
/// manifest, the ids of the stored documents (whose files go into the backup) and the migrations applied.
/// </summary>
internal sealed record DatabaseCensus(BackupCounts Counts, IReadOnlyList<Guid> DocumentIds, IReadOnlyList<string> StorageMigrations, IReadOnlyList<string> IdentityMigrations)
{
    private const string StorageHistory = "__EFMigrationsHistory";
    private const string IdentityHistory = "__IdentityMigrationsHistory";

    public static async Task<DatabaseCensus> TakeAsync(DbConnection connection, DbTransaction? transaction, StorageProvider provider, CancellationToken ct)
    {
        var tables = new HashSet<string>(StringComparer.Ordinal);
        var listTables = provider == StorageProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table'"
            : "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()";
        await foreach (var name in ReadAsync(connection, transaction, listTables, r => r.GetString(0), ct))
        {
            tables.Add(name);
        }

        async Task<long> CountAsync(string table) => tables.Contains(table)
            ? Convert.ToInt64(await ScalarAsync(connection, transaction, $"SELECT COUNT(*) FROM \"{table}\"", ct), System.Globalization.CultureInfo.InvariantCulture)
            : 0;

        async Task<List<T>> ListAsync<T>(string table, string sql, Func<DbDataReader, T> read)
        {
            var list = new List<T>();
            if (tables.Contains(table))
            {
                await foreach (var item in ReadAsync(connection, transaction, sql, read, ct))
                {
                    list.Add(item);
                }
            }
            return list;
        }

        var documents = await ListAsync("documents", "SELECT id FROM documents ORDER BY id", r => r.GetValue(0) switch
        {
            Guid g => g,
            string s => Guid.Parse(s),
            var other => throw new InvalidOperationException($"documents.id is a {other.GetType().Name}"),
        });
        var counts = new BackupCounts(
            Cases: await CountAsync("cases"),
            Documents: documents.Count,
            AuditEntries: await CountAsync("audit_entries"),
            Accounts: await CountAsync("AspNetUsers"),
            DataProtectionKeys: await CountAsync("DataProtectionKeys"));
        var storageMigrations = await ListAsync(StorageHistory, $"SELECT \"MigrationId\" FROM \"{StorageHistory}\" ORDER BY 1", r => r.GetString(0));
        var identityMigrations = await ListAsync(IdentityHistory, $"SELECT \"MigrationId\" FROM \"{IdentityHistory}\" ORDER BY 1", r => r.GetString(0));
        return new DatabaseCensus(counts, documents, storageMigrations, identityMigrations);
    }

    private static async Task<object?> ScalarAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(ct);
    }

    private static async IAsyncEnumerable<T> ReadAsync<T>(DbConnection connection, DbTransaction? transaction, string sql, Func<DbDataReader, T> read,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return read(reader);
        }
    }
}
