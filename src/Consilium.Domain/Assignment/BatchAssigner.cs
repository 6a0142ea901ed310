using Consilium.Domain.Matching;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Assignment;

/// <summary>
/// Assigns many open cases at once, each to one expert for its lead expertise need (the first need of its triage),
/// maximising, in this order: the number of urgent (expedited or emergency) cases placed, the number of cases placed,
/// then the total match points; never over an expert's free capacity, never to an expert a hard constraint excludes.
/// Exact (see <see cref="MinCostFlowSolver"/>), not greedy. Cases enter urgent first, then by case id (ordinal), which
/// also decides between equally good plans. Reports every case it could not place, and why.
/// </summary>
public sealed class BatchAssigner
{
    private readonly MatchingEngine _engine;
    private readonly AssignmentOptions _options;

    public BatchAssigner(MatchingEngine engine, AssignmentOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        _engine = engine;
        _options = options ?? AssignmentOptions.Default;
    }

    /// <summary>What a batch turned into before solving: the problem, the cases in entry order, and why cases have no edge.</summary>
    public sealed record Prepared(AssignmentProblem Problem, IReadOnlyList<MatchRequest> Cases, IReadOnlyList<ExpertiseNeed?> Needs, IReadOnlyList<string?> NoEdgeReasons);

    public AssignmentPlan Assign(IReadOnlyList<MatchRequest> cases, IProgress<(string Stage, int Done, int Total)>? progress = null)
    {
        var prepared = Prepare(cases, progress);
        var assignment = MinCostFlowSolver.Solve(prepared.Problem, progress: progress is null ? null : new StageProgress(progress, "assigning", cases.Count));
        return ToPlan(prepared, assignment);
    }

    /// <summary>Scores every case against the experts of its lead need and builds the bipartite problem.</summary>
    public Prepared Prepare(IReadOnlyList<MatchRequest> cases, IProgress<(string Stage, int Done, int Total)>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(cases);
        var duplicate = cases.GroupBy(c => c.CaseId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Case '{duplicate.Key}' appears more than once in the batch.", nameof(cases));
        }
        var ordered = cases.OrderBy(c => c.Triage.Urgency == Urgency.Standard ? 1 : 0)
            .ThenByDescending(c => c.Triage.Urgency)
            .ThenBy(c => c.CaseId, StringComparer.Ordinal)
            .ToArray();
        var n = ordered.Length;
        var edges = new List<(int Expert, int Points)>[n];
        var needs = new ExpertiseNeed?[n];
        var reasons = new string?[n];
        var scored = 0;
        void Score(int i)
        {
            var request = ordered[i];
            var need = request.Triage.Expertise.Count > 0 ? request.Triage.Expertise[0] : null;
            needs[i] = need;
            if (need is null)
            {
                edges[i] = [];
                reasons[i] = "Triage names no expertise for this case.";
            }
            else
            {
                var excludedBy = new Dictionary<string, int>(StringComparer.Ordinal);
                var list = _engine.Eligible(new CaseProfile(request), need, excludedBy);
                if (_options.MaxCandidatesPerCase > 0 && list.Count > _options.MaxCandidatesPerCase)
                {
                    list = [.. list.OrderByDescending(x => x.Points).ThenBy(x => x.Expert).Take(_options.MaxCandidatesPerCase).OrderBy(x => x.Expert)];
                }
                edges[i] = list;
                if (list.Count == 0)
                {
                    reasons[i] = NoEligibleReason(need, _engine.RelevantCount(need), excludedBy);
                }
            }
            var done = Interlocked.Increment(ref scored);
            if (done % 500 == 0)
            {
                progress?.Report(("matching", done, n));
            }
        }
        if (_options.Parallel)
        {
            System.Threading.Tasks.Parallel.For(0, n, Score);
        }
        else
        {
            for (var i = 0; i < n; i++)
            {
                Score(i);
            }
        }
        progress?.Report(("matching", n, n));

        var start = new int[n + 1];
        for (var i = 0; i < n; i++)
        {
            start[i + 1] = start[i] + edges[i].Count;
        }
        var expert = new int[start[n]];
        var points = new int[start[n]];
        for (var i = 0; i < n; i++)
        {
            var k = start[i];
            foreach (var (e, p) in edges[i])
            {
                expert[k] = e;
                points[k++] = p;
            }
        }
        var capacity = _engine.Network.Experts.Select(e => e.FreeCapacity).ToArray();
        var problem = new AssignmentProblem(capacity, [.. ordered.Select(c => c.Triage.Urgency != Urgency.Standard)], start, expert, points);
        return new Prepared(problem, ordered, needs, reasons);
    }

    /// <summary>Turns a solver's assignment (expert index per case, -1 unplaced) into the plan with reasons.</summary>
    public AssignmentPlan ToPlan(Prepared prepared, int[] assignment)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        ArgumentNullException.ThrowIfNull(assignment);
        var problem = prepared.Problem;
        var placements = new List<Placement>();
        var unplaced = new List<UnplacedCase>();
        for (var i = 0; i < problem.Cases; i++)
        {
            var request = prepared.Cases[i];
            var j = assignment[i];
            if (j >= 0)
            {
                var edge = Array.IndexOf(problem.EdgeExpert, j, problem.EdgeStart[i], problem.EdgeStart[i + 1] - problem.EdgeStart[i]);
                placements.Add(new Placement(request.CaseId, _engine.Network.Experts[j].Id, request.Triage.Urgency, prepared.Needs[i]!, problem.EdgePoints[edge]));
            }
            else
            {
                var eligible = problem.EdgeStart[i + 1] - problem.EdgeStart[i];
                var reason = prepared.NoEdgeReasons[i] ?? $"All {eligible} eligible expert{(eligible == 1 ? " is" : "s are")} full with more urgent cases or cases they match better (capacity).";
                unplaced.Add(new UnplacedCase(request.CaseId, request.Triage.Urgency, reason));
            }
        }
        return new AssignmentPlan(placements, unplaced, problem.Objective(assignment));
    }

    private static string NoEligibleReason(ExpertiseNeed need, int relevant, Dictionary<string, int> excludedBy)
    {
        var area = need.Subspecialty is null ? need.Specialty : $"{need.Specialty} / {need.Subspecialty}";
        if (relevant == 0)
        {
            return $"No expert in the network holds {area}.";
        }
        var why = string.Join(", ", excludedBy.OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal).Select(x => $"{x.Key} {x.Value}"));
        return $"No eligible expert for {area}: all {relevant} are excluded (first failed constraint: {why}).";
    }

    /// <summary>Reports the solver's count as a stage of the batch, on the solver's thread.</summary>
    private sealed class StageProgress(IProgress<(string Stage, int Done, int Total)> inner, string stage, int total) : IProgress<int>
    {
        public void Report(int value) => inner.Report((stage, value, total));
    }
}
