using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using Consilium.Cli.Bench.Harness;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Cli.Tests.Backup;

/// <summary>
/// <c>consilium backup</c> and <c>consilium restore</c> (the real executable) on data the web platform wrote: after a restore on a fresh
/// directory or database, <c>consilium audit verify</c> passes and every document decrypts to the bytes that were uploaded.
/// </summary>
public sealed class BackupRestoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("consilium-backup-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string PathIn(params string[] parts) => Path.Combine([_dir, .. parts]);

    private ConsiliumProcess.Run Consilium(params string[] args) => ConsiliumProcess.StartIn(_dir, null, args);

    private static JsonElement Json(ConsiliumProcess.Run run)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}: {run.StdErr}");
        using var json = JsonDocument.Parse(run.StdOut);
        return json.RootElement.Clone();
    }

    [Fact]
    public async Task GivenSqliteDataDirectory_WhenBackedUpAndRestoredOnAFreshDirectory_ThenAuditVerifiesAndEveryDocumentDecrypts()
    {
        var source = StorageOptions.ForDataDirectory(PathIn("clinic", "data"));
        var documents = await SeededPlatform.SeedAsync(source, documents: 12, seed: 1);

        var backup = Json(Consilium("backup", "--out", PathIn("backups", "clinic.zip"), "--data-dir", source.DataDirectory, "--json"));
        Assert.Equal(documents.Count, backup.GetProperty("counts").GetProperty("documents").GetInt64());
        Assert.True(backup.GetProperty("counts").GetProperty("dataProtectionKeys").GetInt64() >= 1);
        // The original machine is gone: only the archive is left.
        Directory.Delete(PathIn("clinic"), recursive: true);

        var target = StorageOptions.ForDataDirectory(PathIn("new-machine", "data"));
        var restore = Json(Consilium("restore", PathIn("backups", "clinic.zip"), "--data-dir", target.DataDirectory, "--json"));
        Assert.True(restore.GetProperty("auditIntact").GetBoolean());
        Assert.Equal(documents.Count, restore.GetProperty("documentsDecrypted").GetInt32());

        var verify = Consilium("audit", "verify", "--data-dir", target.DataDirectory);
        Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOut);
        await SeededPlatform.AssertEveryDocumentDecryptsAsync(target, documents);
        Assert.Equal(backup.GetProperty("counts").GetProperty("cases").GetInt64(), await CountCasesAsync(target));
        Assert.Empty(Directory.GetDirectories(target.DataDirectory, ".restore-*"));
    }

    [Fact]
    public async Task GivenTheServerRunningAndTakingNewCases_WhenBackedUp_ThenTheArchiveRestoresToAVerifiedCopy()
    {
        var source = StorageOptions.ForDataDirectory(PathIn("live"));
        var documents = await SeededPlatform.SeedAsync(source, documents: 6, seed: 7);
        var accounts = await BenchAccounts.SeedAsync(source);
        await using var server = await ServerProcess.StartAsync(source);
        using var api = WebSession.ApiClient(server.BaseAddress, accounts.Coordinator);
        using var stop = new CancellationTokenSource();
        var bundle = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "cancer-surgery-planned.json"));
        var writer = Task.Run(async () =>
        {
            var created = 0;
            while (!stop.IsCancellationRequested)
            {
                using var content = new ByteArrayContent(bundle);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/fhir+json");
                using var response = await api.PostAsync(new Uri("/api/cases", UriKind.Relative), content);
                Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
                created++;
            }
            return created;
        });

        var backup = Json(Consilium("backup", "--out", PathIn("live.zip"), "--data-dir", source.DataDirectory, "--json"));
        await stop.CancelAsync();
        var createdWhileRunning = await writer;

        Assert.True(createdWhileRunning > 0, "the server took new cases during the backup");
        var target = StorageOptions.ForDataDirectory(PathIn("copy"));
        var restore = Json(Consilium("restore", PathIn("live.zip"), "--data-dir", target.DataDirectory, "--json"));
        Assert.True(restore.GetProperty("auditIntact").GetBoolean());
        Assert.Equal(backup.GetProperty("counts").GetProperty("cases").GetInt64(), await CountCasesAsync(target));
        await SeededPlatform.AssertEveryDocumentDecryptsAsync(target, documents);
        Assert.Equal(0, Consilium("audit", "verify", "--data-dir", target.DataDirectory).ExitCode);
    }

    [Fact]
    public async Task GivenTargetWithData_WhenRestoredWithoutForce_ThenRefusedAndUntouched_AndWithForceReplaced()
    {
        var source = StorageOptions.ForDataDirectory(PathIn("a"));
        var documents = await SeededPlatform.SeedAsync(source, documents: 3, seed: 2);
        Assert.Equal(0, Consilium("backup", "--out", PathIn("a.zip"), "--data-dir", source.DataDirectory).ExitCode);
        var target = StorageOptions.ForDataDirectory(PathIn("b"));
        var other = await SeededPlatform.SeedAsync(target, documents: 2, seed: 3);
        var before = SHA256.HashData(await File.ReadAllBytesAsync(target.SqliteFilePath));

        var refused = Consilium("restore", PathIn("a.zip"), "--data-dir", target.DataDirectory);

        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("the target is not empty", refused.StdErr, StringComparison.Ordinal);
        Assert.Contains("--force", refused.StdErr, StringComparison.Ordinal);
        Assert.Equal(before, SHA256.HashData(await File.ReadAllBytesAsync(target.SqliteFilePath)));
        await SeededPlatform.AssertEveryDocumentDecryptsAsync(target, other);

        var forced = Consilium("restore", PathIn("a.zip"), "--data-dir", target.DataDirectory, "--force");

        Assert.True(forced.ExitCode == 0, forced.StdErr);
        await SeededPlatform.AssertEveryDocumentDecryptsAsync(target, documents);
        Assert.False(File.Exists(Path.Combine(target.DataDirectory, "documents", other[0].Id.ToString("N")[..2], other[0].Id.ToString("N") + ".cnsd")),
            "the replaced target's documents are gone");
        Assert.Empty(Directory.GetDirectories(target.DataDirectory, ".restore-*"));
    }

    [Fact]
    public async Task GivenArchiveWithOneDocumentAltered_WhenRestored_ThenRefusedNamingThePartAndNothingWritten()
    {
        var source = StorageOptions.ForDataDirectory(PathIn("a"));
        await SeededPlatform.SeedAsync(source, documents: 4, seed: 4);
        Assert.Equal(0, Consilium("backup", "--out", PathIn("a.zip"), "--data-dir", source.DataDirectory).ExitCode);
        var altered = AlterLastDocument(PathIn("a.zip"), PathIn("altered.zip"));
        var target = PathIn("restored");

        var run = Consilium("restore", PathIn("altered.zip"), "--data-dir", target);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"{altered} does not match its manifest", run.StdErr, StringComparison.Ordinal);
        Assert.Contains("nothing was restored", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(target, StorageOptions.SqliteFileName)));
        Assert.False(Directory.Exists(Path.Combine(target, "documents")));
        Assert.Empty(Directory.GetFileSystemEntries(target));
    }

    [Fact]
    public async Task GivenArchiveWithAFileOutsideItsManifest_WhenRestored_ThenRefusedAndNothingWritten()
    {
        var source = StorageOptions.ForDataDirectory(PathIn("a"));
        await SeededPlatform.SeedAsync(source, documents: 1, seed: 8);
        Assert.Equal(0, Consilium("backup", "--out", PathIn("a.zip"), "--data-dir", source.DataDirectory).ExitCode);
        using (var original = ZipFile.OpenRead(PathIn("a.zip")))
        {
            Rewrite(original, PathIn("smuggled.zip"), (_, _) => { }, ("documents/../../outside.txt", "x"u8.ToArray()));
        }

        var run = Consilium("restore", PathIn("smuggled.zip"), "--data-dir", PathIn("restored", "data"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'documents/../../outside.txt' is in the archive but not in its manifest", run.StdErr, StringComparison.Ordinal);
        Assert.False(File.Exists(PathIn("outside.txt")));
        Assert.False(Directory.Exists(PathIn("restored")));
    }

    [Fact]
    public async Task GivenNotAnArchive_WhenRestored_ThenBadInputNamingIt()
    {
        await File.WriteAllTextAsync(PathIn("notes.zip"), "not a zip");

        var run = Consilium("restore", PathIn("notes.zip"), "--data-dir", PathIn("restored"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("notes.zip is not a Consilium backup", run.StdErr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(PathIn("restored")));
    }

    [Fact]
    public async Task GivenSqliteBackup_WhenRestoredIntoPostgreSql_ThenBadInputNamingTheProvider()
    {
        var source = StorageOptions.ForDataDirectory(PathIn("a"));
        await SeededPlatform.SeedAsync(source, documents: 1, seed: 5);
        Assert.Equal(0, Consilium("backup", "--out", PathIn("a.zip"), "--data-dir", source.DataDirectory).ExitCode);

        var run = Consilium("restore", PathIn("a.zip"), "--postgres", "Host=127.0.0.1;Port=1;Database=none;Username=none", "--data-dir", PathIn("b"));

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is a backup of a Sqlite database", run.StdErr, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GivenPostgreSqlDatabase_WhenBackedUpAndRestoredIntoAnEmptyDatabase_ThenAuditVerifiesAndEveryDocumentDecrypts()
    {
        await using var origin = await PostgreSqlDatabase.CreateAsync("consilium_cli_backup_a");
        await using var fresh = await PostgreSqlDatabase.CreateAsync("consilium_cli_backup_b");
        var source = StorageOptions.ForPostgreSql(origin.ConnectionString);
        source.DataDirectory = PathIn("node", "data");
        var documents = await SeededPlatform.SeedAsync(source, documents: 8, seed: 6);

        var backup = Json(Consilium("backup", "--out", PathIn("pg.zip"), "--postgres", origin.ConnectionString, "--data-dir", source.DataDirectory, "--json"));
        Assert.Equal("PostgreSql", backup.GetProperty("provider").GetString());
        Assert.Equal(documents.Count, backup.GetProperty("counts").GetProperty("documents").GetInt64());

        var target = StorageOptions.ForPostgreSql(fresh.ConnectionString);
        target.DataDirectory = PathIn("other-node", "data");
        var restore = Json(Consilium("restore", PathIn("pg.zip"), "--postgres", fresh.ConnectionString, "--data-dir", target.DataDirectory, "--json"));
        Assert.True(restore.GetProperty("auditIntact").GetBoolean());
        Assert.Equal(documents.Count, restore.GetProperty("documentsDecrypted").GetInt32());

        var verify = Consilium("audit", "verify", "--postgres", fresh.ConnectionString);
        Assert.True(verify.ExitCode == 0, verify.StdErr + verify.StdOut);
        await SeededPlatform.AssertEveryDocumentDecryptsAsync(target, documents);
        Assert.Equal(backup.GetProperty("counts").GetProperty("cases").GetInt64(), await CountCasesAsync(target));

        // The database now holds data: a second restore is refused without --force, and replaces it with it.
        var refused = Consilium("restore", PathIn("pg.zip"), "--postgres", fresh.ConnectionString, "--data-dir", target.DataDirectory);
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("the target is not empty", refused.StdErr, StringComparison.Ordinal);
        var forced = Consilium("restore", PathIn("pg.zip"), "--postgres", fresh.ConnectionString, "--data-dir", target.DataDirectory, "--force");
        Assert.True(forced.ExitCode == 0, forced.StdErr);
        Assert.Equal(0, Consilium("audit", "verify", "--postgres", fresh.ConnectionString).ExitCode);
        await SeededPlatform.AssertEveryDocumentDecryptsAsync(target, documents);
    }

    private static async Task<long> CountCasesAsync(StorageOptions storage)
    {
        await using var db = await ConsiliumDatabase.OpenAsync(storage);
        await using var context = db.CreateDbContext();
        return await context.Cases.LongCountAsync();
    }

    /// <summary>Copies the archive with the last document part's first byte flipped (manifest unchanged); returns that part's path.</summary>
    private static string AlterLastDocument(string from, string to)
    {
        using var source = ZipFile.OpenRead(from);
        var victim = source.Entries.Last(e => e.FullName.StartsWith("documents/", StringComparison.Ordinal)).FullName;
        Rewrite(source, to, (name, bytes) =>
        {
            if (name == victim)
            {
                bytes[0] ^= 0xFF;
            }
        });
        return victim;
    }

    /// <summary>Copies every entry of <paramref name="source"/> to a new archive, letting <paramref name="change"/> edit each, then adds <paramref name="extra"/>.</summary>
    private static void Rewrite(ZipArchive source, string to, Action<string, byte[]> change, params (string Name, byte[] Bytes)[] extra)
    {
        using var target = ZipFile.Open(to, ZipArchiveMode.Create);
        foreach (var entry in source.Entries)
        {
            using var input = entry.Open();
            using var buffer = new MemoryStream();
            input.CopyTo(buffer);
            var bytes = buffer.ToArray();
            change(entry.FullName, bytes);
            using var output = target.CreateEntry(entry.FullName).Open();
            output.Write(bytes);
        }
        foreach (var (name, bytes) in extra)
        {
            using var output = target.CreateEntry(name).Open();
            output.Write(bytes);
        }
    }
}
