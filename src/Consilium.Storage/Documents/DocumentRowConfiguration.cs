using Consilium.Storage.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Documents;

/// <summary>Table <c>documents</c>: one row per stored document, with its wrapped data key.</summary>
internal sealed class DocumentRowConfiguration : IEntityTypeConfiguration<DocumentRow>
{
    public void Configure(EntityTypeBuilder<DocumentRow> builder)
    {
        builder.ToTable("documents");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(d => d.CaseId).HasColumnName("case_id");
        builder.Property(d => d.FileName).HasColumnName("file_name").HasMaxLength(255);
        builder.Property(d => d.ContentType).HasColumnName("content_type").HasMaxLength(64);
        builder.Property(d => d.Length).HasColumnName("length");
        builder.Property(d => d.Sha256).HasColumnName("sha256").HasMaxLength(64);
        builder.Property(d => d.StoredAt).HasColumnName("stored_at");
        builder.Property(d => d.UploadedBy).HasColumnName("uploaded_by").HasMaxLength(256);
        builder.Property(d => d.WrappedKey).HasColumnName("wrapped_key");
        builder.Property(d => d.SegmentSize).HasColumnName("segment_size");
        builder.HasOne<CaseRow>().WithMany().HasForeignKey(d => d.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(d => new { d.CaseId, d.StoredAt }).HasDatabaseName("ix_documents_case_id_stored_at");
    }
}
