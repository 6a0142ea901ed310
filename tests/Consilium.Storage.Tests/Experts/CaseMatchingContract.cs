using Consilium.Domain.Cases;
using Consilium.Domain.Experts;
using Consilium.Domain.Experts.Synthetic;
using Consilium.Domain.Matching;
using Consilium.Domain.Triage;
using Consilium.Storage.Database;
using Consilium.Storage.Experts;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Experts;

/// <summary>Matching and assignment over stored cases: what the coordinator screen and <c>consilium assign</c> call.</summary>
public abstract class CaseMatchingContract : StoreContract
{
    private static readonly MatchingOptions Lenient = new() { Licensure = LicensurePolicy.CrossBorder, InterpreterAvailable = true };

    private async Task<(ConsiliumDatabase Db, CaseMatching Matching, IReadOnlyList<Guid> Cases)> SetUpAsync(int cases)
    {
        var db = await OpenAsync();
        var matching = new CaseMatching(db, Time);
        var generator = new SyntheticNetwork(9, Time.GetUtcNow());
        var experts = generator.Experts(150);
        await matching.Directory.ImportAsync(experts);
        var ids = new List<Guid>();
        foreach (var request in generator.Cases(cases, experts))
        {
            var c = new SecondOpinionCase(Guid.NewGuid(), request.File, "patient:x", Time.GetUtcNow());
            c.MoveTo(CaseStatus.Submitted, "patient:x", Time.GetUtcNow(), "submitted");
            c.MoveTo(CaseStatus.RecordsReview, "consilium", Time.GetUtcNow(), "records");
            c.RecordTriage(request.Triage with { Urgency = Urgency.Standard }, "triage-engine", Time.GetUtcNow());
            await db.Cases.AddAsync(c);
            ids.Add(c.Id);
        }
        return (db, matching, ids);
    }

    [SkippableFact]
    public async Task GivenATriagedCase_WhenMatchedThenAssigned_ThenAssignedWithTheLeadAndTheLoadGrows()
    {
        var (db, matching, cases) = await SetUpAsync(1);

        var match = await matching.MatchAsync(cases[0], Lenient);
        var lead = match!.Match.Needs[0].Candidates[0].Expert;
        var version = await matching.AssignAsync(cases[0], match.Version, [lead.Id], "coordinator:1", "best match");

        var stored = await db.Cases.GetStoredAsync(cases[0]);
        Assert.Equal(CaseStatus.Assigned, stored!.Case.Status);
        Assert.Equal([lead.Id], stored.Case.AssignedExperts);
        Assert.Equal(version, stored.Version);
        Assert.Equal(lead.CurrentLoad + 1, (await matching.Directory.GetAsync(lead.Id))!.CurrentLoad);
    }

    [SkippableFact]
    public async Task GivenTriagedCases_WhenAssignAll_ThenEveryPlacedCaseIsAssignedAndTheRestStayTriaged()
    {
        var (db, matching, cases) = await SetUpAsync(12);

        var outcome = await matching.AssignAllAsync("batch-assign", Lenient);

        Assert.Equal(12, outcome.TriagedCases);
        Assert.Equal(12, outcome.Plan.Placements.Count + outcome.Plan.Unplaced.Count);
        Assert.Equal(outcome.Plan.Placements.Count, outcome.Applied);
        Assert.Equal(outcome.Plan.Placements.Count, await db.Cases.CountAsync(CaseStatus.Assigned));
        Assert.Equal(outcome.Plan.Unplaced.Count, await db.Cases.CountAsync(CaseStatus.Triaged));
        Assert.True(outcome.Applied > 0);
    }

    [SkippableFact]
    public async Task GivenADryRun_WhenAssignAll_ThenNothingChanges()
    {
        var (db, matching, _) = await SetUpAsync(3);

        var outcome = await matching.AssignAllAsync("batch-assign", Lenient, apply: false);

        Assert.Equal(0, outcome.Applied);
        Assert.Equal(3, await db.Cases.CountAsync(CaseStatus.Triaged));
    }
}

public sealed class SqliteCaseMatchingTests : CaseMatchingContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlCaseMatchingTests : CaseMatchingContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
