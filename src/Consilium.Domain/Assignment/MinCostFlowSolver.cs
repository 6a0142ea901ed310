namespace Consilium.Domain.Assignment;

/// <summary>
/// Exact maximum-weight assignment with expert capacities (a min-cost flow / transportation problem), solved by
/// successive shortest augmenting paths in the Hungarian manner: cases enter one at a time (in the order given), and
/// each entry augments along the best path in the residual graph (Dijkstra on reduced costs, node potentials kept
/// feasible), which may move already placed cases to other experts or, when that is better, leave a case unplaced.
/// After every step the assignment is optimal for the cases entered so far, so at the end it is optimal. A search
/// stops as soon as the sink is settled, so uncongested cases cost little more than scanning their own edges.
/// Deterministic: the same problem and order give the same assignment.
/// </summary>
public static class MinCostFlowSolver
{
    /// <summary>Expert index per case (-1: unplaced). <paramref name="order"/> is the entry order (default: 0..n-1).</summary>
    public static int[] Solve(AssignmentProblem problem, IReadOnlyList<int>? order = null, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        var n = problem.Cases;
        var m = problem.Experts;
        var sink = n + m;
        var nodes = n + m + 1;
        var assigned = new int[n];
        var assignedEdge = new int[n];
        Array.Fill(assigned, -1);
        Array.Fill(assignedEdge, -1);
        var members = new List<int>[m];
        for (var j = 0; j < m; j++)
        {
            members[j] = [];
        }

        long maxWeight = 0;
        for (var i = 0; i < n; i++)
        {
            for (var e = problem.EdgeStart[i]; e < problem.EdgeStart[i + 1]; e++)
            {
                maxWeight = Math.Max(maxWeight, problem.Weight(i, e));
            }
        }
        var pi = new long[nodes];
        for (var v = n; v < nodes; v++)
        {
            pi[v] = -maxWeight;
        }
        var dist = new long[nodes];
        var seen = new int[nodes];
        var done = new int[nodes];
        var prev = new int[nodes];
        var prevEdge = new int[nodes];
        var popped = new List<int>();
        var queue = new PriorityQueue<int, long>();
        var stamp = 0;

        var count = 0;
        foreach (var start in order ?? Enumerable.Range(0, n).ToArray())
        {
            // Potential of the entering case: every edge out of it has a non-negative reduced cost.
            var p = pi[sink];
            for (var e = problem.EdgeStart[start]; e < problem.EdgeStart[start + 1]; e++)
            {
                p = Math.Max(p, pi[n + problem.EdgeExpert[e]] + problem.Weight(start, e));
            }
            pi[start] = p;

            stamp++;
            popped.Clear();
            queue.Clear();
            dist[start] = 0;
            seen[start] = stamp;
            prev[start] = -1;
            queue.Enqueue(start, 0);

            void Relax(int from, int to, long reduced, int edge)
            {
                var d = dist[from] + reduced;
                if (done[to] != stamp && (seen[to] != stamp || d < dist[to]))
                {
                    seen[to] = stamp;
                    dist[to] = d;
                    prev[to] = from;
                    prevEdge[to] = edge;
                    queue.Enqueue(to, d);
                }
            }

            while (queue.TryDequeue(out var v, out var d))
            {
                if (done[v] == stamp || d != dist[v])
                {
                    continue;
                }
                done[v] = stamp;
                popped.Add(v);
                if (v == sink)
                {
                    break;
                }
                if (v < n)
                {
                    // A case: stay (or become) unplaced, or go to another eligible expert.
                    Relax(v, sink, pi[v] - pi[sink], -1);
                    for (var e = problem.EdgeStart[v]; e < problem.EdgeStart[v + 1]; e++)
                    {
                        var j = problem.EdgeExpert[e];
                        if (j != assigned[v])
                        {
                            Relax(v, n + j, -problem.Weight(v, e) + pi[v] - pi[n + j], e);
                        }
                    }
                }
                else
                {
                    // An expert: take the case if a slot is free, or release one of the cases placed with them.
                    var j = v - n;
                    if (members[j].Count < problem.Capacity[j])
                    {
                        Relax(v, sink, pi[v] - pi[sink], -1);
                    }
                    foreach (var k in members[j])
                    {
                        Relax(v, k, problem.Weight(k, assignedEdge[k]) + pi[v] - pi[k], -1);
                    }
                }
            }

            var dSink = dist[sink];
            foreach (var v in popped)
            {
                pi[v] += dist[v] - dSink;
            }

            // Augment along the path back from the sink.
            var x = prev[sink];
            if (x < n)
            {
                if (x != start)
                {
                    // Case x leaves its expert and stays unplaced; its expert's slot is refilled along the path.
                    var old = assigned[x];
                    members[old].Remove(x);
                    assigned[x] = -1;
                    assignedEdge[x] = -1;
                    x = n + old;
                }
                else
                {
                    x = -1;
                }
            }
            while (x >= n)
            {
                var a = prev[x];
                var old = assigned[a];
                if (old >= 0)
                {
                    members[old].Remove(a);
                }
                assigned[a] = x - n;
                assignedEdge[a] = prevEdge[x];
                members[x - n].Add(a);
                x = a == start ? -1 : n + old;
            }
            if (++count % 1000 == 0)
            {
                progress?.Report(count);
            }
        }
        progress?.Report(count);
        return assigned;
    }
}
