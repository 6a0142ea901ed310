namespace Consilium.Domain.Assignment;

/// <summary>
/// A batch assignment as a weighted bipartite problem: cases (each placed at most once) and experts (each taking at
/// most <see cref="Capacity"/> cases), with an edge per eligible (case, expert) pair carrying the match points.
/// The weight of placing case i on an edge is <c>Priority[i] + points</c>, where <see cref="Priority"/> makes the
/// objective lexicographic: first the number of urgent cases placed, then the number of cases placed, then total points.
/// Edges of a case are <c>EdgeStart[i] .. EdgeStart[i + 1] - 1</c>.
/// </summary>
public sealed class AssignmentProblem
{
    public const int MaxPoints = 1000;

    public AssignmentProblem(int[] capacity, bool[] urgent, int[] edgeStart, int[] edgeExpert, int[] edgePoints)
    {
        ArgumentNullException.ThrowIfNull(capacity);
        ArgumentNullException.ThrowIfNull(urgent);
        ArgumentNullException.ThrowIfNull(edgeStart);
        ArgumentNullException.ThrowIfNull(edgeExpert);
        ArgumentNullException.ThrowIfNull(edgePoints);
        if (edgeStart.Length != urgent.Length + 1 || edgeExpert.Length != edgePoints.Length || edgeStart[^1] != edgeExpert.Length)
        {
            throw new ArgumentException("Edge arrays do not describe the cases.", nameof(edgeStart));
        }
        if (edgePoints.Any(p => p is < 0 or > MaxPoints) || edgeExpert.Any(e => e < 0 || e >= capacity.Length))
        {
            throw new ArgumentException($"Edge points must be 0..{MaxPoints} and experts in range.", nameof(edgePoints));
        }
        Capacity = capacity;
        Urgent = urgent;
        EdgeStart = edgeStart;
        EdgeExpert = edgeExpert;
        EdgePoints = edgePoints;
        long n = urgent.Length;
        var placement = (MaxPoints * n) + 1;
        var standard = urgent.LongCount(u => !u);
        var urgentBonus = (standard * (placement + MaxPoints)) + 1;
        Priority = [.. urgent.Select(u => placement + (u ? urgentBonus : 0))];
    }

    public int Cases => Urgent.Length;
    public int Experts => Capacity.Length;
    public int[] Capacity { get; }
    public bool[] Urgent { get; }
    public int[] EdgeStart { get; }
    public int[] EdgeExpert { get; }
    public int[] EdgePoints { get; }
    /// <summary>The part of a placement's weight that does not depend on the expert.</summary>
    public long[] Priority { get; }

    public long Weight(int @case, int edge) => Priority[@case] + EdgePoints[edge];

    /// <summary>The objective of an assignment (expert index per case, -1 unplaced); throws if it breaks capacity or uses a non-edge.</summary>
    public long Objective(int[] assignment)
    {
        ArgumentNullException.ThrowIfNull(assignment);
        var load = new int[Experts];
        long total = 0;
        for (var i = 0; i < Cases; i++)
        {
            if (assignment[i] < 0)
            {
                continue;
            }
            var edge = Array.IndexOf(EdgeExpert, assignment[i], EdgeStart[i], EdgeStart[i + 1] - EdgeStart[i]);
            if (edge < 0)
            {
                throw new InvalidOperationException($"Case {i} is assigned to expert {assignment[i]}, who is not eligible for it.");
            }
            if (++load[assignment[i]] > Capacity[assignment[i]])
            {
                throw new InvalidOperationException($"Expert {assignment[i]} is over capacity.");
            }
            total += Weight(i, edge);
        }
        return total;
    }
}
