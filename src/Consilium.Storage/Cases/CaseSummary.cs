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
    IReadOnlyList<string> Situations);
