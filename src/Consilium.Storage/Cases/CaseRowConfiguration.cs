using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Cases;

/// <summary>Tables <c>cases</c> and <c>case_events</c>; names are snake_case so that SQL by hand reads naturally on both providers.</summary>
internal sealed class CaseRowConfiguration(string jsonColumnType) : IEntityTypeConfiguration<CaseRow>
{
    public void Configure(EntityTypeBuilder<CaseRow> builder)
    {
        builder.ToTable("cases");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(c => c.Status).HasColumnName("status").HasConversion<string>().HasMaxLength(32);
        builder.Property(c => c.CreatedAt).HasColumnName("created_at");
        builder.Property(c => c.CreatedBy).HasColumnName("created_by").HasMaxLength(256);
        builder.Property(c => c.UpdatedAt).HasColumnName("updated_at");
        builder.Property(c => c.Version).HasColumnName("version").IsConcurrencyToken();

        // The documents are immutable records: a new instance is a change, the same instance is not.
        builder.Property(c => c.File)
            .HasColumnName("case_file")
            .HasColumnType(jsonColumnType)
            .HasConversion(f => CaseDocumentJson.Serialize(f), s => CaseDocumentJson.DeserializeCaseFile(s),
                new ValueComparer<CaseFile>((a, b) => ReferenceEquals(a, b), f => f.GetHashCode(), f => f));
        builder.Property(c => c.Triage)
            .HasColumnName("triage")
            .HasColumnType(jsonColumnType)
            .HasConversion(t => t == null ? null : CaseDocumentJson.Serialize(t), s => s == null ? null : CaseDocumentJson.DeserializeTriage(s),
                new ValueComparer<TriageResult?>((a, b) => ReferenceEquals(a, b), t => t == null ? 0 : t.GetHashCode(), t => t));

        builder.Property(c => c.TriageCorrections)
            .HasColumnName("triage_corrections")
            .HasColumnType(jsonColumnType)
            .HasConversion(t => CaseDocumentJson.Serialize(t), s => CaseDocumentJson.DeserializeTriageCorrections(s),
                new ValueComparer<IReadOnlyList<TriageCorrection>>((a, b) => ReferenceEquals(a, b), t => t.GetHashCode(), t => t));
        builder.Property(c => c.Assignments)
            .HasColumnName("assignments")
            .HasColumnType(jsonColumnType)
            .HasConversion(a => CaseDocumentJson.Serialize(a), s => CaseDocumentJson.DeserializeAssignments(s),
                new ValueComparer<IReadOnlyList<ExpertAssignment>>((a, b) => ReferenceEquals(a, b), a => a.GetHashCode(), a => a));
        builder.Property(c => c.PatientAccountId).HasColumnName("patient_account_id").HasMaxLength(256);

        builder.Property(c => c.PatientBirthDate).HasColumnName("patient_birth_date");
        builder.Property(c => c.PatientSex).HasColumnName("patient_sex").HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Jurisdiction).HasColumnName("jurisdiction").HasMaxLength(16);
        builder.Property(c => c.Urgency).HasColumnName("urgency").HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Situations).HasColumnName("situations").HasMaxLength(256);
        builder.Property(c => c.UrgencyRank).HasColumnName("urgency_rank");

        builder.HasMany(c => c.Events).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(c => c.Experts).WithOne().HasForeignKey(e => e.CaseId).OnDelete(DeleteBehavior.Cascade);

        // Listing: newest first, optionally by status.
        builder.HasIndex(c => c.CreatedAt).HasDatabaseName("ix_cases_created_at");
        builder.HasIndex(c => new { c.Status, c.CreatedAt }).HasDatabaseName("ix_cases_status_created_at");
        // The coordinator's queue, in its exact order (most urgent first, then oldest), with the status to filter on: a page is read
        // from the index without sorting every open case (open cases are nearly all of them, so the status index does not narrow it).
        builder.HasIndex(c => new { c.UrgencyRank, c.CreatedAt, c.Id, c.Status }).IsDescending(true, false, false, false).HasDatabaseName("ix_cases_queue");
        // The patient's own cases (and the check that a case is theirs).
        builder.HasIndex(c => new { c.PatientAccountId, c.CreatedAt }).HasDatabaseName("ix_cases_patient_account_id_created_at");
    }
}

/// <summary>Table <c>case_experts</c>: who is on each case now; the index on the expert serves the expert's case list.</summary>
internal sealed class CaseExpertRowConfiguration : IEntityTypeConfiguration<CaseExpertRow>
{
    public void Configure(EntityTypeBuilder<CaseExpertRow> builder)
    {
        builder.ToTable("case_experts");
        builder.HasKey(e => new { e.CaseId, e.ExpertAccountId });
        builder.Property(e => e.CaseId).HasColumnName("case_id");
        builder.Property(e => e.ExpertAccountId).HasColumnName("expert_account_id").HasMaxLength(256);
        builder.HasIndex(e => e.ExpertAccountId).HasDatabaseName("ix_case_experts_expert_account_id");
    }
}

internal sealed class CaseEventRowConfiguration : IEntityTypeConfiguration<CaseEventRow>
{
    public void Configure(EntityTypeBuilder<CaseEventRow> builder)
    {
        builder.ToTable("case_events");
        builder.HasKey(e => new { e.CaseId, e.Sequence });
        builder.Property(e => e.CaseId).HasColumnName("case_id");
        builder.Property(e => e.Sequence).HasColumnName("sequence").ValueGeneratedNever();
        builder.Property(e => e.From).HasColumnName("from_status").HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.To).HasColumnName("to_status").HasConversion<string>().HasMaxLength(32);
        builder.Property(e => e.Actor).HasColumnName("actor").HasMaxLength(256);
        builder.Property(e => e.At).HasColumnName("at");
        builder.Property(e => e.Reason).HasColumnName("reason");
    }
}
