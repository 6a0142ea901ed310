namespace Consilium.Domain.Assignment;

/// <summary>
/// The reference solver for small instances: every expert slot becomes a column, every case gets a private
/// "unplaced" column of weight 0, and the textbook O(n²·m) Hungarian algorithm solves the dense square-or-wider
/// matrix. Independent of <see cref="MinCostFlowSolver"/>, against which it is checked; use it up to a few hundred slots.
/// </summary>
public static class ExactAssignmentSolver
{
    public static int[] Solve(AssignmentProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var n = problem.Cases;
        var slotExpert = new List<int>();
        for (var j = 0; j < problem.Experts; j++)
        {
            for (var s = 0; s < problem.Capacity[j]; s++)
            {
                slotExpert.Add(j);
            }
        }
        var slots = slotExpert.Count;
        var m = slots + n;
        long maxWeight = 1;
        for (var i = 0; i < n; i++)
        {
            for (var e = problem.EdgeStart[i]; e < problem.EdgeStart[i + 1]; e++)
            {
                maxWeight = Math.Max(maxWeight, problem.Weight(i, e));
            }
        }
        var forbidden = (maxWeight * (n + 1)) + 1;
        // cost[i, col]: minimise -weight; columns 0..slots-1 are slots, slots + i is case i's "unplaced".
        var cost = new long[n + 1, m + 1];
        for (var i = 0; i < n; i++)
        {
            for (var col = 0; col < m; col++)
            {
                cost[i + 1, col + 1] = col >= slots ? (col - slots == i ? 0 : forbidden) : forbidden;
            }
            for (var e = problem.EdgeStart[i]; e < problem.EdgeStart[i + 1]; e++)
            {
                for (var col = 0; col < slots; col++)
                {
                    if (slotExpert[col] == problem.EdgeExpert[e])
                    {
                        cost[i + 1, col + 1] = Math.Min(cost[i + 1, col + 1], -problem.Weight(i, e));
                    }
                }
            }
        }

        // Hungarian algorithm (rows 1..n, columns 1..m, n <= m), potentials u, v; way[] for the alternating path.
        var u = new long[n + 1];
        var v = new long[m + 1];
        var match = new int[m + 1];
        var way = new int[m + 1];
        for (var i = 1; i <= n; i++)
        {
            match[0] = i;
            var j0 = 0;
            var minv = new long[m + 1];
            Array.Fill(minv, long.MaxValue);
            var used = new bool[m + 1];
            do
            {
                used[j0] = true;
                var i0 = match[j0];
                var delta = long.MaxValue;
                var j1 = 0;
                for (var j = 1; j <= m; j++)
                {
                    if (used[j])
                    {
                        continue;
                    }
                    var cur = cost[i0, j] - u[i0] - v[j];
                    if (cur < minv[j])
                    {
                        minv[j] = cur;
                        way[j] = j0;
                    }
                    if (minv[j] < delta)
                    {
                        delta = minv[j];
                        j1 = j;
                    }
                }
                for (var j = 0; j <= m; j++)
                {
                    if (used[j])
                    {
                        u[match[j]] += delta;
                        v[j] -= delta;
                    }
                    else
                    {
                        minv[j] -= delta;
                    }
                }
                j0 = j1;
            }
            while (match[j0] != 0);
            do
            {
                var j1 = way[j0];
                match[j0] = match[j1];
                j0 = j1;
            }
            while (j0 != 0);
        }

        var assignment = new int[n];
        Array.Fill(assignment, -1);
        for (var col = 1; col <= slots; col++)
        {
            if (match[col] != 0 && cost[match[col], col] < 0)
            {
                assignment[match[col] - 1] = slotExpert[col - 1];
            }
        }
        return assignment;
    }
}
