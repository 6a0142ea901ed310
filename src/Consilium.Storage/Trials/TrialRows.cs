using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Trials;

/// <summary>
/// One clinical-trial registry record (ClinicalTrials.gov), the latest version imported: its NCT id, the fields used to
/// list and to decide which version is newer, and the study's JSON exactly as exported (read back by the Trials feature).
/// </summary>
public sealed class TrialRecordRow
{
    public string NctId { get; set; } = string.Empty;
    public string Title { get; set; } = string.Empty;
    public string Status { get; set; } = string.Empty;
    /// <summary>The sponsor's last update posted (yyyy-MM-dd text: sorts as a date on both providers), if given.</summary>
    public string? LastUpdate { get; set; }
    /// <summary>The registry snapshot date (<c>versionHolder</c>), if given.</summary>
    public string? VersionDate { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
    public string? ImportedBy { get; set; }
    public string Json { get; set; } = string.Empty;
}

/// <summary>A trial an expert chose for a case's opinion ("clinical trials to consider").</summary>
public sealed class CaseTrialSelectionRow
{
    public Guid CaseId { get; set; }
    public string NctId { get; set; } = string.Empty;
    public string SelectedBy { get; set; } = string.Empty;
    public DateTimeOffset SelectedAt { get; set; }
    /// <summary>The expert's note for the patient about this trial, if any.</summary>
    public string? Note { get; set; }
}

/// <summary>Table <c>trial_records</c>.</summary>
internal sealed class TrialRecordRowConfiguration : IEntityTypeConfiguration<TrialRecordRow>
{
    public void Configure(EntityTypeBuilder<TrialRecordRow> builder)
    {
        builder.ToTable("trial_records");
        builder.HasKey(t => t.NctId);
        builder.Property(t => t.NctId).HasColumnName("nct_id").HasMaxLength(11).ValueGeneratedNever();
        builder.Property(t => t.Title).HasColumnName("title").HasMaxLength(1000);
        builder.Property(t => t.Status).HasColumnName("status").HasMaxLength(40);
        builder.Property(t => t.LastUpdate).HasColumnName("last_update").HasMaxLength(10);
        builder.Property(t => t.VersionDate).HasColumnName("version_date").HasMaxLength(10);
        builder.Property(t => t.ImportedAt).HasColumnName("imported_at");
        builder.Property(t => t.ImportedBy).HasColumnName("imported_by").HasMaxLength(256);
        builder.Property(t => t.Json).HasColumnName("json");
        builder.HasIndex(t => t.Status).HasDatabaseName("ix_trial_records_status");
    }
}

/// <summary>Table <c>case_trial_selections</c>: one row per case and chosen trial.</summary>
internal sealed class CaseTrialSelectionRowConfiguration : IEntityTypeConfiguration<CaseTrialSelectionRow>
{
    public void Configure(EntityTypeBuilder<CaseTrialSelectionRow> builder)
    {
        builder.ToTable("case_trial_selections");
        builder.HasKey(s => new { s.CaseId, s.NctId });
        builder.Property(s => s.CaseId).HasColumnName("case_id");
        builder.Property(s => s.NctId).HasColumnName("nct_id").HasMaxLength(11);
        builder.Property(s => s.SelectedBy).HasColumnName("selected_by").HasMaxLength(256);
        builder.Property(s => s.SelectedAt).HasColumnName("selected_at");
        builder.Property(s => s.Note).HasColumnName("note").HasMaxLength(2000);
        builder.HasOne<Cases.CaseRow>().WithMany().HasForeignKey(s => s.CaseId).OnDelete(DeleteBehavior.Cascade);
    }
}
