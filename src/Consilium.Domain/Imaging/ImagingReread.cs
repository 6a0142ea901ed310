using Consilium.Domain.Cases;
using Consilium.Domain.Specialties;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Imaging;

/// <summary>
/// The RADPEER score of a re-read against the original report: 1 concur; 2 a discrepancy in interpretation not ordinarily
/// expected to be made; 3 a discrepancy that should be made most of the time; a/b: unlikely / likely to be clinically significant.
/// </summary>
public enum RadpeerScore
{
    Concur = 1,
    Score2A,
    Score2B,
    Score3A,
    Score3B,
}

/// <summary>The codes (<c>1</c>, <c>2a</c>, ...) and meanings of <see cref="RadpeerScore"/>.</summary>
public static class Radpeer
{
    public static IReadOnlyList<RadpeerScore> All { get; } = [RadpeerScore.Concur, RadpeerScore.Score2A, RadpeerScore.Score2B, RadpeerScore.Score3A, RadpeerScore.Score3B];

    public static string Code(RadpeerScore score) => score switch
    {
        RadpeerScore.Concur => "1",
        RadpeerScore.Score2A => "2a",
        RadpeerScore.Score2B => "2b",
        RadpeerScore.Score3A => "3a",
        RadpeerScore.Score3B => "3b",
        _ => throw new ArgumentOutOfRangeException(nameof(score), score, "Not a RADPEER score."),
    };

    public static RadpeerScore? Parse(string? code) => All.Cast<RadpeerScore?>().FirstOrDefault(s => string.Equals(Code(s!.Value), code?.Trim(), StringComparison.OrdinalIgnoreCase));

    public static string Meaning(RadpeerScore score) => score switch
    {
        RadpeerScore.Concur => "Concur with the interpretation",
        RadpeerScore.Score2A => "Discrepancy in interpretation, not ordinarily expected to be made; unlikely to be clinically significant",
        RadpeerScore.Score2B => "Discrepancy in interpretation, not ordinarily expected to be made; likely to be clinically significant",
        RadpeerScore.Score3A => "Discrepancy in interpretation that should be made most of the time; unlikely to be clinically significant",
        RadpeerScore.Score3B => "Discrepancy in interpretation that should be made most of the time; likely to be clinically significant",
        _ => throw new ArgumentOutOfRangeException(nameof(score), score, "Not a RADPEER score."),
    };

    /// <summary>True for 2b and 3b: the discrepancy is likely to matter clinically.</summary>
    public static bool ClinicallySignificant(RadpeerScore score) => score is RadpeerScore.Score2B or RadpeerScore.Score3B;
}

/// <summary>What the radiologist writes: findings, impression, the comparison with the original report, and the score.</summary>
public sealed record ImagingRereadContent(string Findings, string Impression, string ComparisonWithOriginal, RadpeerScore Score)
{
    /// <summary>The fields a filed re-read must have, each problem naming its field.</summary>
    public IReadOnlyList<(string Field, string Message)> Problems()
    {
        var problems = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(Findings))
        {
            problems.Add((nameof(Findings), "Write the findings."));
        }
        if (string.IsNullOrWhiteSpace(Impression))
        {
            problems.Add((nameof(Impression), "Write the impression."));
        }
        if (string.IsNullOrWhiteSpace(ComparisonWithOriginal))
        {
            problems.Add((nameof(ComparisonWithOriginal), "Compare with the original report (say so when there was none)."));
        }
        if (!Enum.IsDefined(Score))
        {
            problems.Add((nameof(Score), "Choose a RADPEER score: 1, 2a, 2b, 3a or 3b."));
        }
        foreach (var (field, text) in new[] { (nameof(Findings), Findings), (nameof(Impression), Impression), (nameof(ComparisonWithOriginal), ComparisonWithOriginal) })
        {
            if (FreeText.TooLong(field, text, Opinions.OpinionContent.MaxFieldLength) is { } tooLong)
            {
                problems.Add((field, tooLong));
            }
        }
        return problems;
    }
}

/// <summary>Raised when a re-read cannot be filed; <see cref="Problems"/> names each field.</summary>
public sealed class InvalidImagingRereadException : DomainRuleException
{
    public InvalidImagingRereadException(IReadOnlyList<(string Field, string Message)> problems)
        : base("The re-read cannot be filed: " + string.Join(" ", problems.Select(p => p.Message)))
    {
        Problems = problems;
    }

    public InvalidImagingRereadException() => Problems = [];
    public InvalidImagingRereadException(string message) : base(message) => Problems = [];
    public InvalidImagingRereadException(string message, Exception inner) : base(message, inner) => Problems = [];

    public IReadOnlyList<(string Field, string Message)> Problems { get; }
}

/// <summary>
/// A radiologist's re-read of the imaging of a case, its own record linked to the case (and to the studies it read). Filed
/// once; it is then part of the expert opinion on the case.
/// </summary>
public sealed record ImagingReread(Guid Id, Guid CaseId, string RadiologistAccountId, IReadOnlyList<string> StudyInstanceUids, ImagingRereadContent Content, DateTimeOffset FiledAt)
{
    /// <summary>Checks the content and makes the record; throws <see cref="InvalidImagingRereadException"/> naming each problem.</summary>
    public static ImagingReread File(Guid caseId, string radiologistAccountId, IReadOnlyList<string> studyInstanceUids, ImagingRereadContent content, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(radiologistAccountId);
        var problems = content.Problems().ToList();
        if (studyInstanceUids is null || studyInstanceUids.Count == 0)
        {
            problems.Add(("Studies", "A re-read needs at least one study stored on the case."));
        }
        if (problems.Count > 0)
        {
            throw new InvalidImagingRereadException(problems);
        }
        var trimmed = content with { Findings = content.Findings.Trim(), Impression = content.Impression.Trim(), ComparisonWithOriginal = content.ComparisonWithOriginal.Trim() };
        return new ImagingReread(Guid.NewGuid(), caseId, radiologistAccountId, [.. studyInstanceUids!.Distinct(StringComparer.Ordinal)], trimmed, at);
    }
}

/// <summary>When a case needs an imaging re-read, and by whom: the radiology need triage set (subspecialty from the body part or condition).</summary>
public static class ImagingRereadRequest
{
    /// <summary>The radiology need of a triaged case that asked for a re-read; null when triage did not ask for one.</summary>
    public static ExpertiseNeed? NeedFor(TriageResult? triage)
    {
        if (triage is not { ImagingReread: true })
        {
            return null;
        }
        return triage.Expertise.FirstOrDefault(e => string.Equals(e.Specialty, Specialty.Radiology, StringComparison.OrdinalIgnoreCase))
            ?? new ExpertiseNeed(Specialty.Radiology, "diagnostic radiology", "Triage asked for an imaging re-read.");
    }

    /// <summary>
    /// The imaging studies of the case file (e.g. FHIR ImagingStudy from intake) that are stored in the archive, matched by
    /// StudyInstanceUID; a record without a UID, or whose study was not uploaded, has no stored study.
    /// </summary>
    public static IReadOnlyList<(ImagingStudyRecord Record, CaseImagingStudy? Stored)> LinkRecords(CaseFile file, IReadOnlyList<CaseImagingStudy> stored)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(stored);
        return [.. file.ImagingStudies.Select(r => (r, r.StudyInstanceUid is { Length: > 0 } uid
            ? stored.FirstOrDefault(s => string.Equals(s.Study.StudyInstanceUid, uid, StringComparison.Ordinal))
            : null))];
    }

    /// <summary>
    /// The case file as matching should see it: its own imaging records plus the studies uploaded to the archive (so the
    /// radiologist is matched on the modalities actually there).
    /// </summary>
    public static CaseFile WithStoredStudies(CaseFile file, IReadOnlyList<CaseImagingStudy> stored)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(stored);
        var known = file.ImagingStudies.Select(r => r.StudyInstanceUid).Where(u => u is not null).ToHashSet(StringComparer.Ordinal);
        var added = stored.Where(s => !known.Contains(s.Study.StudyInstanceUid)).Select(s => new ImagingStudyRecord($"ImagingStudy/{s.Study.StudyInstanceUid}")
        {
            StudyInstanceUid = s.Study.StudyInstanceUid,
            Modalities = s.Study.Modalities,
            BodySite = s.Study.BodyPart,
            Description = s.Study.Description,
            Series = s.Study.SeriesCount,
            Instances = s.Study.InstanceCount,
        });
        return file with { ImagingStudies = [.. file.ImagingStudies, .. added] };
    }
}
