using Consilium.Domain.Cases;
using Consilium.Domain.Triage;

namespace Consilium.Storage.Cases;

/// <summary>A case as read from storage, with the version to pass to <see cref="CaseRegistry.SaveAsync"/>.</summary>
public sealed record StoredCase(SecondOpinionCase Case, int Version, DateTimeOffset UpdatedAt);

/// <summary>One line of a case list: enough to show and pick a case without reading its documents.</summary>
public sealed record CaseSummary(
    Guid Id,
    CaseStatus Status,
    DateTimeOffset CreatedAt,
    string CreatedBy,
    DateTimeOffset UpdatedAt,
    int Version,
    DateOnly? PatientBirthDate,
    AdministrativeSex PatientSex,
    string? Jurisdiction,
    Urgency? Urgency,
    IReadOnlyList<string> Situations)
{
    /// <summary>The patient's account that owns the case, when it has one.</summary>
    public string? PatientAccountId { get; init; }
}

/// <summary>Who may see a case: the owning patient account and the experts assigned now (for per-case authorization).</summary>
public sealed record CaseAccessInfo(Guid CaseId, string? PatientAccountId, IReadOnlyList<string> AssignedExperts, CaseStatus Status)
{
    public bool IsOwnedBy(string accountId) => PatientAccountId is not null && string.Equals(PatientAccountId, accountId, StringComparison.Ordinal);

    public bool IsAssignedTo(string expertAccountId) => AssignedExperts.Contains(expertAccountId, StringComparer.Ordinal);
}
