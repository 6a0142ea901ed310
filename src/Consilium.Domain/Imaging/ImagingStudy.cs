namespace Consilium.Domain.Imaging;

/// <summary>One series of a stored study, as the archive describes it.</summary>
public sealed record ImagingSeries(string SeriesInstanceUid, string ArchiveId, string? Modality, string? BodyPart, string? Description, int Instances);

/// <summary>
/// A DICOM study kept in the image archive and linked to a case: what the archive says about it (modalities, body part,
/// date, description, series and instance counts) and the archive's own id for it.
/// </summary>
public sealed record ImagingStudy(string StudyInstanceUid, string ArchiveId)
{
    public IReadOnlyList<string> Modalities { get; init; } = [];
    public string? BodyPart { get; init; }
    public DateOnly? StudyDate { get; init; }
    public string? Description { get; init; }
    public IReadOnlyList<ImagingSeries> Series { get; init; } = [];
    public int SeriesCount { get; init; }
    public int InstanceCount { get; init; }
}

/// <summary>A study linked to a case: who uploaded it and when.</summary>
public sealed record CaseImagingStudy(Guid Id, Guid CaseId, ImagingStudy Study, string UploadedBy, DateTimeOffset UploadedAt);
