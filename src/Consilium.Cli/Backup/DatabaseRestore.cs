using System.IO.Compression;
using System.Security.Cryptography;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Consilium.Cli.Backup;

/// <summary>
/// Restores an archive written by <see cref="DatabaseBackup"/>. First the archive is checked whole: its manifest (format, provider,
/// migrations this Consilium knows, every part listed and nothing else) and, while the parts are unpacked into a staging folder beside
/// the target, each part's length and SHA-256. Only then is the target replaced: SQLite by moving the database file and the documents
/// folder into place (the old ones are set aside and put back if a move fails); PostgreSQL by <c>pg_restore --clean --if-exists</c> in
/// one transaction, with the documents folder swapped before it and swapped back if it fails. A target that holds data is refused
/// unless <c>force</c>.
/// </summary>
internal static class DatabaseRestore
{
    private const string SqliteSidecars = "-wal|-shm|-journal";

    public static async Task<BackupManifest> RestoreAsync(string archivePath, StorageOptions target, bool force, IBackupProgress progress, CancellationToken ct)
    {
        var archiveFile = Path.GetFullPath(archivePath);
        if (!File.Exists(archiveFile))
        {
            throw new BadInputException($"there is no backup archive at {archiveFile}");
        }
        var name = Path.GetFileName(archiveFile);
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(archiveFile);
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException($"{name} is not a Consilium backup (not a ZIP archive: {e.Message})", e);
        }
        using (archive)
        {
            var manifest = BackupManifest.Read(archive, name);
            if (manifest.Provider != target.Provider)
            {
                throw new BadInputException($"{name} is a backup of a {manifest.Provider} database; restore it into {manifest.Provider} ({(manifest.Provider == StorageProvider.Sqlite ? "--data-dir DIR" : "--postgres CONNECTION")})");
            }
            await CheckMigrationsKnownAsync(manifest, target, name, ct);
            var dataDirectory = Path.GetFullPath(target.DataDirectory);
            var existing = await DescribeExistingAsync(target, dataDirectory, ct);
            if (existing is not null && !force)
            {
                throw new BadInputException($"the target is not empty ({existing}): pass --force to replace it with the backup");
            }
            if (target.Provider == StorageProvider.Sqlite)
            {
                await EnsureSqliteNotInUseAsync(target, ct);
            }

            Directory.CreateDirectory(dataDirectory);
            var staging = Path.Combine(dataDirectory, $".restore-{Guid.NewGuid():N}");
            try
            {
                Directory.CreateDirectory(Path.Combine(staging, "documents"));
                progress.Stage($"Checking and unpacking {manifest.Parts.Count} parts of {name}", manifest.Parts.Sum(p => p.Bytes));
                foreach (var part in manifest.Parts)
                {
                    await UnpackAsync(archive, part, staging, name, progress, ct);
                }
                progress.Stage($"Replacing the {target.Provider} database and documents", 1);
                if (target.Provider == StorageProvider.Sqlite)
                {
                    ReplaceSqlite(target, dataDirectory, staging);
                }
                else
                {
                    await ReplacePostgreSqlAsync(target, dataDirectory, staging, ct);
                }
                progress.Advance(1);
                return manifest;
            }
            finally
            {
                TryDeleteDirectory(staging);
            }
        }
    }

    /// <summary>Refuses a backup made by a newer Consilium (a migration this build does not have).</summary>
    private static async Task CheckMigrationsKnownAsync(BackupManifest manifest, StorageOptions target, string name, CancellationToken ct)
    {
        await using var database = ConsiliumDatabase.Open(target);
        await using var context = database.CreateDbContext();
        var known = context.Database.GetMigrations().ToHashSet(StringComparer.Ordinal);
        var unknown = manifest.StorageMigrations.FirstOrDefault(m => !known.Contains(m));
        if (unknown is not null)
        {
            throw new BadInputException($"{name} was made by a newer Consilium ({manifest.ConsiliumVersion}): its database has migration {unknown}, which this Consilium ({BackupManifest.RunningVersion}) does not know; restore it with that version or newer");
        }
    }

    /// <summary>What the target holds, in words, or null when it is empty.</summary>
    private static async Task<string?> DescribeExistingAsync(StorageOptions target, string dataDirectory, CancellationToken ct)
    {
        var found = new List<string>();
        if (target.Provider == StorageProvider.Sqlite)
        {
            if (File.Exists(target.SqliteFilePath) && new FileInfo(target.SqliteFilePath).Length > 0)
            {
                found.Add($"database {target.SqliteFilePath}");
            }
        }
        else
        {
            await using var connection = new NpgsqlConnection(target.ConnectionString);
            await connection.OpenAsync(ct);
            await using var tables = new NpgsqlCommand("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()", connection);
            var count = (long)(await tables.ExecuteScalarAsync(ct))!;
            if (count > 0)
            {
                found.Add($"{count} tables in PostgreSQL database {connection.Database}");
            }
        }
        var documents = DocumentStoreOptions.ForDataDirectory(dataDirectory).Directory;
        if (Directory.Exists(documents) && Directory.EnumerateFiles(documents, "*.cnsd", SearchOption.AllDirectories).Any())
        {
            found.Add($"documents in {documents}");
        }
        return found.Count == 0 ? null : string.Join(", ", found);
    }

    /// <summary>A server using the SQLite file would keep writing to the old one: stop it first.</summary>
    private static async Task EnsureSqliteNotInUseAsync(StorageOptions target, CancellationToken ct)
    {
        if (!File.Exists(target.SqliteFilePath))
        {
            return;
        }
        var builder = new SqliteConnectionStringBuilder { DataSource = target.SqliteFilePath, Mode = SqliteOpenMode.ReadWrite, Pooling = false, DefaultTimeout = 1 };
        await using var connection = new SqliteConnection(builder.ToString());
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "BEGIN EXCLUSIVE; ROLLBACK;";
        try
        {
            await command.ExecuteNonQueryAsync(ct);
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            throw new BadInputException($"{target.SqliteFilePath} is in use (stop consilium serve and other commands on it first)", e);
        }
    }

    private static async Task UnpackAsync(ZipArchive archive, BackupPart part, string staging, string name, IBackupProgress progress, CancellationToken ct)
    {
        var entry = archive.GetEntry(part.Path)!;
        var destination = Path.Combine(staging, part.Path.Replace('/', Path.DirectorySeparatorChar));
        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        long bytes = 0;
        var buffer = new byte[128 * 1024];
        try
        {
            await using var source = await entry.OpenAsync(ct);
            await using var file = new FileStream(destination, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0, FileOptions.Asynchronous);
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                bytes += read;
                if (bytes > part.Bytes)
                {
                    break;
                }
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
                progress.Advance(read);
            }
            file.Flush(flushToDisk: true);
        }
        catch (InvalidDataException e)
        {
            throw new BadInputException($"{name} is damaged: {part.Path} cannot be read ({e.Message}); nothing was restored", e);
        }
        if (bytes != part.Bytes || Convert.ToHexStringLower(hash.GetHashAndReset()) != part.Sha256)
        {
            throw new BadInputException($"{name} is damaged: {part.Path} does not match its manifest ({(bytes != part.Bytes ? "length" : "SHA-256")} differs); nothing was restored");
        }
    }

    private static void ReplaceSqlite(StorageOptions target, string dataDirectory, string staging)
    {
        var database = target.SqliteFilePath;
        var moves = new List<(string Staged, string Target)>
        {
            (Path.Combine(staging, "database", "consilium.db"), database),
            (Path.Combine(staging, "documents"), DocumentStoreOptions.ForDataDirectory(dataDirectory).Directory),
        };
        var leftovers = SqliteSidecars.Split('|').Select(s => database + s).Where(File.Exists).ToList();
        Swap(moves, leftovers, staging);
    }

    private static async Task ReplacePostgreSqlAsync(StorageOptions target, string dataDirectory, string staging, CancellationToken ct)
    {
        var pgRestore = PostgreSqlTools.Find("pg_restore");
        var documents = DocumentStoreOptions.ForDataDirectory(dataDirectory).Directory;
        var setAside = Path.Combine(staging, "replaced");
        Directory.CreateDirectory(setAside);
        var hadDocuments = Directory.Exists(documents);
        if (hadDocuments)
        {
            Directory.Move(documents, Path.Combine(setAside, "documents"));
        }
        Directory.Move(Path.Combine(staging, "documents"), documents);
        try
        {
            NpgsqlConnection.ClearAllPools();
            // One transaction: the database is the backup's, or untouched.
            await PostgreSqlTools.RunAsync(pgRestore, target.ConnectionString!,
                ["--clean", "--if-exists", "--single-transaction", "--exit-on-error", "--no-owner", "--no-privileges", "--dbname", DatabaseName(target),
                 Path.Combine(staging, "database", "consilium.pgdump")], ct);
        }
        catch
        {
            Directory.Delete(documents, recursive: true);
            if (hadDocuments)
            {
                Directory.Move(Path.Combine(setAside, "documents"), documents);
            }
            throw;
        }
    }

    private static string DatabaseName(StorageOptions target)
    {
        var builder = new NpgsqlConnectionStringBuilder(target.ConnectionString);
        return builder.Database ?? builder.Username ?? "postgres";
    }

    /// <summary>
    /// Moves each staged item onto its target, setting the old ones (and <paramref name="leftovers"/>) aside in the staging folder; when a
    /// move fails, what was moved goes back and the old items return, so the target is either all old or all new.
    /// </summary>
    private static void Swap(IReadOnlyList<(string Staged, string Target)> moves, IReadOnlyList<string> leftovers, string staging)
    {
        var setAside = Path.Combine(staging, "replaced");
        Directory.CreateDirectory(setAside);
        var asideMoves = new List<(string From, string To)>();
        var placed = new List<(string Staged, string Target)>();
        try
        {
            var i = 0;
            foreach (var path in moves.Select(m => m.Target).Concat(leftovers))
            {
                if (File.Exists(path) || Directory.Exists(path))
                {
                    var aside = Path.Combine(setAside, $"{i++}-{Path.GetFileName(path)}");
                    Move(path, aside);
                    asideMoves.Add((path, aside));
                }
            }
            foreach (var move in moves)
            {
                Move(move.Staged, move.Target);
                placed.Add(move);
            }
        }
        catch
        {
            foreach (var (staged, target) in Enumerable.Reverse(placed))
            {
                Move(target, staged);
            }
            foreach (var (from, to) in Enumerable.Reverse(asideMoves))
            {
                Move(to, from);
            }
            throw;
        }
    }

    private static void Move(string from, string to)
    {
        if (Directory.Exists(from))
        {
            Directory.Move(from, to);
        }
        else
        {
            File.Move(from, to);
        }
    }

    private static void TryDeleteDirectory(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
        }
        catch (IOException)
        {
            // Best effort: a leftover staging folder holds nothing the platform reads.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
