using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Cases;

/// <summary>Ownership, expert assignments and triage corrections are stored, and drive the patient's and the expert's case lists.</summary>
public abstract class CaseWorkflowStorageContract : StoreContract
{
    private static SecondOpinionCase TriagedFor(string owner, DateTimeOffset createdAt)
    {
        var c = new SecondOpinionCase(Guid.NewGuid(), CaseSamples.RichFile(owner), $"patient:{owner}", createdAt, owner);
        c.MoveTo(CaseStatus.Submitted, owner, createdAt.AddMinutes(1), "submit");
        c.MoveTo(CaseStatus.RecordsReview, "coord", createdAt.AddMinutes(2), "records");
        c.RecordTriage(CaseSamples.RichTriage(), "coord", createdAt.AddMinutes(3));
        return c;
    }

    [SkippableFact]
    public async Task GivenAssignedAndCorrectedCase_WhenSavedAndRead_ThenOwnerAssignmentsAndCorrectionsRoundTrip()
    {
        var db = await OpenAsync();
        var t = CaseSamples.At(2025, 1, 2, 8, 0, TimeSpan.FromHours(2));
        var c = TriagedFor("acct-ana", t);
        await db.Cases.AddAsync(c);

        var stored = (await db.Cases.GetStoredAsync(c.Id))!;
        var corrected = CaseSamples.RichTriage() with { Urgency = Urgency.Standard, UrgencyReasons = ["Surgery postponed"] };
        stored.Case.CorrectTriage(corrected, "coord:lee", t.AddHours(1), "Surgery was postponed by three months");
        stored.Case.AssignExpert("expert-a", "coord:lee", t.AddHours(2), "thoracic surgeon");
        stored.Case.AssignExpert("expert-b", "coord:lee", t.AddHours(3), "radiology re-read");
        await db.Cases.SaveAsync(stored.Case, stored.Version);

        var read = (await db.Cases.GetAsync(c.Id))!;
        Assert.Equal("acct-ana", read.PatientAccountId);
        Assert.Equal(CaseStatus.Assigned, read.Status);
        Assert.Equal(["expert-a", "expert-b"], read.AssignedExperts);
        Assert.Equal(stored.Case.Assignments.Select(a => (a.ExpertAccountId, a.Change, a.Actor, a.At.UtcTicks, a.Reason)), read.Assignments.Select(a => (a.ExpertAccountId, a.Change, a.Actor, a.At.UtcTicks, a.Reason)));
        Assert.True(read.Timeline[^1].IsNote);
        var correction = Assert.Single(read.TriageCorrections);
        Assert.Equal(("coord:lee", "Surgery was postponed by three months"), (correction.Actor, correction.Why));
        DeepAssert.Equal(corrected, read.Triage);
        DeepAssert.Equal(CaseSamples.RichTriage(), read.OriginalTriage);
        var summary = Assert.Single(await db.Cases.ListAsync());
        Assert.Equal(Urgency.Standard, summary.Urgency);
        Assert.Equal("acct-ana", summary.PatientAccountId);
    }

    [SkippableFact]
    public async Task GivenCasesOfTwoPatients_WhenListedForOne_ThenOnlyTheirsNewestFirst()
    {
        var db = await OpenAsync();
        var t = CaseSamples.At(2025, 1, 2, 8, 0, TimeSpan.Zero);
        var older = TriagedFor("acct-ana", t);
        var newer = TriagedFor("acct-ana", t.AddDays(1));
        var other = TriagedFor("acct-bo", t.AddDays(2));
        var unowned = new SecondOpinionCase(Guid.NewGuid(), CaseSamples.RichFile(), "import", t);
        await db.Cases.AddRangeAsync([older, newer, other, unowned]);

        var ana = await db.Cases.ListForPatientAsync("acct-ana");
        var bo = await db.Cases.ListForPatientAsync("acct-bo", CaseStatus.Triaged);
        var nobody = await db.Cases.ListForPatientAsync("acct-nobody");
        var anaDrafts = await db.Cases.ListForPatientAsync("acct-ana", CaseStatus.Draft);

        Assert.Equal([newer.Id, older.Id], ana.Select(s => s.Id));
        Assert.Equal([other.Id], bo.Select(s => s.Id));
        Assert.Empty(nobody);
        Assert.Empty(anaDrafts);
    }

    [SkippableFact]
    public async Task GivenPanelCase_WhenListedForEachExpert_ThenOnlyCasesTheyAreAssignedToNow()
    {
        var db = await OpenAsync();
        var t = CaseSamples.At(2025, 1, 2, 8, 0, TimeSpan.Zero);
        var first = TriagedFor("acct-ana", t);
        var second = TriagedFor("acct-bo", t.AddDays(1));
        first.AssignExpert("expert-a", "coord", t.AddHours(1), "lead");
        first.AssignExpert("expert-b", "coord", t.AddHours(2), "panel");
        second.AssignExpert("expert-a", "coord", t.AddDays(1).AddHours(1), "lead");
        await db.Cases.AddRangeAsync([first, second]);

        Assert.Equal([second.Id, first.Id], (await db.Cases.ListForExpertAsync("expert-a")).Select(s => s.Id));
        Assert.Equal([first.Id], (await db.Cases.ListForExpertAsync("expert-b")).Select(s => s.Id));
        Assert.Empty(await db.Cases.ListForExpertAsync("expert-c"));

        // Sent back to triage: its experts are released and no longer see it.
        var stored = (await db.Cases.GetStoredAsync(first.Id))!;
        stored.Case.MoveTo(CaseStatus.Triaged, "coord", t.AddHours(3), "reassign");
        stored.Case.AssignExpert("expert-c", "coord", t.AddHours(4), "replacement");
        await db.Cases.SaveAsync(stored.Case, stored.Version);

        Assert.Equal([second.Id], (await db.Cases.ListForExpertAsync("expert-a")).Select(s => s.Id));
        Assert.Empty(await db.Cases.ListForExpertAsync("expert-b"));
        Assert.Equal([first.Id], (await db.Cases.ListForExpertAsync("expert-c")).Select(s => s.Id));
        var access = (await db.Cases.GetAccessInfoAsync(first.Id))!;
        Assert.Equal(["expert-c"], access.AssignedExperts);
        Assert.True(access.IsOwnedBy("acct-ana"));
        Assert.False(access.IsOwnedBy("acct-bo"));
        Assert.True(access.IsAssignedTo("expert-c"));
        Assert.False(access.IsAssignedTo("expert-a"));
        Assert.Null(await db.Cases.GetAccessInfoAsync(Guid.NewGuid()));
    }

    [SkippableFact]
    public async Task GivenCaseWaitingForInformation_WhenRead_ThenThePatientIsToldWhatIsMissing()
    {
        var db = await OpenAsync();
        var t = CaseSamples.At(2025, 1, 2, 8, 0, TimeSpan.Zero);
        var c = TriagedFor("acct-ana", t);
        c.RequestInformation("The pathology report of the biopsy", "coord", t.AddHours(1));
        await db.Cases.AddAsync(c);

        var read = (await db.Cases.GetAsync(c.Id))!;

        Assert.Equal(CaseStatus.NeedsInformation, read.Status);
        Assert.Equal("The pathology report of the biopsy", read.MissingInformation);
        Assert.Equal(CaseStatus.Triaged, read.ResumesTo);
    }
}

public sealed class SqliteCaseWorkflowStorageTests : CaseWorkflowStorageContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlCaseWorkflowStorageTests : CaseWorkflowStorageContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
