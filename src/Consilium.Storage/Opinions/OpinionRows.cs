using Consilium.Domain.Opinions;
using Consilium.Storage.Cases;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Opinions;

/// <summary>How an <see cref="Opinion"/> is stored: one row (with the unsigned draft as JSON and a version for optimistic concurrency) and its signed versions.</summary>
public sealed class OpinionRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string AuthorAccountId { get; set; } = string.Empty;
    public OpinionContent? Draft { get; set; }
    public int Version { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<OpinionVersionRow> Versions { get; set; } = [];
}

/// <summary>A signed <see cref="OpinionVersion"/>: inserted once, never updated or deleted.</summary>
public sealed class OpinionVersionRow
{
    public Guid OpinionId { get; set; }
    public int Number { get; set; }
    public OpinionContent Content { get; set; } = null!;
    public string SignedBy { get; set; } = string.Empty;
    public DateTimeOffset SignedAt { get; set; }
    public string ContentHash { get; set; } = string.Empty;
    public string? AmendmentReason { get; set; }
}

/// <summary>Tables <c>opinions</c> and <c>opinion_versions</c>.</summary>
internal sealed class OpinionRowConfiguration(string jsonColumnType) : IEntityTypeConfiguration<OpinionRow>
{
    public void Configure(EntityTypeBuilder<OpinionRow> builder)
    {
        builder.ToTable("opinions");
        builder.HasKey(o => o.Id);
        builder.Property(o => o.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(o => o.CaseId).HasColumnName("case_id");
        builder.Property(o => o.AuthorAccountId).HasColumnName("author_account_id").HasMaxLength(256);
        builder.Property(o => o.Draft)
            .HasColumnName("draft")
            .HasColumnType(jsonColumnType)
            .HasConversion(d => d == null ? null : OpinionJson.Serialize(d), s => s == null ? null : OpinionJson.Deserialize(s),
                new ValueComparer<OpinionContent?>((a, b) => ReferenceEquals(a, b), d => d == null ? 0 : d.GetHashCode(), d => d));
        builder.Property(o => o.Version).HasColumnName("version").IsConcurrencyToken();
        builder.Property(o => o.CreatedAt).HasColumnName("created_at");
        builder.Property(o => o.UpdatedAt).HasColumnName("updated_at");
        builder.HasOne<CaseRow>().WithMany().HasForeignKey(o => o.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Versions).WithOne().HasForeignKey(v => v.OpinionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(o => new { o.CaseId, o.CreatedAt }).HasDatabaseName("ix_opinions_case_id_created_at");
    }
}

internal sealed class OpinionVersionRowConfiguration(string jsonColumnType) : IEntityTypeConfiguration<OpinionVersionRow>
{
    public void Configure(EntityTypeBuilder<OpinionVersionRow> builder)
    {
        builder.ToTable("opinion_versions");
        builder.HasKey(v => new { v.OpinionId, v.Number });
        builder.Property(v => v.OpinionId).HasColumnName("opinion_id");
        builder.Property(v => v.Number).HasColumnName("number").ValueGeneratedNever();
        builder.Property(v => v.Content)
            .HasColumnName("content")
            .HasColumnType(jsonColumnType)
            .HasConversion(c => OpinionJson.Serialize(c), s => OpinionJson.Deserialize(s),
                new ValueComparer<OpinionContent>((a, b) => ReferenceEquals(a, b), c => c.GetHashCode(), c => c));
        builder.Property(v => v.SignedBy).HasColumnName("signed_by").HasMaxLength(256);
        builder.Property(v => v.SignedAt).HasColumnName("signed_at");
        builder.Property(v => v.ContentHash).HasColumnName("content_hash").HasMaxLength(64);
        builder.Property(v => v.AmendmentReason).HasColumnName("amendment_reason");
    }
}

/// <summary>The stored JSON of <see cref="OpinionContent"/> (the case documents' conventions: camelCase, enums by name).</summary>
internal static class OpinionJson
{
    public static string Serialize(OpinionContent content) => System.Text.Json.JsonSerializer.Serialize(content, CaseDocumentJson.Options);

    public static OpinionContent Deserialize(string json) =>
        System.Text.Json.JsonSerializer.Deserialize<OpinionContent>(json, CaseDocumentJson.Options) ?? throw new System.Text.Json.JsonException("A stored opinion content is null.");
}
