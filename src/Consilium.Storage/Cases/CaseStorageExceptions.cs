namespace Consilium.Storage.Cases;

/// <summary>
/// Someone else saved the case after it was read: the save was refused and nothing was written.
/// Read the case again (<see cref="CaseRegistry.GetStoredAsync"/>), re-apply the change, and save with the new version.
/// </summary>
public sealed class CaseConcurrencyException : Exception
{
    public CaseConcurrencyException(Guid caseId, int expectedVersion, int actualVersion)
        : base($"Case {caseId} was changed by someone else: it is at version {actualVersion}, this save expected version {expectedVersion}. Nothing was written; reload the case and try again.")
    {
        CaseId = caseId;
        ExpectedVersion = expectedVersion;
        ActualVersion = actualVersion;
    }

    public CaseConcurrencyException() { }
    public CaseConcurrencyException(string message) : base(message) { }
    public CaseConcurrencyException(string message, Exception inner) : base(message, inner) { }

    public Guid CaseId { get; }
    public int ExpectedVersion { get; }
    public int ActualVersion { get; }
}

/// <summary>The case is not in the database.</summary>
public sealed class CaseNotFoundException : Exception
{
    public CaseNotFoundException(Guid caseId)
        : base($"Case {caseId} is not stored.")
    {
        CaseId = caseId;
    }

    public CaseNotFoundException() { }
    public CaseNotFoundException(string message) : base(message) { }
    public CaseNotFoundException(string message, Exception inner) : base(message, inner) { }

    public Guid CaseId { get; }
}

/// <summary>A case with that id is already stored (or appears twice in one import); nothing was written.</summary>
public sealed class DuplicateCaseException : Exception
{
    public DuplicateCaseException(IReadOnlyList<Guid> caseIds, Exception? inner = null)
        : base(caseIds is null || caseIds.Count == 0
            ? "A case with that id is already stored."
            : $"Already stored (nothing was written): {string.Join(", ", caseIds.Take(10))}{(caseIds.Count > 10 ? $" and {caseIds.Count - 10} more" : string.Empty)}.", inner)
    {
        CaseIds = caseIds ?? [];
    }

    public DuplicateCaseException() { }
    public DuplicateCaseException(string message) : base(message) { }
    public DuplicateCaseException(string message, Exception inner) : base(message, inner) { }

    public IReadOnlyList<Guid> CaseIds { get; } = [];
}
