using Consilium.Domain.Experts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Experts;

/// <summary>How an <see cref="ExpertProfile"/> is stored: one row, the profile as a JSON document, name and load copied for listing.</summary>
public sealed class ExpertRow
{
    public string Id { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    public ExpertProfile Profile { get; set; } = null!;
    public int WeeklyCapacity { get; set; }
    public int CurrentLoad { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Table <c>experts</c>.</summary>
internal sealed class ExpertRowConfiguration(string jsonColumnType) : IEntityTypeConfiguration<ExpertRow>
{
    public void Configure(EntityTypeBuilder<ExpertRow> builder)
    {
        builder.ToTable("experts");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).HasColumnName("id").HasMaxLength(128).ValueGeneratedNever();
        builder.Property(e => e.Name).HasColumnName("name").HasMaxLength(256);
        builder.Property(e => e.Profile)
            .HasColumnName("profile")
            .HasColumnType(jsonColumnType)
            .HasConversion(p => ExpertDirectoryJson.SerializeOne(p), s => ExpertDirectoryJson.DeserializeOne(s),
                new ValueComparer<ExpertProfile>((a, b) => ReferenceEquals(a, b), p => p.GetHashCode(), p => p));
        builder.Property(e => e.WeeklyCapacity).HasColumnName("weekly_capacity");
        builder.Property(e => e.CurrentLoad).HasColumnName("current_load");
        builder.Property(e => e.UpdatedAt).HasColumnName("updated_at");
        builder.HasIndex(e => e.Name).HasDatabaseName("ix_experts_name");
    }
}
