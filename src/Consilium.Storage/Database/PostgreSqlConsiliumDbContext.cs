using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Consilium.Storage.Database;

/// <summary>
/// PostgreSQL. Documents are <c>jsonb</c>; instants are <c>timestamp with time zone</c>, which holds UTC to the microsecond
/// (Npgsql accepts only UTC for it, so values are normalised to UTC on the way in).
/// </summary>
public sealed class PostgreSqlConsiliumDbContext(DbContextOptions<PostgreSqlConsiliumDbContext> options) : ConsiliumDbContext(options)
{
    protected override string JsonColumnType => "jsonb";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<ToUtcConverter>();
    }

    internal sealed class ToUtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        v => v.ToUniversalTime(),
        v => v);
}

/// <summary>For <c>dotnet ef migrations add ... --context PostgreSqlConsiliumDbContext</c>; never connects.</summary>
internal sealed class PostgreSqlConsiliumDbContextDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlConsiliumDbContext>
{
    public PostgreSqlConsiliumDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlConsiliumDbContext>().UseNpgsql("Host=localhost;Database=consilium_design_time").Options);
}
