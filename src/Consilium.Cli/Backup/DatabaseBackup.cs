using System.Data;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Consilium.Storage.Audit;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Consilium.Cli.Backup;

/// <summary>A finished backup: where it is, how big, and its manifest.</summary>
internal sealed record BackupResult(string ArchivePath, long ArchiveBytes, BackupManifest Manifest);

/// <summary>
/// Writes one archive (ZIP) with a consistent snapshot of the database, the encrypted files of exactly the documents in that snapshot,
/// and the manifest. The database is read while the platform runs: SQLite through its online backup API, PostgreSQL through
/// <c>pg_dump -Fc</c> on a snapshot exported from a repeatable-read transaction (the counts and document ids come from the same
/// snapshot). The Data Protection keys that wrap the documents' keys are tables of the database, so they are in it. The archive is
/// written under a temporary name, readable by its owner only, and renamed when complete.
/// </summary>
internal static class DatabaseBackup
{
    public static async Task<BackupResult> CreateAsync(StorageOptions storage, string archivePath, IBackupProgress progress, CancellationToken ct)
    {
        var output = Path.GetFullPath(archivePath);
        if (Directory.Exists(output))
        {
            throw new BadInputException($"--out {output} is a folder; give the archive's file name");
        }
        Directory.CreateDirectory(Path.GetDirectoryName(output)!);
        var snapshot = output + ".database.partial";
        var partial = output + ".partial";
        try
        {
            progress.Stage($"Snapshot of the {storage.Provider} database", 1);
            var census = storage.Provider == StorageProvider.Sqlite
                ? await SnapshotSqliteAsync(storage, snapshot, ct)
                : await SnapshotPostgreSqlAsync(storage, snapshot, ct);
            progress.Advance(1);

            var documents = DocumentStoreOptions.ForDataDirectory(storage.DataDirectory).Directory;
            var files = census.DocumentIds.Select(id => (Id: id, Path: Path.Combine(documents, DocumentStore.RelativePath(id)))).ToList();
            var missing = files.FirstOrDefault(f => !File.Exists(f.Path));
            if (missing.Path is not null)
            {
                throw new BackupProblemException($"document {missing.Id} is in the database but its file {missing.Path} is missing: the document store in {documents} is damaged or is not this database's (pass the right --data-dir)");
            }

            var parts = new List<BackupPart>();
            var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.ReadWrite, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
            }
            var totalBytes = new FileInfo(snapshot).Length + files.Sum(f => new FileInfo(f.Path).Length);
            progress.Stage($"Writing the database and {files.Count} documents", totalBytes);
            await using (var stream = new FileStream(partial, options))
            {
                using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
                {
                    parts.Add(await AddAsync(zip, BackupManifest.DatabasePart(storage.Provider), snapshot, CompressionLevel.Optimal, progress, ct));
                    foreach (var (id, path) in files)
                    {
                        // Encrypted bytes do not compress.
                        parts.Add(await AddAsync(zip, BackupManifest.DocumentPartPath(id), path, CompressionLevel.NoCompression, progress, ct));
                    }
                    var manifest = new BackupManifest(BackupManifest.FormatName, BackupManifest.CurrentFormatVersion, BackupManifest.RunningVersion,
                        DateTimeOffset.UtcNow, storage.Provider, census.StorageMigrations, census.IdentityMigrations, census.Counts, parts);
                    var entry = zip.CreateEntry(BackupManifest.FileName, CompressionLevel.Optimal);
                    await using (var manifestStream = await entry.OpenAsync(ct))
                    {
                        await JsonSerializer.SerializeAsync(manifestStream, manifest, BackupManifest.Json, ct);
                    }
                }
                stream.Flush(flushToDisk: true);
            }
            File.Move(partial, output, overwrite: true);
            using var archive = ZipFile.OpenRead(output);
            return new BackupResult(output, new FileInfo(output).Length, BackupManifest.Read(archive, Path.GetFileName(output)));
        }
        finally
        {
            File.Delete(snapshot);
            File.Delete(partial);
        }
    }

    /// <summary>Writes who took the backup into the audit trail of the database it came from (a backup reads every patient's data).</summary>
    public static async Task AuditAsync(StorageOptions storage, BackupResult result, CancellationToken ct)
    {
        await using var db = await ConsiliumDatabase.OpenAsync(storage, cancellationToken: ct);
        var counts = result.Manifest.Counts;
        await db.Audit.AppendAsync(new AuditEvent($"cli:{Environment.UserName}", "backup.create", null, $"Backup/{Path.GetFileName(result.ArchivePath)}",
            $"{counts.Cases} cases, {counts.Documents} documents, {counts.AuditEntries} audit entries", null), ct);
    }

    private static async Task<DatabaseCensus> SnapshotSqliteAsync(StorageOptions storage, string snapshot, CancellationToken ct)
    {
        var source = string.IsNullOrWhiteSpace(storage.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = storage.SqliteFilePath }
            : new SqliteConnectionStringBuilder(storage.ConnectionString);
        if (!File.Exists(source.DataSource))
        {
            throw new BadInputException($"there is no Consilium database at {Path.GetFullPath(source.DataSource)} (pass --data-dir or --postgres)");
        }
        source.Mode = SqliteOpenMode.ReadWrite;
        source.Pooling = false;
        File.Delete(snapshot);
        await using var from = new SqliteConnection(source.ToString());
        await using var to = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = snapshot, Pooling = false }.ToString());
        await from.OpenAsync(ct);
        await to.OpenAsync(ct);
        // One step under a read transaction: a consistent copy while the server keeps writing (WAL).
        from.BackupDatabase(to);
        await using (var journal = to.CreateCommand())
        {
            // The copy is one self-contained file.
            journal.CommandText = "PRAGMA journal_mode=DELETE";
            await journal.ExecuteNonQueryAsync(ct);
        }
        return await DatabaseCensus.TakeAsync(to, null, StorageProvider.Sqlite, ct);
    }

    private static async Task<DatabaseCensus> SnapshotPostgreSqlAsync(StorageOptions storage, string dump, CancellationToken ct)
    {
        var pgDump = PostgreSqlTools.Find("pg_dump");
        await using var connection = new NpgsqlConnection(storage.ConnectionString);
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.RepeatableRead, ct);
        string snapshotId;
        await using (var export = new NpgsqlCommand("SELECT pg_export_snapshot()", connection, transaction))
        {
            snapshotId = (string)(await export.ExecuteScalarAsync(ct))!;
        }
        // The census and pg_dump see the same snapshot: the documents listed are exactly those the dump holds.
        var census = await DatabaseCensus.TakeAsync(connection, transaction, StorageProvider.PostgreSql, ct);
        await PostgreSqlTools.RunAsync(pgDump, storage.ConnectionString!, ["--format=custom", $"--snapshot={snapshotId}", "--file", dump], ct);
        await transaction.CommitAsync(ct);
        return census;
    }

    private static async Task<BackupPart> AddAsync(ZipArchive zip, string name, string path, CompressionLevel level, IBackupProgress progress, CancellationToken ct)
    {
        var entry = zip.CreateEntry(name, level);
        entry.LastWriteTime = File.GetLastWriteTimeUtc(path);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        var buffer = new byte[128 * 1024];
        await using var source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        await using var target = await entry.OpenAsync(ct);
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
            bytes += read;
            progress.Advance(read);
        }
        return new BackupPart(name, bytes, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }
}

/// <summary>The backup found the data damaged (a document without its file): nothing was written.</summary>
internal sealed class BackupProblemException : Exception
{
    public BackupProblemException(string message) : base(message) { }
    public BackupProblemException() { }
    public BackupProblemException(string message, Exception inner) : base(message, inner) { }
}
