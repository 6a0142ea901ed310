using Consilium.Storage.Configuration;
using Microsoft.Extensions.Configuration;

namespace Consilium.Cli;

/// <summary>
/// Configuration for the command line: <c>appsettings.json</c> beside the executable, then one in the working
/// directory, then environment variables (<c>Consilium__Storage__ConnectionString</c>, ...). Options on the
/// command line win over all of them.
/// </summary>
internal static class CliConfiguration
{
    public static IConfiguration Load() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
        .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
        .AddEnvironmentVariables()
        .Build();

    /// <summary>The storage to use: <c>--postgres</c> (with the data directory of <c>--data-dir</c> when given), else <c>--data-dir</c>, else configuration.</summary>
    public static StorageOptions Storage(string? dataDirectory, string? postgres)
    {
        if (!string.IsNullOrWhiteSpace(postgres))
        {
            // The documents (and the rest of the data directory) stay where --data-dir says, as with SQLite.
            var onPostgres = StorageOptions.ForPostgreSql(postgres);
            if (!string.IsNullOrWhiteSpace(dataDirectory))
            {
                onPostgres.DataDirectory = dataDirectory;
            }
            return onPostgres;
        }
        var options = new StorageOptions();
        try
        {
            Load().GetSection(StorageOptions.SectionName).Bind(options);
        }
        catch (InvalidOperationException ex)
        {
            throw new BadInputException($"configuration section {StorageOptions.SectionName} is invalid: {ex.Message}", ex);
        }
        if (!string.IsNullOrWhiteSpace(dataDirectory))
        {
            options.Provider = StorageProvider.Sqlite;
            options.ConnectionString = null;
            options.DataDirectory = dataDirectory;
        }
        if (options.Provider == StorageProvider.PostgreSql && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new BadInputException($"{StorageOptions.SectionName}:Provider is PostgreSql but no ConnectionString is configured (set Consilium__Storage__ConnectionString or pass --postgres).");
        }
        return options;
    }
}
