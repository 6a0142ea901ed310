using System.Collections.Concurrent;

namespace Consilium.Cli.Bench.Crash;

/// <summary>How a case came in.</summary>
internal enum CaseSource
{
    /// <summary>The patient's intake form (step 1 creates a draft).</summary>
    Intake,

    /// <summary>A FHIR Bundle posted to <c>/api/cases</c> by the coordinator.</summary>
    Api,
}

/// <summary>A document the server acknowledged (201 with its id), with the SHA-256 of the bytes sent.</summary>
internal sealed record AcknowledgedDocument(Guid Id, Guid CaseId, string FileName, string Sha256);

/// <summary>
/// Every write the client saw acknowledged (2xx, or the redirect a form answers with on success), with the id it got back: what
/// must still be there after the server is killed and restarted. Safe to share between the driver's workers.
/// </summary>
internal sealed class AcknowledgedWrites
{
    public ConcurrentDictionary<Guid, CaseSource> Cases { get; } = new();

    /// <summary>Intake cases the patient sent (they left Draft and were triaged).</summary>
    public ConcurrentDictionary<Guid, bool> Submitted { get; } = new();

    public ConcurrentDictionary<Guid, AcknowledgedDocument> Documents { get; } = new();

    /// <summary>(case, expert account) the coordinator assigned.</summary>
    public ConcurrentDictionary<(Guid CaseId, string ExpertId), bool> Assignments { get; } = new();

    /// <summary>(case, expert account) whose opinion draft was saved.</summary>
    public ConcurrentDictionary<(Guid CaseId, string ExpertId), bool> Drafts { get; } = new();

    /// <summary>(case, expert account) whose opinion was signed and delivered.</summary>
    public ConcurrentDictionary<(Guid CaseId, string ExpertId), bool> Signatures { get; } = new();

    public int Count => Cases.Count + Submitted.Count + Documents.Count + Assignments.Count + Drafts.Count + Signatures.Count;
}
