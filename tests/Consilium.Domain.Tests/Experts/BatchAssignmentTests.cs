using Consilium.Domain.Assignment;
using Consilium.Domain.Experts;
using Consilium.Domain.Experts.Synthetic;
using Consilium.Domain.Matching;
using Consilium.Domain.Triage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Consilium.Domain.Tests.Experts.MatchingFixtures;

namespace Consilium.Domain.Tests.Experts;

public class BatchAssignmentTests
{
    private static AssignmentProblem Problem(int[] capacity, bool[] urgent, params (int Case, int Expert, int Points)[] edges)
    {
        var sorted = edges.OrderBy(e => e.Case).ThenBy(e => e.Expert).ToArray();
        var start = new int[urgent.Length + 1];
        foreach (var e in sorted)
        {
            start[e.Case + 1]++;
        }
        for (var i = 0; i < urgent.Length; i++)
        {
            start[i + 1] += start[i];
        }
        return new AssignmentProblem(capacity, urgent, start, [.. sorted.Select(e => e.Expert)], [.. sorted.Select(e => e.Points)]);
    }

    [Fact]
    public void GivenAGreedyTrap_WhenSolved_ThenTheOptimumNotTheGreedyChoice()
    {
        // Case 0 likes expert 0 best (900) but can use expert 1 (800); case 1 can only use expert 0 (850).
        var problem = Problem([1, 1], [false, false], (0, 0, 900), (0, 1, 800), (1, 0, 850));

        var assignment = MinCostFlowSolver.Solve(problem);

        Assert.Equal([1, 0], assignment);
    }

    [Fact]
    public void GivenOneSlot_WhenAnUrgentAndABetterMatchedStandardCaseCompete_ThenTheUrgentCaseIsPlaced()
    {
        var problem = Problem([1], [false, true], (0, 0, 1000), (1, 0, 10));

        Assert.Equal([-1, 0], MinCostFlowSolver.Solve(problem));
        Assert.Equal([-1, 0], ExactAssignmentSolver.Solve(problem));
    }

    [Fact]
    public void GivenMoreCasesThanCapacity_WhenSolved_ThenMorePlacementsBeatHigherPoints()
    {
        // Placing both (10 + 10) beats placing case 0 alone on expert 0 (1000).
        var problem = Problem([1, 1], [false, false], (0, 0, 1000), (0, 1, 10), (1, 0, 10));

        Assert.Equal([1, 0], MinCostFlowSolver.Solve(problem));
    }

    [Property(MaxTest = 40)]
    public bool GivenRandomSmallInstances_WhenSolved_ThenObjectiveEqualsTheExactSolver(PositiveInt seed)
    {
        var random = new Random(seed.Get);
        var n = random.Next(1, 31);
        var m = random.Next(1, 31);
        var capacity = Enumerable.Range(0, m).Select(_ => random.Next(0, 3)).ToArray();
        var urgent = Enumerable.Range(0, n).Select(_ => random.NextDouble() < 0.2).ToArray();
        var edges = new List<(int, int, int)>();
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < m; j++)
            {
                if (random.NextDouble() < 0.3)
                {
                    edges.Add((i, j, random.Next(0, 1001)));
                }
            }
        }
        var problem = Problem(capacity, urgent, [.. edges]);
        return problem.Objective(MinCostFlowSolver.Solve(problem)) == problem.Objective(ExactAssignmentSolver.Solve(problem));
    }

    [Property(MaxTest = 10)]
    public bool GivenSyntheticCasesUpTo30x30_WhenAssigned_ThenOptimalAndWithinCapacity(PositiveInt seed)
    {
        var generator = new SyntheticNetwork(seed.Get, AsOf);
        var experts = generator.Experts(30);
        var cases = generator.Cases(30, experts);
        var assigner = new BatchAssigner(new MatchingEngine(new ExpertNetwork(experts), new MatchingOptions { Licensure = LicensurePolicy.CrossBorder, InterpreterAvailable = true }));
        var plan = assigner.Assign(cases);
        var prepared = assigner.Prepare(cases);
        var exact = prepared.Problem.Objective(ExactAssignmentSolver.Solve(prepared.Problem));
        var withinCapacity = plan.Placements.GroupBy(p => p.ExpertId).All(g => g.Count() <= experts.Single(e => e.Id == g.Key).FreeCapacity);
        return plan.Objective == exact && withinCapacity && plan.Placements.Count + plan.Unplaced.Count == cases.Count;
    }

    [Fact]
    public void GivenCasesNoExpertCanTake_WhenAssigned_ThenUnplacedWithTheReason()
    {
        var experts = new[] { Expert("a", e => e with { WeeklyCapacity = 1, CurrentLoad = 0 }), Expert("b", e => e with { Licensures = ["DE"] }) };
        var cases = new[]
        {
            Case(id: "c1"),
            Case(id: "c2"),
            Case(id: "c3", file: f => f with { Patient = f.Patient with { Jurisdiction = "FR" } }),
            Case(id: "c4", needs: [new ExpertiseNeed("dermatology", null, "skin")]),
            Case(id: "c5", needs: []),
        };

        var plan = new BatchAssigner(new MatchingEngine(new ExpertNetwork(experts))).Assign(cases);

        Assert.Equal(["c1"], plan.Placements.Select(p => p.CaseId));
        var reasons = plan.Unplaced.ToDictionary(u => u.CaseId, u => u.Reason);
        Assert.Contains("capacity", reasons["c2"], StringComparison.Ordinal);
        Assert.Contains("licensure 2", reasons["c3"], StringComparison.Ordinal);
        Assert.Contains("No expert in the network holds dermatology", reasons["c4"], StringComparison.Ordinal);
        Assert.Contains("no expertise", reasons["c5"], StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTheSameBatch_WhenAssignedSequentiallyOrInParallel_ThenTheSamePlan()
    {
        var generator = new SyntheticNetwork(7, AsOf);
        var experts = generator.Experts(200);
        var cases = generator.Cases(600, experts);
        var engine = new MatchingEngine(new ExpertNetwork(experts));

        var a = new BatchAssigner(engine, new AssignmentOptions { Parallel = true }).Assign(cases);
        var b = new BatchAssigner(engine, new AssignmentOptions { Parallel = false }).Assign(cases.Reverse().ToList());

        Assert.Equal(a.Placements, b.Placements);
        Assert.Equal(a.Unplaced, b.Unplaced);
        Assert.True(a.UrgentPlaced > 0);
    }
}
