using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Outbox;

/// <summary>An email to send (confirmation, password reset, "your opinion is ready").</summary>
public sealed record OutboxMail(string To, string Subject, string Body);

/// <summary>A mail handed to a worker by <see cref="MailOutbox.ClaimAsync"/>; <see cref="Attempt"/> counts from 1.</summary>
public sealed record ClaimedMail(long Id, OutboxMail Mail, DateTimeOffset EnqueuedAt, int Attempt, DateTimeOffset LeaseUntil);

/// <summary>How an outbox message is stored (table <c>outbox_mail</c>).</summary>
public sealed class OutboxMailRow
{
    public long Id { get; set; }
    public string To { get; set; } = string.Empty;
    public string Subject { get; set; } = string.Empty;
    public string Body { get; set; } = string.Empty;
    public DateTimeOffset EnqueuedAt { get; set; }
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? LeaseUntil { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}

/// <summary>
/// Mail waiting to be sent, in the database so that any node's worker can send it and nothing is lost in a restart. A worker claims
/// a few messages for a lease; a claimed message is handed to no other worker until the lease runs out (then it is retried), and
/// <see cref="CompleteAsync"/> marks it sent. At-least-once: a worker that dies after sending but before completing sends it again. Safe to share.
/// </summary>
public sealed class MailOutbox
{
    private readonly Func<ConsiliumDbContext> _contexts;
    private readonly TimeProvider _time;

    public MailOutbox(Func<ConsiliumDbContext> contexts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(time);
        _contexts = contexts;
        _time = time;
    }

    /// <summary>Queues <paramref name="mail"/>; returns its id.</summary>
    public async Task<long> EnqueueAsync(OutboxMail mail, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(mail);
        var row = Row(mail, _time.GetUtcNow());
        await using var db = _contexts();
        db.OutboxMail.Add(row);
        await db.SaveChangesAsync(ct);
        return row.Id;
    }

    /// <summary>A new outbox row for <paramref name="mail"/>, for a caller that queues mail in its own transaction.</summary>
    internal static OutboxMailRow Row(OutboxMail mail, DateTimeOffset enqueuedAt)
    {
        if (string.IsNullOrWhiteSpace(mail.To) || string.IsNullOrWhiteSpace(mail.Subject))
        {
            throw new ArgumentException("A mail needs a recipient and a subject.", nameof(mail));
        }
        return new OutboxMailRow { To = mail.To, Subject = mail.Subject, Body = mail.Body ?? string.Empty, EnqueuedAt = enqueuedAt };
    }

    /// <summary>
    /// Up to <paramref name="max"/> messages not yet sent and not under another worker's lease, oldest first, now leased to
    /// <paramref name="worker"/> for <paramref name="lease"/>. Each claim is one conditional update, so two workers never get the same message.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedMail>> ClaimAsync(int max, string worker, TimeSpan lease, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        ArgumentException.ThrowIfNullOrWhiteSpace(worker);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(lease, TimeSpan.Zero);
        var now = _time.GetUtcNow();
        var until = now + lease;
        await using var db = _contexts();
        var candidates = await db.OutboxMail.AsNoTracking()
            .Where(m => m.CompletedAt == null && (m.LeaseUntil == null || m.LeaseUntil <= now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(max * 2)
            .ToListAsync(ct);
        var claimed = new List<long>();
        foreach (var id in candidates)
        {
            var updated = await db.OutboxMail
                .Where(m => m.Id == id && m.CompletedAt == null && (m.LeaseUntil == null || m.LeaseUntil <= now))
                .ExecuteUpdateAsync(s => s.SetProperty(m => m.ClaimedBy, worker).SetProperty(m => m.LeaseUntil, until).SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            if (updated == 1)
            {
                claimed.Add(id);
                if (claimed.Count == max)
                {
                    break;
                }
            }
        }
        if (claimed.Count == 0)
        {
            return [];
        }
        var rows = await db.OutboxMail.AsNoTracking().Where(m => claimed.Contains(m.Id)).OrderBy(m => m.Id).ToListAsync(ct);
        return rows.Select(r => new ClaimedMail(r.Id, new OutboxMail(r.To, r.Subject, r.Body), r.EnqueuedAt, r.Attempts, r.LeaseUntil ?? until)).ToList();
    }

    /// <summary>Marks a message sent; it is never claimed again. False when there is no such message or it was already completed.</summary>
    public async Task<bool> CompleteAsync(long id, CancellationToken ct = default)
    {
        var now = _time.GetUtcNow();
        await using var db = _contexts();
        return await db.OutboxMail.Where(m => m.Id == id && m.CompletedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.CompletedAt, now).SetProperty(m => m.LeaseUntil, (DateTimeOffset?)null), ct) == 1;
    }

    /// <summary>How many messages are not sent yet.</summary>
    public async Task<int> CountPendingAsync(CancellationToken ct = default)
    {
        await using var db = _contexts();
        return await db.OutboxMail.CountAsync(m => m.CompletedAt == null, ct);
    }
}

internal sealed class OutboxMailRowConfiguration : IEntityTypeConfiguration<OutboxMailRow>
{
    public void Configure(EntityTypeBuilder<OutboxMailRow> builder)
    {
        builder.ToTable("outbox_mail");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id").ValueGeneratedOnAdd();
        builder.Property(m => m.To).HasColumnName("to_address").HasMaxLength(320);
        builder.Property(m => m.Subject).HasColumnName("subject").HasMaxLength(512);
        builder.Property(m => m.Body).HasColumnName("body");
        builder.Property(m => m.EnqueuedAt).HasColumnName("enqueued_at");
        builder.Property(m => m.ClaimedBy).HasColumnName("claimed_by").HasMaxLength(256);
        builder.Property(m => m.LeaseUntil).HasColumnName("lease_until");
        builder.Property(m => m.Attempts).HasColumnName("attempts");
        builder.Property(m => m.CompletedAt).HasColumnName("completed_at");
        builder.HasIndex(m => new { m.CompletedAt, m.LeaseUntil }).HasDatabaseName("ix_outbox_mail_completed_at_lease_until");
    }
}
