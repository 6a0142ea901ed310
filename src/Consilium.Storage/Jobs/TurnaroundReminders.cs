using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Storage.Database;
using Consilium.Storage.Outbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Jobs;

/// <summary>A turnaround reminder sent for a case: at most one per case and kind (the key).</summary>
public sealed class TurnaroundReminderRow
{
    public Guid CaseId { get; set; }
    public string Kind { get; set; } = string.Empty;
    public DateTimeOffset SentAt { get; set; }
    public int Recipients { get; set; }
}

/// <summary>An open case whose turnaround clock has reached a reminder and that has not had it yet.</summary>
public sealed record ReminderCandidate(Guid CaseId, CaseStatus Status, DateTimeOffset CreatedAt, Urgency? Urgency, IReadOnlyList<string> AssignedExperts);

/// <summary>
/// The turnaround reminders: which open cases are due one, and recording a reminder together with its mail in one
/// transaction, so that each reminder is queued exactly once however many nodes look and whenever one crashes.
/// </summary>
public sealed class TurnaroundReminders
{
    private readonly Func<ConsiliumDbContext> _contexts;
    private readonly TimeProvider _time;

    public TurnaroundReminders(Func<ConsiliumDbContext> contexts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(time);
        _contexts = contexts;
        _time = time;
    }

    /// <summary>
    /// Up to <paramref name="take"/> cases in <paramref name="statuses"/> created at or before <paramref name="createdBefore"/>,
    /// of the expedited class (expedited or emergency) or the standard class (standard or not triaged), without a
    /// <paramref name="kind"/> reminder; oldest first.
    /// </summary>
    public async Task<IReadOnlyList<ReminderCandidate>> DueAsync(
        string kind, IReadOnlyCollection<CaseStatus> statuses, bool expedited, DateTimeOffset createdBefore, int take = 200, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(statuses);
        var wanted = statuses.ToList();
        await using var db = _contexts();
        var query = db.Cases.AsNoTracking()
            .Where(c => wanted.Contains(c.Status) && c.CreatedAt <= createdBefore)
            .Where(c => !db.TurnaroundReminders.Any(r => r.CaseId == c.Id && r.Kind == kind));
        query = expedited
            ? query.Where(c => c.Urgency == Urgency.Expedited || c.Urgency == Urgency.Emergency)
            : query.Where(c => c.Urgency == null || c.Urgency == Urgency.Standard);
        var rows = await query.OrderBy(c => c.CreatedAt).Take(take)
            .Select(c => new { c.Id, c.Status, c.CreatedAt, c.Urgency, Experts = c.Experts.Select(e => e.ExpertAccountId).ToList() })
            .ToListAsync(ct);
        return [.. rows.Select(r => new ReminderCandidate(r.Id, r.Status, r.CreatedAt, r.Urgency, r.Experts))];
    }

    /// <summary>
    /// Records the <paramref name="kind"/> reminder for <paramref name="caseId"/> and queues <paramref name="mails"/> in one
    /// transaction; false (and nothing queued) when that reminder was already recorded.
    /// </summary>
    public async Task<bool> RecordAsync(Guid caseId, string kind, IReadOnlyList<OutboxMail> mails, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentNullException.ThrowIfNull(mails);
        var now = _time.GetUtcNow();
        await using var db = _contexts();
        if (await db.TurnaroundReminders.AnyAsync(r => r.CaseId == caseId && r.Kind == kind, ct))
        {
            return false;
        }
        db.TurnaroundReminders.Add(new TurnaroundReminderRow { CaseId = caseId, Kind = kind, SentAt = now, Recipients = mails.Count });
        foreach (var mail in mails)
        {
            db.OutboxMail.Add(MailOutbox.Row(mail, now));
        }
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            if (await AlreadyRecordedAsync(caseId, kind, ct))
            {
                // Another node recorded it between the check and the save; its transaction queued the mail.
                return false;
            }
            throw;
        }
    }

    /// <summary>The reminders recorded for <paramref name="caseId"/>, oldest first.</summary>
    public async Task<IReadOnlyList<TurnaroundReminderRow>> ForCaseAsync(Guid caseId, CancellationToken ct = default)
    {
        await using var db = _contexts();
        return await db.TurnaroundReminders.AsNoTracking().Where(r => r.CaseId == caseId).OrderBy(r => r.SentAt).ToListAsync(ct);
    }

    /// <summary>How many reminders of each kind have been recorded (checks and dashboards).</summary>
    public async Task<int> CountAsync(string? kind = null, CancellationToken ct = default)
    {
        await using var db = _contexts();
        return await db.TurnaroundReminders.CountAsync(r => kind == null || r.Kind == kind, ct);
    }

    private async Task<bool> AlreadyRecordedAsync(Guid caseId, string kind, CancellationToken ct)
    {
        await using var db = _contexts();
        return await db.TurnaroundReminders.AnyAsync(r => r.CaseId == caseId && r.Kind == kind, ct);
    }
}

internal sealed class TurnaroundReminderRowConfiguration : IEntityTypeConfiguration<TurnaroundReminderRow>
{
    public void Configure(EntityTypeBuilder<TurnaroundReminderRow> builder)
    {
        builder.ToTable("turnaround_reminders");
        builder.HasKey(r => new { r.CaseId, r.Kind });
        builder.Property(r => r.CaseId).HasColumnName("case_id");
        builder.Property(r => r.Kind).HasColumnName("kind").HasMaxLength(32);
        builder.Property(r => r.SentAt).HasColumnName("sent_at");
        builder.Property(r => r.Recipients).HasColumnName("recipients");
    }
}
