namespace Consilium.Storage.Audit;

/// <summary>
/// Something to record: who (<paramref name="Actor"/>, an account id or <c>system</c>), did what (<paramref name="Action"/>, e.g.
/// <c>case.view</c>, <c>document.download</c>, <c>opinion.sign</c>), to which case and resource (<c>Case/…</c>, <c>Document/…</c>),
/// with an optional detail and the remote address it came from.
/// </summary>
public sealed record AuditEvent(string Actor, string Action, Guid? CaseId, string Resource, string? Detail, string? RemoteAddress);

/// <summary>
/// One stored entry of the audit trail. <see cref="Hash"/> is SHA-256 over the canonical form of every other field and
/// <see cref="PreviousHash"/> (the hash of entry <c>Sequence - 1</c>, or <see cref="AuditTrail.GenesisHash"/> for the first).
/// </summary>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string Actor,
    string Action,
    Guid? CaseId,
    string Resource,
    string? Detail,
    string? RemoteAddress,
    string PreviousHash,
    string Hash);

/// <summary>
/// A filter over the audit trail; every criterion given must hold. <see cref="Actor"/> is the whole actor, <see cref="ActorContains"/>
/// a part of it (an account id, a name). <see cref="To"/> is exclusive. Newest first.
/// </summary>
public sealed record AuditQuery(
    Guid? CaseId = null,
    string? Actor = null,
    string? Action = null,
    DateTimeOffset? From = null,
    DateTimeOffset? To = null,
    int Skip = 0,
    int Take = 100,
    string? ActorContains = null);

/// <summary>
/// The outcome of checking the whole chain: <see cref="Intact"/>, how many entries were checked, and when broken the first entry
/// at fault (<see cref="BrokenAtSequence"/>) and what is wrong with it (<see cref="Problem"/>).
/// </summary>
public sealed record AuditVerification(bool Intact, long EntriesChecked, long? BrokenAtSequence, string? Problem)
{
    /// <summary>
    /// The hash of the last entry when the chain is intact. Keep it somewhere else (a log, a printout): a later verification whose
    /// chain no longer passes through it means entries were rewritten from that point on.
    /// </summary>
    public string? LastHash { get; init; }
}

/// <summary>How an <see cref="AuditEntry"/> is stored (table <c>audit_entries</c>).</summary>
public sealed class AuditEntryRow
{
    public long Sequence { get; set; }
    public DateTimeOffset At { get; set; }
    public string Actor { get; set; } = string.Empty;
    public string Action { get; set; } = string.Empty;
    public Guid? CaseId { get; set; }
    public string Resource { get; set; } = string.Empty;
    public string? Detail { get; set; }
    public string? RemoteAddress { get; set; }
    public string PreviousHash { get; set; } = string.Empty;
    public string Hash { get; set; } = string.Empty;
}
