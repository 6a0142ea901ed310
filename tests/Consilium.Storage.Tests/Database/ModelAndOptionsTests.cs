using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Tests.Database;

public sealed class ModelAndOptionsTests
{
    [Fact]
    public void GivenSqliteModel_WhenComparedWithItsMigrations_ThenNothingIsMissing()
    {
        using var context = new SqliteConsiliumDbContextDesignTimeFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(), "The SQLite model changed without a migration: run dotnet ef migrations add (see Migrations/README.md).");
    }

    [Fact]
    public void GivenPostgreSqlModel_WhenComparedWithItsMigrations_ThenNothingIsMissing()
    {
        using var context = new PostgreSqlConsiliumDbContextDesignTimeFactory().CreateDbContext([]);

        Assert.False(context.Database.HasPendingModelChanges(), "The PostgreSQL model changed without a migration: run dotnet ef migrations add (see Migrations/README.md).");
    }

    [Fact]
    public void GivenBothProviders_WhenMigrationsListed_ThenTheyHaveTheSameNames()
    {
        using var sqlite = new SqliteConsiliumDbContextDesignTimeFactory().CreateDbContext([]);
        using var postgres = new PostgreSqlConsiliumDbContextDesignTimeFactory().CreateDbContext([]);

        static IEnumerable<string> Names(DbContext c) => c.Database.GetMigrations().Select(m => m[(m.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.Equal(Names(sqlite), Names(postgres));
    }

    [Fact]
    public void GivenPostgreSqlWithoutConnectionString_WhenOpened_ThenArgumentExceptionNamesTheSetting()
    {
        var e = Assert.Throws<ArgumentException>(() => ConsiliumDatabase.Open(new StorageOptions { Provider = StorageProvider.PostgreSql }));

        Assert.Contains("Consilium:Storage:ConnectionString", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GivenDataDirectoryThatDoesNotExist_WhenOpened_ThenItIsCreatedWithTheDatabaseFile()
    {
        await using var store = new SqliteTestStore();

        await using (var db = await ConsiliumDatabase.OpenAsync(store.Options))
        {
            Assert.Equal(StorageProvider.Sqlite, db.Provider);
            Assert.Equal($"SQLite {store.DatabaseFile}", db.Description);
            Assert.Equal(0, await db.Cases.CountAsync());
        }

        Assert.True(File.Exists(store.DatabaseFile));
    }

    [Fact]
    public void GivenPostgreSqlConnectionString_WhenOpened_ThenDescriptionHidesThePassword()
    {
        using var db = ConsiliumDatabase.Open(StorageOptions.ForPostgreSql("Host=db.example;Port=5433;Database=consilium;Username=u;Password=secret"));

        Assert.Equal(StorageProvider.PostgreSql, db.Provider);
        Assert.Equal("PostgreSQL db.example:5433/consilium", db.Description);
    }
}
