using Consilium.Domain.Opinions;
using Consilium.Storage.Opinions;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Opinions;

/// <summary>Opinions are stored with their drafts and signed versions; signed versions are only ever added; concurrent saves are refused.</summary>
public abstract class OpinionRegistryContract : StoreContract
{
    private const string Author = "expert-a";

    private static OpinionContent Content(string plan = "Laparoscopic right hemicolectomy.") => new(
        DiagnosisAgreement.Refined, "Adenocarcinoma of the ascending colon, cT3 N0", TreatmentAgreement.Modified, plan,
        "Watchful waiting is not advised.", "Yes, but through small incisions.", "Surgery is needed; a gentler technique is possible.");

    [SkippableFact]
    public async Task GivenDraft_WhenSavedSignedAmendedAndRead_ThenEveryVersionRoundTrips()
    {
        var db = await OpenAsync();
        var caseId = await AddCaseAsync(db);
        var opinion = new Opinion(Guid.NewGuid(), caseId, Author);
        opinion.SaveDraft(Content() with { RecommendedPlan = "" });
        Assert.Equal(1, await db.Opinions.SaveAsync(opinion));

        var read = (await db.Opinions.GetAsync(opinion.Id))!;
        Assert.Equal(opinion.Draft, read.Draft);
        read.SaveDraft(Content());
        var signedAt = CaseSamples.At(2025, 3, 1, 10, 0, TimeSpan.FromHours(1));
        read.Sign(Author, signedAt);
        Assert.Equal(2, await db.Opinions.SaveAsync(read));
        read.Amend(Content("Robotic right hemicolectomy."), "Robotic surgery is available locally.", Author, signedAt.AddDays(1));
        read.SaveDraft(Content("next thoughts"));
        Assert.Equal(3, await db.Opinions.SaveAsync(read));

        var final = (await db.Opinions.GetAsync(opinion.Id))!;
        Assert.Equal(2, final.Versions.Count);
        Assert.Equal(read.Versions.Select(v => (v.Number, v.Content, v.SignedBy, v.SignedAt.UtcTicks, v.ContentHash, v.AmendmentReason)),
            final.Versions.Select(v => (v.Number, v.Content, v.SignedBy, v.SignedAt.UtcTicks, v.ContentHash, v.AmendmentReason)));
        Assert.Equal(Content("next thoughts"), final.Draft);
        Assert.True(final.HasPendingAmendment);
        var forCase = Assert.Single(await db.Opinions.GetForCaseAsync(caseId));
        Assert.Equal(opinion.Id, forCase.Id);
        Assert.Empty(await db.Opinions.GetForCaseAsync(Guid.NewGuid()));
        Assert.Null(await db.Opinions.GetAsync(Guid.NewGuid()));
    }

    [SkippableFact]
    public async Task GivenTwoCopiesOfAnOpinion_WhenBothSaved_ThenTheSecondIsRefusedAndWritesNothing()
    {
        var db = await OpenAsync();
        var caseId = await AddCaseAsync(db);
        var opinion = new Opinion(Guid.NewGuid(), caseId, Author);
        opinion.SaveDraft(Content());
        await db.Opinions.SaveAsync(opinion);
        var first = (await db.Opinions.GetAsync(opinion.Id))!;
        var second = (await db.Opinions.GetAsync(opinion.Id))!;

        first.Sign(Author, CaseSamples.At(2025, 3, 1, 10, 0, TimeSpan.Zero));
        await db.Opinions.SaveAsync(first);
        second.SaveDraft(Content("overwrite"));

        await Assert.ThrowsAsync<OpinionConcurrencyException>(() => db.Opinions.SaveAsync(second));
        var stored = (await db.Opinions.GetAsync(opinion.Id))!;
        Assert.Single(stored.Versions);
        Assert.Null(stored.Draft);
    }

    [SkippableFact]
    public async Task GivenNewOpinionWithATakenId_WhenSaved_ThenRefused()
    {
        var db = await OpenAsync();
        var caseId = await AddCaseAsync(db);
        var id = Guid.NewGuid();
        await db.Opinions.SaveAsync(new Opinion(id, caseId, Author));

        await Assert.ThrowsAsync<OpinionConcurrencyException>(() => db.Opinions.SaveAsync(new Opinion(id, caseId, "expert-b")));
    }

    [SkippableFact]
    public async Task GivenSignedVersionAlteredInTheDatabase_WhenRead_ThenTheAlterationIsReported()
    {
        var db = await OpenAsync();
        var caseId = await AddCaseAsync(db);
        var opinion = new Opinion(Guid.NewGuid(), caseId, Author);
        opinion.SaveDraft(Content());
        opinion.Sign(Author, CaseSamples.At(2025, 3, 1, 10, 0, TimeSpan.Zero));
        await db.Opinions.SaveAsync(opinion);

        var json = OpinionJson.Serialize(Content("altered by hand"));
        var cast = db.Provider == Consilium.Storage.Configuration.StorageProvider.PostgreSql ? "::jsonb" : string.Empty;
        Assert.Equal(1, await ExecuteSqlAsync(db, "UPDATE opinion_versions SET content = {0}" + cast, json));

        var e = await Assert.ThrowsAsync<Consilium.Domain.Cases.DomainRuleException>(() => db.Opinions.GetAsync(opinion.Id));
        Assert.Contains("version 1 does not match its content hash", e.Message, StringComparison.Ordinal);
    }
}

public sealed class SqliteOpinionRegistryTests : OpinionRegistryContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlOpinionRegistryTests : OpinionRegistryContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
