using System.Text.Json;
using Consilium.Domain.Imaging;
using Consilium.Storage.Cases;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Consilium.Storage.Imaging;

/// <summary>A study linked to a case (table <c>case_imaging_studies</c>): what the archive said about it when it was uploaded.</summary>
public sealed class CaseImagingStudyRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string StudyInstanceUid { get; set; } = string.Empty;
    public string ArchiveId { get; set; } = string.Empty;
    public string Modalities { get; set; } = string.Empty;
    public string? BodyPart { get; set; }
    public DateOnly? StudyDate { get; set; }
    public string? Description { get; set; }
    public int SeriesCount { get; set; }
    public int InstanceCount { get; set; }
    public string Series { get; set; } = "[]";
    public string UploadedBy { get; set; } = string.Empty;
    public DateTimeOffset UploadedAt { get; set; }
}

/// <summary>A filed imaging re-read (table <c>imaging_rereads</c>): its own record, linked to the case and the studies it read.</summary>
public sealed class ImagingRereadRow
{
    public Guid Id { get; set; }
    public Guid CaseId { get; set; }
    public string RadiologistAccountId { get; set; } = string.Empty;
    public string StudyInstanceUids { get; set; } = "[]";
    public string Findings { get; set; } = string.Empty;
    public string Impression { get; set; } = string.Empty;
    public string ComparisonWithOriginal { get; set; } = string.Empty;
    public string RadpeerScore { get; set; } = string.Empty;
    public DateTimeOffset FiledAt { get; set; }
}

/// <summary>
/// The imaging of each case: the studies linked to it (by the upload that stored them in the archive) and the re-reads
/// filed on it. Safe to share: each call uses its own short-lived context.
/// </summary>
public sealed class ImagingRegistry(Func<ConsiliumDbContext> contexts)
{
    private static readonly JsonSerializerOptions Json = CaseDocumentJson.Options;

    /// <summary>
    /// Links <paramref name="studies"/> to the case in one transaction; a study already linked to it is refreshed (new
    /// series or instances) rather than added twice.
    /// </summary>
    public async Task<IReadOnlyList<CaseImagingStudy>> LinkAsync(Guid caseId, IReadOnlyList<ImagingStudy> studies, string uploadedBy, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(studies);
        await using var db = contexts();
        await using var transaction = await StepTransaction.BeginAsync(db, cancellationToken);
        var linked = new List<CaseImagingStudyRow>();
        foreach (var study in studies)
        {
            var row = await db.Set<CaseImagingStudyRow>().FirstOrDefaultAsync(r => r.CaseId == caseId && r.StudyInstanceUid == study.StudyInstanceUid, cancellationToken);
            if (row is null)
            {
                row = new CaseImagingStudyRow { Id = Guid.NewGuid(), CaseId = caseId, StudyInstanceUid = study.StudyInstanceUid, UploadedBy = uploadedBy, UploadedAt = at };
                db.Add(row);
            }
            row.ArchiveId = study.ArchiveId;
            row.Modalities = string.Join('\\', study.Modalities);
            row.BodyPart = study.BodyPart;
            row.StudyDate = study.StudyDate;
            row.Description = study.Description;
            row.SeriesCount = study.SeriesCount;
            row.InstanceCount = study.InstanceCount;
            row.Series = JsonSerializer.Serialize(study.Series, Json);
            linked.Add(row);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return [.. linked.Select(ToStudy)];
    }

    /// <summary>The studies of a case, newest study first.</summary>
    public async Task<IReadOnlyList<CaseImagingStudy>> StudiesAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var rows = await db.Set<CaseImagingStudyRow>().AsNoTracking().Where(r => r.CaseId == caseId).ToListAsync(cancellationToken);
        return [.. rows.OrderByDescending(r => r.StudyDate).ThenBy(r => r.StudyInstanceUid, StringComparer.Ordinal).Select(ToStudy)];
    }

    /// <summary>Whether the archive study <paramref name="archiveId"/> is linked to the case.</summary>
    public async Task<bool> IsLinkedAsync(Guid caseId, string archiveId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        return await db.Set<CaseImagingStudyRow>().AnyAsync(r => r.CaseId == caseId && r.ArchiveId == archiveId, cancellationToken);
    }

    /// <summary>Whether the study with this StudyInstanceUID is linked to the case.</summary>
    public async Task<bool> IsLinkedByUidAsync(Guid caseId, string studyInstanceUid, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        return await db.Set<CaseImagingStudyRow>().AnyAsync(r => r.CaseId == caseId && r.StudyInstanceUid == studyInstanceUid, cancellationToken);
    }

    public async Task AddRereadAsync(ImagingReread reread, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reread);
        await using var db = contexts();
        db.Add(new ImagingRereadRow
        {
            Id = reread.Id,
            CaseId = reread.CaseId,
            RadiologistAccountId = reread.RadiologistAccountId,
            StudyInstanceUids = JsonSerializer.Serialize(reread.StudyInstanceUids, Json),
            Findings = reread.Content.Findings,
            Impression = reread.Content.Impression,
            ComparisonWithOriginal = reread.Content.ComparisonWithOriginal,
            RadpeerScore = Radpeer.Code(reread.Content.Score),
            FiledAt = reread.FiledAt,
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The re-reads filed on a case, oldest first.</summary>
    public async Task<IReadOnlyList<ImagingReread>> RereadsAsync(Guid caseId, CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var rows = await db.Set<ImagingRereadRow>().AsNoTracking().Where(r => r.CaseId == caseId).ToListAsync(cancellationToken);
        return [.. rows.OrderBy(r => r.FiledAt).Select(ToReread)];
    }

    /// <summary>How many filed re-reads have each RADPEER score (every score listed, zero included): for the outcomes dashboard.</summary>
    public async Task<IReadOnlyDictionary<RadpeerScore, int>> RadpeerDistributionAsync(CancellationToken cancellationToken = default)
    {
        await using var db = contexts();
        var counts = await db.Set<ImagingRereadRow>().AsNoTracking().GroupBy(r => r.RadpeerScore).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        return Radpeer.All.ToDictionary(s => s, s => counts.Where(c => c.Key == Radpeer.Code(s)).Sum(c => c.Count));
    }

    private static CaseImagingStudy ToStudy(CaseImagingStudyRow r) => new(r.Id, r.CaseId, new ImagingStudy(r.StudyInstanceUid, r.ArchiveId)
    {
        Modalities = r.Modalities.Length == 0 ? [] : r.Modalities.Split('\\'),
        BodyPart = r.BodyPart,
        StudyDate = r.StudyDate,
        Description = r.Description,
        SeriesCount = r.SeriesCount,
        InstanceCount = r.InstanceCount,
        Series = JsonSerializer.Deserialize<List<ImagingSeries>>(r.Series, Json) ?? [],
    }, r.UploadedBy, r.UploadedAt);

    private static ImagingReread ToReread(ImagingRereadRow r) => new(
        r.Id, r.CaseId, r.RadiologistAccountId, JsonSerializer.Deserialize<List<string>>(r.StudyInstanceUids, Json) ?? [],
        new ImagingRereadContent(r.Findings, r.Impression, r.ComparisonWithOriginal, Radpeer.Parse(r.RadpeerScore) ?? throw new InvalidDataException($"Re-read {r.Id} has an unknown RADPEER score '{r.RadpeerScore}'.")),
        r.FiledAt);
}

internal sealed class CaseImagingStudyRowConfiguration(string jsonColumnType) : IEntityTypeConfiguration<CaseImagingStudyRow>
{
    public void Configure(EntityTypeBuilder<CaseImagingStudyRow> builder)
    {
        builder.ToTable("case_imaging_studies");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.CaseId).HasColumnName("case_id");
        builder.Property(r => r.StudyInstanceUid).HasColumnName("study_instance_uid").HasMaxLength(64);
        builder.Property(r => r.ArchiveId).HasColumnName("archive_id").HasMaxLength(64);
        builder.Property(r => r.Modalities).HasColumnName("modalities").HasMaxLength(256);
        builder.Property(r => r.BodyPart).HasColumnName("body_part").HasMaxLength(64);
        builder.Property(r => r.StudyDate).HasColumnName("study_date");
        builder.Property(r => r.Description).HasColumnName("description").HasMaxLength(256);
        builder.Property(r => r.SeriesCount).HasColumnName("series_count");
        builder.Property(r => r.InstanceCount).HasColumnName("instance_count");
        builder.Property(r => r.Series).HasColumnName("series").HasColumnType(jsonColumnType);
        builder.Property(r => r.UploadedBy).HasColumnName("uploaded_by").HasMaxLength(256);
        builder.Property(r => r.UploadedAt).HasColumnName("uploaded_at");
        builder.HasOne<CaseRow>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(r => new { r.CaseId, r.StudyInstanceUid }).IsUnique().HasDatabaseName("ux_case_imaging_studies_case_id_study_uid");
        builder.HasIndex(r => r.ArchiveId).HasDatabaseName("ix_case_imaging_studies_archive_id");
    }
}

internal sealed class ImagingRereadRowConfiguration(string jsonColumnType) : IEntityTypeConfiguration<ImagingRereadRow>
{
    public void Configure(EntityTypeBuilder<ImagingRereadRow> builder)
    {
        builder.ToTable("imaging_rereads");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).HasColumnName("id").ValueGeneratedNever();
        builder.Property(r => r.CaseId).HasColumnName("case_id");
        builder.Property(r => r.RadiologistAccountId).HasColumnName("radiologist_account_id").HasMaxLength(256);
        builder.Property(r => r.StudyInstanceUids).HasColumnName("study_instance_uids").HasColumnType(jsonColumnType);
        builder.Property(r => r.Findings).HasColumnName("findings");
        builder.Property(r => r.Impression).HasColumnName("impression");
        builder.Property(r => r.ComparisonWithOriginal).HasColumnName("comparison_with_original");
        builder.Property(r => r.RadpeerScore).HasColumnName("radpeer_score").HasMaxLength(2);
        builder.Property(r => r.FiledAt).HasColumnName("filed_at");
        builder.HasOne<CaseRow>().WithMany().HasForeignKey(r => r.CaseId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(r => new { r.CaseId, r.FiledAt }).HasDatabaseName("ix_imaging_rereads_case_id_filed_at");
    }
}
