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

    /// <summary>1 when added; each save increments it. A save that expected another value fails.</summary>
    public int Version { get; set; }

    public CaseFile File { get; set; } = new();
    public TriageResult? Triage { get; set; }

    // Copied from File and Triage for listing without reading the documents.
    public DateOnly? PatientBirthDate { get; set; }
    public AdministrativeSex PatientSex { get; set; }
    public string? Jurisdiction { get; set; }
    public Urgency? Urgency { get; set; }

    /// <summary>The triaged situation codes, space-separated (e.g. <c>cancer surgery-planned</c>).</summary>
    public string? Situations { get; set; }

    public List<CaseEventRow> Events { get; set; } = [];
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
