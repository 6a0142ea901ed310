namespace Consilium.Storage.Configuration;

/// <summary>Which database engine holds Consilium's data.</summary>
public enum StorageProvider
{
    /// <summary>A single file in the data directory: the zero-configuration default.</summary>
    Sqlite,

    /// <summary>A PostgreSQL server, for more than one machine.</summary>
    PostgreSql,
}

/// <summary>
/// Where Consilium keeps its data. Bound from configuration section <see cref="SectionName"/>
/// (<c>Consilium:Storage:Provider</c>, <c>:ConnectionString</c>, <c>:DataDirectory</c>).
/// </summary>
public sealed class StorageOptions
{
    public const string SectionName = "Consilium:Storage";

    /// <summary>The file name of the SQLite database inside <see cref="DataDirectory"/>.</summary>
    public const string SqliteFileName = "consilium.db";

    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// Required for PostgreSQL (an Npgsql connection string). For SQLite, optional: when empty the database is
    /// <c>Data Source=&lt;DataDirectory&gt;/consilium.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the SQLite file (and later the document store) lives; relative paths are taken from the working directory.</summary>
    public string DataDirectory { get; set; } = "data";

    /// <summary>SQLite in <paramref name="dataDirectory"/>/consilium.db.</summary>
    public static StorageOptions ForDataDirectory(string dataDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataDirectory);
        return new StorageOptions { Provider = StorageProvider.Sqlite, DataDirectory = dataDirectory };
    }

    /// <summary>PostgreSQL at <paramref name="connectionString"/> (Npgsql syntax: <c>Host=...;Database=...;Username=...;Password=...</c>).</summary>
    public static StorageOptions ForPostgreSql(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new StorageOptions { Provider = StorageProvider.PostgreSql, ConnectionString = connectionString };
    }

    /// <summary>The full path of the SQLite database file this configuration points at.</summary>
    public string SqliteFilePath => Path.GetFullPath(Path.Combine(DataDirectory, SqliteFileName));
}
