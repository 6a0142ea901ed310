using System.IO.Compression;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Consilium.Storage.Configuration;

namespace Consilium.Cli.Backup;

/// <summary>One file inside the archive: its path there, its length and the SHA-256 of its bytes (lowercase hex).</summary>
internal sealed record BackupPart(string Path, long Bytes, string Sha256);

/// <summary>What the database held when it was backed up.</summary>
internal sealed record BackupCounts(long Cases, long Documents, long AuditEntries, long Accounts, long DataProtectionKeys);

/// <summary>
/// <c>manifest.json</c> of a backup archive: what made it, from which provider, the migrations the database had, what it held, and every
/// part with its length and SHA-256. <c>consilium restore</c> checks all of it before it touches the target.
/// </summary>
internal sealed record BackupManifest(
    string Format,
    int FormatVersion,
    string ConsiliumVersion,
    DateTimeOffset CreatedAt,
    StorageProvider Provider,
    IReadOnlyList<string> StorageMigrations,
    IReadOnlyList<string> IdentityMigrations,
    BackupCounts Counts,
    IReadOnlyList<BackupPart> Parts)
{
    public const string FileName = "manifest.json";
    public const string FormatName = "consilium-backup";
    public const int CurrentFormatVersion = 1;
    public const string SqliteDatabasePart = "database/consilium.db";
    public const string PostgreSqlDatabasePart = "database/consilium.pgdump";
    public const string DocumentsFolder = "documents/";

    private static readonly Regex DocumentPart = new(@"^documents/[0-9a-f]{2}/[0-9a-f]{32}\.cnsd$", RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The same, on one line (the commands' <c>--json</c> result).</summary>
    public static readonly JsonSerializerOptions OneLineJson = new(Json) { WriteIndented = false };

    public static string DatabasePart(StorageProvider provider) =>
        provider == StorageProvider.PostgreSql ? PostgreSqlDatabasePart : SqliteDatabasePart;

    /// <summary>The archive path of a document's encrypted file (the store's own layout under <c>documents/</c>).</summary>
    public static string DocumentPartPath(Guid documentId) =>
        DocumentsFolder + Storage.Documents.DocumentStore.RelativePath(documentId).Replace(System.IO.Path.DirectorySeparatorChar, '/');

    public static string RunningVersion =>
        typeof(BackupManifest).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    /// <summary>Reads and checks the manifest of <paramref name="archive"/>; throws <see cref="BadInputException"/> naming what is wrong.</summary>
    public static BackupManifest Read(ZipArchive archive, string archiveName)
    {
        var entry = archive.GetEntry(FileName)
            ?? throw new BadInputException($"{archiveName} is not a Consilium backup: it has no {FileName}");
        BackupManifest? manifest;
        try
        {
            using var stream = entry.Open();
            manifest = JsonSerializer.Deserialize<BackupManifest>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new BadInputException($"{archiveName}: {FileName} is not valid: {e.Message}", e);
        }
        if (manifest is null || manifest.Format != FormatName || manifest.Parts is null || manifest.Counts is null
            || manifest.StorageMigrations is null || manifest.IdentityMigrations is null)
        {
            throw new BadInputException($"{archiveName} is not a Consilium backup: {FileName} lacks format, counts, migrations or parts");
        }
        if (manifest.FormatVersion is < 1 or > CurrentFormatVersion)
        {
            throw new BadInputException($"{archiveName} has backup format {manifest.FormatVersion}; this Consilium ({RunningVersion}) reads format {CurrentFormatVersion}");
        }
        manifest.CheckParts(archive, archiveName);
        return manifest;
    }

    /// <summary>Every part is a database or document path, listed once, present in the archive, and nothing else is in it.</summary>
    private void CheckParts(ZipArchive archive, string archiveName)
    {
        var database = DatabasePart(Provider);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var part in Parts)
        {
            if (part.Path != database && !DocumentPart.IsMatch(part.Path ?? string.Empty))
            {
                throw new BadInputException($"{archiveName}: manifest part '{part.Path}' is neither the {Provider} database nor a document file");
            }
            if (!listed.Add(part.Path!) || part.Bytes < 0 || part.Sha256 is not { Length: 64 })
            {
                throw new BadInputException($"{archiveName}: manifest part '{part.Path}' is listed twice or has no length and SHA-256");
            }
        }
        if (!listed.Contains(database))
        {
            throw new BadInputException($"{archiveName}: the manifest lists no {database}");
        }
        if (listed.Count - 1 != Counts.Documents)
        {
            throw new BadInputException($"{archiveName}: the manifest counts {Counts.Documents} documents but lists {listed.Count - 1} document files");
        }
        foreach (var entry in archive.Entries)
        {
            if (entry.FullName != FileName && !listed.Contains(entry.FullName))
            {
                throw new BadInputException($"{archiveName}: '{entry.FullName}' is in the archive but not in its manifest");
            }
        }
        foreach (var path in listed)
        {
            if (archive.GetEntry(path) is null)
            {
                throw new BadInputException($"{archiveName}: the manifest lists {path} but the archive lacks it");
            }
        }
    }
}
