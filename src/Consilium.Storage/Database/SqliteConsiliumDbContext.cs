using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Consilium.Storage.Database;

/// <summary>
/// SQLite. SQLite has no date type and EF stores <see cref="DateTimeOffset"/> as text by default, which neither sorts
/// across offsets nor can be ordered in SQL; here every <see cref="DateTimeOffset"/> column is an INTEGER of UTC ticks:
/// it sorts, compares, and keeps the instant to the tick (the offset is normalised to UTC).
/// </summary>
public sealed class SqliteConsiliumDbContext(DbContextOptions<SqliteConsiliumDbContext> options) : ConsiliumDbContext(options)
{
    protected override string JsonColumnType => "TEXT";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

/// <summary>For <c>dotnet ef migrations add ... --context SqliteConsiliumDbContext</c>; never opens the database.</summary>
internal sealed class SqliteConsiliumDbContextDesignTimeFactory : IDesignTimeDbContextFactory<SqliteConsiliumDbContext>
{
    public SqliteConsiliumDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteConsiliumDbContext>().UseSqlite("Data Source=design-time.db").Options);
}
