using Consilium.Domain.Triage;

namespace Consilium.Domain.Cases;

/// <summary>Something that happened to a case: who moved it, when, from where to where, and why.</summary>
public sealed record CaseEvent(CaseStatus From, CaseStatus To, string Actor, DateTimeOffset At, string Reason);

/// <summary>Raised when a rule of the domain is broken; the message says which rule, in words a user can act on.</summary>
public class DomainRuleException : Exception
{
    public DomainRuleException(string message) : base(message) { }
    public DomainRuleException(string message, Exception inner) : base(message, inner) { }
    public DomainRuleException() { }
}

public sealed class IllegalCaseTransitionException : DomainRuleException
{
    public IllegalCaseTransitionException(CaseStatus from, CaseStatus to, string why)
        : base($"A case cannot move from {from} to {to}: {why}")
    {
        From = from;
        To = to;
    }

    public IllegalCaseTransitionException() { }
    public IllegalCaseTransitionException(string message) : base(message) { }
    public IllegalCaseTransitionException(string message, Exception inner) : base(message, inner) { }

    public CaseStatus From { get; }
    public CaseStatus To { get; }
}

/// <summary>
/// A request for a second opinion: the patient's <see cref="CaseFile"/>, where the case stands, and its timeline.
/// Every change of status goes through <see cref="MoveTo"/>, which refuses illegal moves and records the event.
/// </summary>
public sealed class SecondOpinionCase
{
    private readonly List<CaseEvent> _timeline;

    public SecondOpinionCase(Guid id, CaseFile file, string createdBy, DateTimeOffset createdAt)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        Id = id;
        File = file;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
        Status = CaseStatus.Draft;
        _timeline = [];
    }

    /// <summary>Rebuilds a case from storage; the timeline must be consistent with the status.</summary>
    public static SecondOpinionCase Restore(Guid id, CaseFile file, string createdBy, DateTimeOffset createdAt, CaseStatus status, IEnumerable<CaseEvent> timeline, TriageResult? triage)
    {
        var c = new SecondOpinionCase(id, file, createdBy, createdAt);
        c._timeline.AddRange(timeline);
        var expected = c._timeline.Count == 0 ? CaseStatus.Draft : c._timeline[^1].To;
        if (expected != status)
        {
            throw new DomainRuleException($"Case {id} is stored as {status} but its timeline ends at {expected}.");
        }
        c.Status = status;
        c.Triage = triage;
        return c;
    }

    public Guid Id { get; }
    public CaseFile File { get; private set; }
    public string CreatedBy { get; }
    public DateTimeOffset CreatedAt { get; }
    public CaseStatus Status { get; private set; }
    public TriageResult? Triage { get; private set; }
    public IReadOnlyList<CaseEvent> Timeline => _timeline;

    /// <summary>The status a case waiting in NeedsInformation will resume to.</summary>
    public CaseStatus? ResumesTo => Status == CaseStatus.NeedsInformation ? _timeline.Last(e => e.To == CaseStatus.NeedsInformation).From : null;

    public bool CanMoveTo(CaseStatus to) => WhyNot(to) is null;

    /// <summary>Moves the case and records the event; throws <see cref="IllegalCaseTransitionException"/> for an illegal move.</summary>
    public CaseEvent MoveTo(CaseStatus to, string actor, DateTimeOffset at, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentNullException.ThrowIfNull(reason);
        if (WhyNot(to) is { } why)
        {
            throw new IllegalCaseTransitionException(Status, to, why);
        }
        if (_timeline.Count > 0 && at < _timeline[^1].At)
        {
            throw new DomainRuleException($"A case event cannot be dated {at:O}, before the previous event ({_timeline[^1].At:O}).");
        }
        var e = new CaseEvent(Status, to, actor, at, reason);
        _timeline.Add(e);
        Status = to;
        return e;
    }

    /// <summary>Records the triage and moves RecordsReview → Triaged.</summary>
    public CaseEvent RecordTriage(TriageResult triage, string actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(triage);
        var e = MoveTo(CaseStatus.Triaged, actor, at, $"Triage: {triage.Summary()}");
        Triage = triage;
        return e;
    }

    /// <summary>The patient may change their case file while it is a draft or waiting for information.</summary>
    public void ReviseFile(CaseFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (Status is not (CaseStatus.Draft or CaseStatus.NeedsInformation))
        {
            throw new DomainRuleException($"The case file can only be changed while the case is a Draft or NeedsInformation, not {Status}.");
        }
        File = file;
    }

    private string? WhyNot(CaseStatus to)
    {
        if (to == Status)
        {
            return "it is already there";
        }
        if (CaseLifecycle.IsTerminal(Status))
        {
            return $"{Status} is final";
        }
        if (!CaseLifecycle.NextFrom(Status).Contains(to))
        {
            return $"from {Status} the case can only go to {string.Join(", ", CaseLifecycle.NextFrom(Status))}";
        }
        if (Status == CaseStatus.NeedsInformation && to != CaseStatus.Withdrawn && to != ResumesTo)
        {
            return $"it was waiting for information from {ResumesTo} and can only resume there (or be withdrawn)";
        }
        return null;
    }
}
