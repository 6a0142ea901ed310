using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Audit;

/// <summary>Table <c>audit_entries</c>: the sequence is assigned by <see cref="AuditTrail"/> under a lock, never by the database.</summary>
internal sealed class AuditEntryRowConfiguration : IEntityTypeConfiguration<AuditEntryRow>
{
    public void Configure(EntityTypeBuilder<AuditEntryRow> builder)
    {
        builder.ToTable("audit_entries");
        builder.HasKey(e => e.Sequence);
        builder.Property(e => e.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        builder.Property(e => e.At).HasColumnName("at");
        builder.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(256);
        builder.Property(e => e.Action).HasColumnName("action").HasMaxLength(128);
        builder.Property(e => e.CaseId).HasColumnName("case_id");
        builder.Property(e => e.Resource).HasColumnName("resource").HasMaxLength(512);
        builder.Property(e => e.Detail).HasColumnName("detail");
        builder.Property(e => e.RemoteAddress).HasColumnName("remote_address").HasMaxLength(64);
        builder.Property(e => e.PreviousHash).HasColumnName("previous_hash").HasMaxLength(64).IsFixedLength();
        builder.Property(e => e.Hash).HasColumnName("hash").HasMaxLength(64).IsFixedLength();
        builder.HasIndex(e => new { e.CaseId, e.Sequence }).HasDatabaseName("ix_audit_entries_case_id_sequence");
        builder.HasIndex(e => new { e.Actor, e.Sequence }).HasDatabaseName("ix_audit_entries_actor_sequence");
        builder.HasIndex(e => e.At).HasDatabaseName("ix_audit_entries_at");
    }
}
