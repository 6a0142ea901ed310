using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Storage.Cases;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Opinions;

/// <summary>How a <see cref="FollowUpSlot"/> is stored (table <c>follow_up_slots</c>).</summary>
public sealed class FollowUpSlotRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string ExpertAccountId { get; set; } = string.Empty;
    public DateTimeOffset StartsAt { get; set; }
    public int Minutes { get; set; }
    public string? BookedBy { get; set; }
    public DateTimeOffset? BookedAt { get; set; }
}

internal sealed class FollowUpSlotRowConfiguration : IEntityTypeConfiguration<FollowUpSlotRow>
{
    public void Configure(EntityTypeBuilder<FollowUpSlotRow> builder)
    {
        builder.ToTable("follow_up_slots");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(s => s.CaseId).HasColumnName("case_id");
        builder.Property(s => s.ExpertAccountId).HasColumnName("expert_account_id").HasMaxLength(256);
        builder.Property(s => s.StartsAt).HasColumnName("starts_at");
        builder.Property(s => s.Minutes).HasColumnName("minutes");
        builder.Property(s => s.BookedBy).HasColumnName("booked_by").HasMaxLength(256);
        builder.Property(s => s.BookedAt).HasColumnName("booked_at");
        builder.HasOne<CaseRow>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(s => new { s.CaseId, s.StartsAt }).HasDatabaseName("ix_follow_up_slots_case_id_starts_at");
    }
}

/// <summary>The follow-up consult slots experts offer on their cases. Booking is first come, first served. Safe to share.</summary>
public sealed class FollowUpSlotRegistry
{
    private readonly Func<ConsiliumDbContext> _contexts;

    public FollowUpSlotRegistry(Func<ConsiliumDbContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        _contexts = contexts;
    }

    public async Task OfferAsync(FollowUpSlot slot, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(slot);
        if (slot.Minutes is < 5 or > 240)
        {
            throw new ArgumentException($"A follow-up slot lasts 5 to 240 minutes, not {slot.Minutes}.", nameof(slot));
        }
        await using var db = _contexts();
        db.FollowUpSlots.Add(new FollowUpSlotRow { Id = slot.Id, CaseId = slot.CaseId, ExpertAccountId = slot.ExpertAccountId, StartsAt = slot.StartsAt, Minutes = slot.Minutes });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The slots on a case, earliest first.</summary>
    public async Task<IReadOnlyList<FollowUpSlot>> ListForCaseAsync(Guid caseId, CancellationToken ct = default)
    {
        await using var db = _contexts();
        var rows = await db.FollowUpSlots.AsNoTracking().Where(s => s.CaseId == caseId).ToListAsync(ct);
        return rows.OrderBy(s => s.StartsAt).Select(r => new FollowUpSlot(r.Id, r.CaseId, r.ExpertAccountId, r.StartsAt, r.Minutes, r.BookedBy, r.BookedAt)).ToList();
    }

    /// <summary>
    /// Books slot <paramref name="slotId"/> of case <paramref name="caseId"/> for the patient. Throws <see cref="DomainRuleException"/>
    /// when there is no such slot, it is past, or someone booked it first (nothing is written then).
    /// </summary>
    public async Task<FollowUpSlot> BookAsync(Guid caseId, Guid slotId, string patientAccountId, DateTimeOffset now, CancellationToken ct = default)
    {
        await using var db = _contexts();
        var row = await db.FollowUpSlots.AsNoTracking().SingleOrDefaultAsync(s => s.Id == slotId && s.CaseId == caseId, ct)
            ?? throw new DomainRuleException("There is no such follow-up slot on this case.");
        var booked = new FollowUpSlot(row.Id, row.CaseId, row.ExpertAccountId, row.StartsAt, row.Minutes, row.BookedBy, row.BookedAt).Book(patientAccountId, now);
        var updated = await db.FollowUpSlots.Where(s => s.Id == slotId && s.BookedBy == null)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.BookedBy, booked.BookedBy).SetProperty(r => r.BookedAt, booked.BookedAt), ct);
        if (updated == 0)
        {
            throw new DomainRuleException($"The slot at {row.StartsAt:yyyy-MM-dd HH:mm} was booked a moment ago.");
        }
        return booked;
    }
}
