using Consilium.Domain.Cases;
using Consilium.Domain.Experts;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Matching;

/// <summary>
/// Who gave the first opinion, so that matching never routes the case back to them (nor, when configured, to their
/// institution). The case file does not carry it; the referral or the coordinator does.
/// </summary>
public sealed record FirstOpinion(string? PractitionerId, string? PractitionerName, string? Institution);

/// <summary>One case to match: its file, its triage, who gave the first opinion, and the moment of matching.</summary>
public sealed record MatchRequest(string CaseId, CaseFile File, TriageResult Triage, DateTimeOffset AsOf)
{
    public FirstOpinion? FirstOpinion { get; init; }
}

/// <summary>The names of the hard constraints, as reported in <see cref="ConstraintCheck.Constraint"/>.</summary>
public static class MatchConstraint
{
    public const string Licensure = "licensure";
    public const string ConflictOfInterest = "conflict-of-interest";
    public const string Capacity = "capacity";
    public const string Turnaround = "turnaround";
    public const string Language = "language";
    public const string Availability = "availability";

    public static IReadOnlyList<string> All { get; } = [Licensure, ConflictOfInterest, Capacity, Turnaround, Language, Availability];
}

/// <summary>The names of the score parts, as reported in <see cref="ScorePart.Name"/>.</summary>
public static class ScorePartName
{
    public const string ConditionExperience = "condition-experience";
    public const string SubspecialtyFit = "subspecialty-fit";
    public const string TechniqueFit = "technique-fit";
    public const string Language = "language";
    public const string Turnaround = "turnaround";
    public const string Load = "load";

    public static IReadOnlyList<string> All { get; } = [ConditionExperience, SubspecialtyFit, TechniqueFit, Language, Turnaround, Load];
}

/// <summary>A hard constraint and whether the expert passed it, in words a coordinator can check.</summary>
public sealed record ConstraintCheck(string Constraint, bool Passed, string Reason);

/// <summary>
/// One named part of a score: <see cref="Value"/> in [0, 1], its <see cref="Weight"/>, and why. A part that does not
/// apply to the case (no coded condition, no procedure proposed, no language recorded) is not <see cref="Applicable"/>
/// and the other weights are renormalised.
/// </summary>
public sealed record ScorePart(string Name, double Value, double Weight, bool Applicable, string Reason);

/// <summary>An expert who passed every hard constraint, with the score (0–1) and its parts.</summary>
public sealed record Candidate(ExpertProfile Expert, int Rank, double Score, IReadOnlyList<ScorePart> Parts, IReadOnlyList<ConstraintCheck> Constraints)
{
    /// <summary>The patient and the expert share no language; an interpreter is needed (allowed by the options).</summary>
    public bool InterpreterNeeded { get; init; }

    /// <summary>The score in points (0–1000), the unit batch assignment maximises.</summary>
    public int Points => MatchingEngine.ToPoints(Score);

    /// <summary>One sentence per applicable part, strongest first.</summary>
    public IEnumerable<string> Explanation() =>
        Parts.Where(p => p.Applicable).OrderByDescending(p => p.Value * p.Weight).ThenBy(p => p.Name, StringComparer.Ordinal).Select(p => p.Reason);
}

/// <summary>An expert who holds the expertise but failed at least one hard constraint.</summary>
public sealed record ExcludedExpert(ExpertProfile Expert, IReadOnlyList<ConstraintCheck> Constraints)
{
    public IEnumerable<ConstraintCheck> Failed => Constraints.Where(c => !c.Passed);
}

/// <summary>The ranked candidates for one expertise the case needs, and the experts excluded from it.</summary>
public sealed record NeedMatch(ExpertiseNeed Need, IReadOnlyList<Candidate> Candidates, IReadOnlyList<ExcludedExpert> Excluded)
{
    /// <summary>Experts in the network who hold neither the specialty nor the subspecialty (not listed).</summary>
    public int NotRelevant { get; init; }
}

/// <summary>Matching for a case: one <see cref="NeedMatch"/> per expertise need of the triage, in triage order (the first is the lead need).</summary>
public sealed record MatchResult(string CaseId, Urgency Urgency, IReadOnlyList<NeedMatch> Needs)
{
    public NeedMatch? Lead => Needs.Count > 0 ? Needs[0] : null;
}
