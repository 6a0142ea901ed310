using Consilium.Domain.Triage;

namespace Consilium.Domain.Cases;

/// <summary>
/// Something that happened to a case: who moved it, when, from where to where, and why. An event whose
/// <see cref="From"/> and <see cref="To"/> are the same is a note (an expert added to the panel) and moves nothing.
/// </summary>
public sealed record CaseEvent(CaseStatus From, CaseStatus To, string Actor, DateTimeOffset At, string Reason)
{
    /// <summary>True for a note on the timeline that did not change the status.</summary>
    public bool IsNote => From == To;
}

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
    private readonly List<ExpertAssignment> _assignments = [];
    private readonly List<TriageCorrection> _triageCorrections = [];

    /// <param name="patientAccountId">The patient's account that owns the case (null for cases that came without one, e.g. a FHIR import).</param>
    public SecondOpinionCase(Guid id, CaseFile file, string createdBy, DateTimeOffset createdAt, string? patientAccountId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        if (patientAccountId is not null && string.IsNullOrWhiteSpace(patientAccountId))
        {
            throw new DomainRuleException("The patient account id of a case cannot be blank: leave it null when the case has no patient account.");
        }
        Id = id;
        File = file;
        CreatedAt = createdAt;
        CreatedBy = createdBy;
        PatientAccountId = patientAccountId;
        Status = CaseStatus.Draft;
        _timeline = [];
    }

    /// <summary>
    /// Rebuilds a case from storage; the timeline must be consistent with the status. <paramref name="triage"/> is the triage as
    /// first recorded; <paramref name="triageCorrections"/> the corrections since, oldest first.
    /// </summary>
    public static SecondOpinionCase Restore(
        Guid id,
        CaseFile file,
        string createdBy,
        DateTimeOffset createdAt,
        CaseStatus status,
        IEnumerable<CaseEvent> timeline,
        TriageResult? triage,
        string? patientAccountId = null,
        IEnumerable<ExpertAssignment>? assignments = null,
        IEnumerable<TriageCorrection>? triageCorrections = null)
    {
        var c = new SecondOpinionCase(id, file, createdBy, createdAt, patientAccountId);
        c._timeline.AddRange(timeline);
        var expected = c._timeline.Count == 0 ? CaseStatus.Draft : c._timeline[^1].To;
        if (expected != status)
        {
            throw new DomainRuleException($"Case {id} is stored as {status} but its timeline ends at {expected}.");
        }
        c.Status = status;
        c.OriginalTriage = triage;
        c._assignments.AddRange(assignments ?? []);
        c._triageCorrections.AddRange(triageCorrections ?? []);
        if (c._triageCorrections.Count > 0 && triage is null)
        {
            throw new DomainRuleException($"Case {id} is stored with triage corrections but no triage.");
        }
        return c;
    }

    public Guid Id { get; }
    public CaseFile File { get; private set; }
    public string CreatedBy { get; }
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The patient's account that owns the case, when it has one.</summary>
    public string? PatientAccountId { get; }

    public CaseStatus Status { get; private set; }

    /// <summary>The triage that applies now: the latest correction, or the triage as recorded when there is none.</summary>
    public TriageResult? Triage => _triageCorrections.Count > 0 ? _triageCorrections[^1].Corrected : OriginalTriage;

    /// <summary>The triage as first recorded (kept after corrections).</summary>
    public TriageResult? OriginalTriage { get; private set; }

    /// <summary>Every correction of the triage, oldest first, with who and why.</summary>
    public IReadOnlyList<TriageCorrection> TriageCorrections => _triageCorrections;

    public IReadOnlyList<CaseEvent> Timeline => _timeline;

    /// <summary>The experts on the case now (the lead first, then panel members), in the order they were assigned.</summary>
    public IReadOnlyList<string> AssignedExperts
    {
        get
        {
            var current = new List<string>();
            foreach (var a in _assignments)
            {
                if (a.Change == AssignmentChange.Assigned)
                {
                    current.Add(a.ExpertAccountId);
                }
                else
                {
                    current.Remove(a.ExpertAccountId);
                }
            }
            return current;
        }
    }

    /// <summary>Every assignment and release, oldest first.</summary>
    public IReadOnlyList<ExpertAssignment> Assignments => _assignments;

    /// <summary>The status a case waiting in NeedsInformation will resume to.</summary>
    public CaseStatus? ResumesTo => Status == CaseStatus.NeedsInformation ? LastMoveInto(CaseStatus.NeedsInformation).From : null;

    /// <summary>What the patient was told is missing, while the case waits in NeedsInformation.</summary>
    public string? MissingInformation => Status == CaseStatus.NeedsInformation ? LastMoveInto(CaseStatus.NeedsInformation).Reason : null;

    public bool IsAssignedTo(string expertAccountId) => AssignedExperts.Contains(expertAccountId, StringComparer.Ordinal);

    public bool CanMoveTo(CaseStatus to) => WhyNot(to) is null;

    /// <summary>
    /// Moves the case and records the event; throws <see cref="IllegalCaseTransitionException"/> for an illegal move.
    /// Moving an Assigned case back to Triaged releases its experts.
    /// </summary>
    public CaseEvent MoveTo(CaseStatus to, string actor, DateTimeOffset at, string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentNullException.ThrowIfNull(reason);
        if (WhyNot(to) is { } why)
        {
            throw new IllegalCaseTransitionException(Status, to, why);
        }
        CheckNotBeforeLastEvent(at);
        var e = new CaseEvent(Status, to, actor, at, reason);
        if (Status == CaseStatus.Assigned && to == CaseStatus.Triaged)
        {
            foreach (var expert in AssignedExperts)
            {
                _assignments.Add(new ExpertAssignment(expert, AssignmentChange.Released, actor, at, reason));
            }
        }
        _timeline.Add(e);
        Status = to;
        return e;
    }

    /// <summary>
    /// Records the triage and moves RecordsReview → Triaged. A case triaged before (it went back for records) keeps its earlier
    /// triage: the new result is kept as a correction, so that nothing of the history is lost.
    /// </summary>
    public CaseEvent RecordTriage(TriageResult triage, string actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(triage);
        var e = MoveTo(CaseStatus.Triaged, actor, at, $"Triage: {triage.Summary()}");
        if (OriginalTriage is null)
        {
            OriginalTriage = triage;
        }
        else
        {
            _triageCorrections.Add(new TriageCorrection(triage, actor, at, "Triaged again after the records were reviewed again"));
        }
        return e;
    }

    /// <summary>
    /// A coordinator corrects the triage. The triage as recorded and every earlier correction are kept; <see cref="Triage"/>
    /// returns this one from now on. Needs a triage to correct, and a case that is not closed or withdrawn.
    /// </summary>
    public TriageCorrection CorrectTriage(TriageResult corrected, string actor, DateTimeOffset at, string why)
    {
        ArgumentNullException.ThrowIfNull(corrected);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (string.IsNullOrWhiteSpace(why))
        {
            throw new DomainRuleException("A triage correction needs a reason (why): it is kept with the correction for the record.");
        }
        FreeText.Check("The reason for a triage correction", why, FreeText.MaxReasonLength);
        if (OriginalTriage is null)
        {
            throw new DomainRuleException($"The triage of case {Id} cannot be corrected: the case has not been triaged yet ({Status}).");
        }
        if (CaseLifecycle.IsTerminal(Status))
        {
            throw new DomainRuleException($"The triage of case {Id} cannot be corrected: the case is {Status}.");
        }
        if (_triageCorrections.Count > 0 && at < _triageCorrections[^1].At)
        {
            throw new DomainRuleException($"A triage correction cannot be dated {at:O}, before the previous correction ({_triageCorrections[^1].At:O}).");
        }
        var correction = new TriageCorrection(corrected, actor, at, why);
        _triageCorrections.Add(correction);
        return correction;
    }

    /// <summary>
    /// Puts an expert on the case. From Triaged this moves the case to Assigned (the lead expert); while Assigned or InReview
    /// it adds a panel member without moving the case, and records a note on the timeline. Returns the timeline event.
    /// </summary>
    public CaseEvent AssignExpert(string expertAccountId, string actor, DateTimeOffset at, string reason)
    {
        if (string.IsNullOrWhiteSpace(expertAccountId))
        {
            throw new DomainRuleException("An expert assignment needs the expert's account id.");
        }
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentNullException.ThrowIfNull(reason);
        FreeText.Check("The reason for an assignment", reason, FreeText.MaxReasonLength);
        if (IsAssignedTo(expertAccountId))
        {
            throw new DomainRuleException($"Expert {expertAccountId} is already assigned to case {Id}.");
        }
        CaseEvent e;
        switch (Status)
        {
            case CaseStatus.Triaged:
                e = MoveTo(CaseStatus.Assigned, actor, at, string.IsNullOrWhiteSpace(reason) ? $"Assigned to {expertAccountId}" : $"Assigned to {expertAccountId}: {reason}");
                break;
            case CaseStatus.Assigned or CaseStatus.InReview:
                CheckNotBeforeLastEvent(at);
                e = new CaseEvent(Status, Status, actor, at, string.IsNullOrWhiteSpace(reason) ? $"Panel member added: {expertAccountId}" : $"Panel member added: {expertAccountId}: {reason}");
                _timeline.Add(e);
                break;
            default:
                throw new DomainRuleException($"An expert can be assigned to a case that is Triaged (or added to the panel while Assigned or InReview), not {Status}.");
        }
        _assignments.Add(new ExpertAssignment(expertAccountId, AssignmentChange.Assigned, actor, at, reason));
        return e;
    }

    /// <summary>Sends the case back to the patient: it goes to NeedsInformation, and <paramref name="whatIsMissing"/> is what the patient is told.</summary>
    public CaseEvent RequestInformation(string whatIsMissing, string actor, DateTimeOffset at)
    {
        if (string.IsNullOrWhiteSpace(whatIsMissing))
        {
            throw new DomainRuleException("A request for information must say what is missing: it is what the patient is told.");
        }
        FreeText.Check("A request for information", whatIsMissing, FreeText.MaxRequestLength);
        return MoveTo(CaseStatus.NeedsInformation, actor, at, whatIsMissing);
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

    private CaseEvent LastMoveInto(CaseStatus status) => _timeline.Last(e => e.To == status && !e.IsNote);

    private void CheckNotBeforeLastEvent(DateTimeOffset at)
    {
        if (_timeline.Count > 0 && at < _timeline[^1].At)
        {
            throw new DomainRuleException($"A case event cannot be dated {at:O}, before the previous event ({_timeline[^1].At:O}).");
        }
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
