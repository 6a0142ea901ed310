using Consilium.Domain.Cases;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Tests.Support;

/// <summary>A contract run on each provider: the subclass says which store; each test gets a fresh, empty database.</summary>
public abstract class StoreContract : IAsyncLifetime
{
    private readonly OpenedDatabases _databases = new();

    internal ManualTime Time { get; } = new(CaseSamples.At(2025, 2, 1, 9, 0, TimeSpan.FromHours(1)));

    internal abstract Task<ITestStore> CreateStoreAsync();

    internal ITestStore Store => _databases.Store!;

    protected async Task<ConsiliumDatabase> OpenAsync()
    {
        _databases.Store ??= await CreateStoreAsync();
        return await _databases.OpenAsync(Time);
    }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync() => await _databases.DisposeAsync();

    /// <summary>Runs SQL by hand (what an intruder with database access could do).</summary>
    protected static async Task<int> ExecuteSqlAsync(ConsiliumDatabase db, string sql, params object[] parameters)
    {
        await using var context = db.CreateDbContext();
        return await context.Database.ExecuteSqlRawAsync(sql, parameters);
    }

    /// <summary>A stored draft case, for the tables that refer to cases.</summary>
    protected static async Task<Guid> AddCaseAsync(ConsiliumDatabase db, string? owner = null)
    {
        var c = new SecondOpinionCase(Guid.NewGuid(), CaseSamples.RichFile(), "patient:x", CaseSamples.At(2025, 1, 1, 10, 0, TimeSpan.Zero), owner);
        await db.Cases.AddAsync(c);
        return c.Id;
    }
}
