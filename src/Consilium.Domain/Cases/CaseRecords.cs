using Consilium.Domain.Triage;

namespace Consilium.Domain.Cases;

/// <summary>Whether an <see cref="ExpertAssignment"/> put an expert on the case or took them off it.</summary>
public enum AssignmentChange
{
    Assigned,
    Released,
}

/// <summary>
/// One change to who reviews a case: which expert, put on or taken off, by whom, when and why. The log of these is
/// kept whole (audit); <see cref="SecondOpinionCase.AssignedExperts"/> is what it adds up to.
/// </summary>
public sealed record ExpertAssignment(string ExpertAccountId, AssignmentChange Change, string Actor, DateTimeOffset At, string Reason);

/// <summary>A coordinator's correction of the triage: the result that now applies, who decided it, when, and why.</summary>
public sealed record TriageCorrection(TriageResult Corrected, string Actor, DateTimeOffset At, string Why);
