using Consilium.Cli.Bench.Crash;
using Consilium.Storage.Configuration;

namespace Consilium.Cli.Tests.Serve;

/// <summary>Which storage <c>--data-dir</c> and <c>--postgres</c> give (serve, and every command with those options).</summary>
public sealed class CliStorageTests
{
    [Fact]
    public void GivenPostgresAndADataDirectory_WhenTheStorageIsChosen_ThenTheDatabaseIsPostgreSqlAndDocumentsAndMailGoToTheDataDirectory()
    {
        // Found by bench crash: documents and mail of `serve --postgres ... --data-dir D` went to ./data, not D.
        var storage = CliConfiguration.Storage("/srv/consilium-data", "Host=db.example;Database=consilium");

        Assert.Equal(StorageProvider.PostgreSql, storage.Provider);
        Assert.Equal("Host=db.example;Database=consilium", storage.ConnectionString);
        Assert.Equal("/srv/consilium-data", storage.DataDirectory);
    }

    [Fact]
    public void GivenOnlyADataDirectory_WhenTheStorageIsChosen_ThenSqliteInThatDirectory()
    {
        var storage = CliConfiguration.Storage("/srv/consilium-data", null);

        Assert.Equal(StorageProvider.Sqlite, storage.Provider);
        Assert.Equal("/srv/consilium-data", storage.DataDirectory);
    }

    [Theory]
    [InlineData("20261125T182111490-outbox-000000000042", 42L)]
    [InlineData("outbox-7", 7L)]
    [InlineData("20261125T182111490-3f2a9c0d4b1e4f5a8b6c7d8e9f0a1b2c", null)]
    public void GivenAMailFileName_WhenItsOutboxIdIsRead_ThenTheIdOrNothing(string name, long? expected) =>
        Assert.Equal(expected, InvariantChecker.OutboxId(name));
}
