using Consilium.Storage.Cases;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Messages;

/// <summary>A message on a case between the patient and the care team: who wrote it (account and role), when, and what.</summary>
public sealed record CaseMessage(Guid Id, Guid CaseId, string FromAccountId, string FromRole, DateTimeOffset At, string Text);

/// <summary>How a <see cref="CaseMessage"/> is stored (table <c>case_messages</c>).</summary>
public sealed class CaseMessageRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string FromAccountId { get; set; } = string.Empty;
    public string FromRole { get; set; } = string.Empty;
    public DateTimeOffset At { get; set; }
    public string Text { get; set; } = string.Empty;
}

/// <summary>The messages of each case, kept in the order they were written. Safe to share.</summary>
public sealed class CaseMessageRegistry
{
    /// <summary>The longest message, in characters.</summary>
    public const int MaxTextLength = 10_000;

    /// <summary>The most messages one <see cref="ListAsync"/> returns.</summary>
    public const int MaxPageSize = 1000;

    private readonly Func<ConsiliumDbContext> _contexts;

    public CaseMessageRegistry(Func<ConsiliumDbContext> contexts)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        _contexts = contexts;
    }

    /// <summary>Stores <paramref name="message"/>. Throws <see cref="ArgumentException"/> naming the field when it is blank or too long.</summary>
    public async Task AddAsync(CaseMessage message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (string.IsNullOrWhiteSpace(message.Text))
        {
            throw new ArgumentException("A message needs some text.", nameof(message));
        }
        if (message.Text.Length > MaxTextLength)
        {
            throw new ArgumentException($"A message may be at most {MaxTextLength} characters long; this one is {message.Text.Length}.", nameof(message));
        }
        if (string.IsNullOrWhiteSpace(message.FromAccountId) || string.IsNullOrWhiteSpace(message.FromRole))
        {
            throw new ArgumentException("A message needs the account and the role of who wrote it.", nameof(message));
        }
        await using var db = _contexts();
        db.CaseMessages.Add(new CaseMessageRow
        {
            Id = message.Id,
            CaseId = message.CaseId,
            FromAccountId = message.FromAccountId,
            FromRole = message.FromRole,
            At = message.At,
            Text = message.Text,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The messages of a case, oldest first.</summary>
    public async Task<IReadOnlyList<CaseMessage>> ListAsync(Guid caseId, int skip = 0, int take = 200, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, MaxPageSize);
        await using var db = _contexts();
        var rows = await db.CaseMessages.AsNoTracking().Where(m => m.CaseId == caseId)
            .OrderBy(m => m.At).ThenBy(m => m.Id).Skip(skip).Take(take).ToListAsync(ct);
        return rows.Select(r => new CaseMessage(r.Id, r.CaseId, r.FromAccountId, r.FromRole, r.At, r.Text)).ToList();
    }
}

internal sealed class CaseMessageRowConfiguration : IEntityTypeConfiguration<CaseMessageRow>
{
    public void Configure(EntityTypeBuilder<CaseMessageRow> builder)
    {
        builder.ToTable("case_messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(m => m.CaseId).HasColumnName("case_id");
        builder.Property(m => m.FromAccountId).HasColumnName("from_account_id").HasMaxLength(256);
        builder.Property(m => m.FromRole).HasColumnName("from_role").HasMaxLength(32);
        builder.Property(m => m.At).HasColumnName("at");
        builder.Property(m => m.Text).HasColumnName("text");
        builder.HasOne<CaseRow>().WithMany().HasForeignKey(m => m.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(m => new { m.CaseId, m.At }).HasDatabaseName("ix_case_messages_case_id_at");
    }
}
