using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Knowledge;

/// <summary>
/// One imported version of a reference-knowledge source (an interaction thesaurus, a CPIC release, ...): what it is,
/// its stated version and content hash, when it was imported, and its content as an opaque blob (the product
/// decides the format; medication knowledge stores gzip-compressed JSON). Every imported version is kept.
/// </summary>
public sealed class KnowledgeSourceRow
{
    /// <summary><c>kind:sha256</c>: importing the same files twice is noticed.</summary>
    public string Id { get; set; } = string.Empty;
    public string Kind { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public string Version { get; set; } = string.Empty;
    public string Sha256 { get; set; } = string.Empty;
    /// <summary>The files read, one per line, relative to the directory the operator gave.</summary>
    public string Files { get; set; } = string.Empty;
    public DateTimeOffset ImportedAt { get; set; }
    public string? ImportedBy { get; set; }
    public byte[] Content { get; set; } = [];
}

/// <summary>Table <c>knowledge_sources</c>.</summary>
internal sealed class KnowledgeSourceRowConfiguration : IEntityTypeConfiguration<KnowledgeSourceRow>
{
    public void Configure(EntityTypeBuilder<KnowledgeSourceRow> builder)
    {
        builder.ToTable("knowledge_sources");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).HasColumnName("id").HasMaxLength(200).ValueGeneratedNever();
        builder.Property(k => k.Kind).HasColumnName("kind").HasMaxLength(100);
        builder.Property(k => k.Name).HasColumnName("name").HasMaxLength(500);
        builder.Property(k => k.Version).HasColumnName("version").HasMaxLength(500);
        builder.Property(k => k.Sha256).HasColumnName("sha256").HasMaxLength(64);
        builder.Property(k => k.Files).HasColumnName("files");
        builder.Property(k => k.ImportedAt).HasColumnName("imported_at");
        builder.Property(k => k.ImportedBy).HasColumnName("imported_by").HasMaxLength(256);
        builder.Property(k => k.Content).HasColumnName("content");
        builder.HasIndex(k => new { k.Kind, k.ImportedAt }).HasDatabaseName("ix_knowledge_sources_kind_imported_at");
    }
}
