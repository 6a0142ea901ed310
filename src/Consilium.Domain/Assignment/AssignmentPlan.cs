using Consilium.Domain.Triage;

namespace Consilium.Domain.Assignment;

/// <summary>A case placed with an expert for its lead expertise need, with the match score in points (0–1000).</summary>
public sealed record Placement(string CaseId, string ExpertId, Urgency Urgency, ExpertiseNeed Need, int Points);

/// <summary>A case the batch could not place, and why (in words a coordinator can act on).</summary>
public sealed record UnplacedCase(string CaseId, Urgency Urgency, string Reason);

/// <summary>
/// The result of a batch assignment: placements in case order (urgent first, then case id), the cases left unplaced,
/// and the objective the optimiser maximised (see <see cref="BatchAssigner"/>).
/// </summary>
public sealed record AssignmentPlan(IReadOnlyList<Placement> Placements, IReadOnlyList<UnplacedCase> Unplaced, long Objective)
{
    public long TotalPoints => Placements.Sum(p => (long)p.Points);
    public int UrgentPlaced => Placements.Count(p => p.Urgency != Urgency.Standard);
}

/// <summary>How the batch works.</summary>
public sealed record AssignmentOptions
{
    public static AssignmentOptions Default { get; } = new();

    /// <summary>
    /// Keep only the best this-many eligible experts per case (0: all). Bounds memory and time on very large
    /// networks; the optimum is then over those candidates.
    /// </summary>
    public int MaxCandidatesPerCase { get; init; }

    /// <summary>Score cases on several threads (the result does not depend on it).</summary>
    public bool Parallel { get; init; } = true;
}
