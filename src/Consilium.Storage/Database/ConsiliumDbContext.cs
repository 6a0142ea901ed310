using Consilium.Storage.Cases;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Database;

/// <summary>
/// Consilium's database. One subclass per provider (<see cref="SqliteConsiliumDbContext"/>,
/// <see cref="PostgreSqlConsiliumDbContext"/>), each with its own migrations under <c>Migrations/</c>.
/// Open it through <see cref="ConsiliumDatabase"/>.
/// </summary>
public abstract class ConsiliumDbContext : DbContext
{
    protected ConsiliumDbContext(DbContextOptions options)
        : base(options)
    {
    }

    public DbSet<CaseRow> Cases => Set<CaseRow>();

    public DbSet<CaseEventRow> CaseEvents => Set<CaseEventRow>();

    /// <summary>The column type that holds a JSON document.</summary>
    protected abstract string JsonColumnType { get; }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.ApplyConfiguration(new CaseRowConfiguration(JsonColumnType));
        modelBuilder.ApplyConfiguration(new CaseEventRowConfiguration());
    }
}
