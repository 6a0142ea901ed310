using Consilium.Web.Features.Api;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Consilium.Web.Features.Identity;

/// <summary>
/// Accounts, roles, personal access tokens and Data Protection keys, in the same database as the cases
/// (its own tables and its own migrations-history table, <see cref="HistoryTable"/>, so it coexists with Storage's).
/// One subclass per provider, each with its own migrations under <c>Features/Identity/Migrations/</c>.
/// </summary>
public abstract class IdentityStore : IdentityDbContext<ConsiliumUser>, IDataProtectionKeyContext
{
    public const string HistoryTable = "__IdentityMigrationsHistory";

    protected IdentityStore(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<PersonalAccessToken> PersonalAccessTokens => Set<PersonalAccessToken>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        base.OnModelCreating(builder);
        builder.Entity<ConsiliumUser>().Property(u => u.DisplayName).HasMaxLength(200);
        builder.Entity<PersonalAccessToken>(t =>
        {
            t.ToTable("PersonalAccessTokens");
            t.HasKey(x => x.Id);
            t.Property(x => x.UserId).HasMaxLength(450).IsRequired();
            t.Property(x => x.Name).HasMaxLength(200).IsRequired();
            t.Property(x => x.Hash).HasMaxLength(64).IsRequired();
            t.Property(x => x.Prefix).HasMaxLength(16).IsRequired();
            t.Property(x => x.CreatedBy).HasMaxLength(450).IsRequired();
            t.HasIndex(x => x.Hash).IsUnique();
            t.HasIndex(x => x.UserId);
        });
    }
}

public sealed class SqliteIdentityStore(DbContextOptions<SqliteIdentityStore> options) : IdentityStore(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        // As in Storage: an INTEGER of UTC ticks sorts and compares in SQL; text does not.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }

    private sealed class UtcTicksConverter() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<DateTimeOffset, long>(
        v => v.UtcTicks,
        v => new DateTimeOffset(v, TimeSpan.Zero));
}

public sealed class PostgreSqlIdentityStore(DbContextOptions<PostgreSqlIdentityStore> options) : IdentityStore(options);

/// <summary>For <c>dotnet ef migrations add ... --context SqliteIdentityStore</c>; never opens the database.</summary>
internal sealed class SqliteIdentityStoreDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIdentityStore>
{
    public SqliteIdentityStore CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteIdentityStore>().UseSqlite("Data Source=design-time.db", o => o.MigrationsHistoryTable(IdentityStore.HistoryTable)).Options);
}

/// <summary>For <c>dotnet ef migrations add ... --context PostgreSqlIdentityStore</c>; never opens the database.</summary>
internal sealed class PostgreSqlIdentityStoreDesignTimeFactory : IDesignTimeDbContextFactory<PostgreSqlIdentityStore>
{
    public PostgreSqlIdentityStore CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgreSqlIdentityStore>().UseNpgsql("Host=localhost;Database=design", o => o.MigrationsHistoryTable(IdentityStore.HistoryTable)).Options);
}
