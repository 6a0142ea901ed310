using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Jobs;

/// <summary>Who runs a background job now: one row per job, held by one worker until <see cref="LeaseUntil"/>.</summary>
public sealed class JobLeaseRow
{
    public string Job { get; set; } = string.Empty;
    public string Holder { get; set; } = string.Empty;
    public DateTimeOffset LeaseUntil { get; set; }
}

/// <summary>
/// Database leases for background jobs, so that with several Consilium nodes on one database each job runs on one node
/// at a time: a worker takes the lease when it is free or lapsed (one conditional update), renews it while it works, and
/// another node takes over when it lapses (the holder crashed or lost the database).
/// </summary>
public sealed class JobLeases
{
    private readonly Func<ConsiliumDbContext> _contexts;
    private readonly TimeProvider _time;

    public JobLeases(Func<ConsiliumDbContext> contexts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(time);
        _contexts = contexts;
        _time = time;
    }

    /// <summary>
    /// Takes (or renews) the lease on <paramref name="job"/> for <paramref name="holder"/> for <paramref name="lease"/>; false
    /// when another holder's lease has not lapsed.
    /// </summary>
    public async Task<bool> TryAcquireAsync(string job, string holder, TimeSpan lease, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(job);
        ArgumentException.ThrowIfNullOrWhiteSpace(holder);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        var until = now + lease;
        await using var db = _contexts();
        var taken = await db.JobLeases
            .Where(l => l.Job == job && (l.Holder == holder || l.LeaseUntil <= now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.LeaseUntil, until), ct);
        if (taken == 1)
        {
            return true;
        }
        if (await db.JobLeases.AsNoTracking().AnyAsync(l => l.Job == job, ct))
        {
            return false;
        }
        db.JobLeases.Add(new JobLeaseRow { Job = job, Holder = holder, LeaseUntil = until });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            // Another node created the row first: it holds the lease.
            return false;
        }
    }

    /// <summary>Gives the lease up (on shutdown), so another node need not wait for it to lapse.</summary>
    public async Task ReleaseAsync(string job, string holder, CancellationToken ct = default)
    {
        var past = _time.GetUtcNow().AddSeconds(-1);
        await using var db = _contexts();
        await db.JobLeases.Where(l => l.Job == job && l.Holder == holder).ExecuteUpdateAsync(s => s.SetProperty(l => l.LeaseUntil, past), ct);
    }

    /// <summary>The holder of <paramref name="job"/>'s lease and until when, or null when nobody ever took it.</summary>
    public async Task<(string Holder, DateTimeOffset Until)?> HolderAsync(string job, CancellationToken ct = default)
    {
        await using var db = _contexts();
        var row = await db.JobLeases.AsNoTracking().SingleOrDefaultAsync(l => l.Job == job, ct);
        return row is null ? null : (row.Holder, row.LeaseUntil);
    }
}

internal sealed class JobLeaseRowConfiguration : IEntityTypeConfiguration<JobLeaseRow>
{
    public void Configure(EntityTypeBuilder<JobLeaseRow> builder)
    {
        builder.ToTable("job_leases");
        builder.HasKey(l => l.Job);
        builder.Property(l => l.Job).HasColumnName("job").HasMaxLength(64);
        builder.Property(l => l.Holder).HasColumnName("holder").HasMaxLength(256);
        builder.Property(l => l.LeaseUntil).HasColumnName("lease_until");
    }
}
