using Consilium.Domain.Cases;
using Consilium.Domain.Triage;

namespace Consilium.Storage.Cases;

/// <summary>
/// How a <see cref="SecondOpinionCase"/> is stored: one row, with the <see cref="CaseFile"/> and the
/// <see cref="TriageResult"/> as JSON documents, a few copied fields for listing, and a version that
/// every save bumps (optimistic concurrency).
/// </summary>
public sealed class CaseRow
{
    public Guid Id { get; set; }
    public CaseStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public string CreatedBy { get; set; } = string.Empty;
    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>The patient's account that owns the case (indexed: the patient's case list and per-case authorization).</summary>
    public string? PatientAccountId { get; set; }

    /// <summary>1 when added; each save increments it. A save that expected another value fails.</summary>
    public int Version { get; set; }

    public CaseFile File { get; set; } = new();
    /// <summary>The triage as first recorded; the corrections since are in <see cref="TriageCorrections"/>.</summary>
    public TriageResult? Triage { get; set; }

    /// <summary>Every correction of the triage, oldest first (a JSON document).</summary>
    public IReadOnlyList<TriageCorrection> TriageCorrections { get; set; } = [];

    /// <summary>The log of expert assignments and releases, oldest first (a JSON document).</summary>
    public IReadOnlyList<ExpertAssignment> Assignments { get; set; } = [];

    // Copied from File and Triage for listing without reading the documents.
    public DateOnly? PatientBirthDate { get; set; }
    public AdministrativeSex PatientSex { get; set; }
    public string? Jurisdiction { get; set; }
    public Urgency? Urgency { get; set; }

    /// <summary>
    /// <see cref="Urgency"/> as a number that sorts (emergency 2, expedited 1, standard 0, not triaged -1): the coordinator's queue
    /// is read most urgent first, then oldest, straight from an index (the urgency names do not sort in that order).
    /// </summary>
    public int UrgencyRank { get; set; } = -1;

    /// <summary>The triaged situation codes, space-separated (e.g. <c>cancer surgery-planned</c>).</summary>
    public string? Situations { get; set; }

    public List<CaseEventRow> Events { get; set; } = [];

    /// <summary>The experts assigned now (derived from <see cref="Assignments"/>; indexed for the expert's case list).</summary>
    public List<CaseExpertRow> Experts { get; set; } = [];
}

/// <summary>An expert currently assigned to a case; rewritten on every save from the case's assignment log.</summary>
public sealed class CaseExpertRow
{
    public Guid CaseId { get; set; }
    public string ExpertAccountId { get; set; } = string.Empty;
}

/// <summary>One <see cref="CaseEvent"/> of a case's timeline; <see cref="Sequence"/> counts from 1.</summary>
public sealed class CaseEventRow
{
    public Guid CaseId { get; set; }
    public int Sequence { get; set; }
    public CaseStatus From { get; set; }
    public CaseStatus To { get; set; }
    public string Actor { get; set; } = string.Empty;
    public DateTimeOffset At { get; set; }
    public string Reason { get; set; } = string.Empty;
}
