using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;
using Consilium.Storage.Opinions;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Opinions;

/// <summary>Structured opinions, tumour boards and follow-up slots are stored and read back exactly; concurrent changes are refused.</summary>
public abstract class StructuredOpinionStorageContract : StoreContract
{
    private static readonly BoardMember[] Members = [new("onc", "Dr Onco"), new("rad", "Dr Radio"), new("path", "Dr Patho")];

    private static OpinionContent Structured() => new(
        DiagnosisAgreement.Refined, "Adenocarcinoma, stage IIB", TreatmentAgreement.Modified, "Neoadjuvant chemotherapy, then surgery.", null,
        "Yes, but after chemotherapy.", "Treatment first, then the operation.",
        [
            new SituationSection(SituationCode.Cancer,
                OpinionTemplates.Cancer.Questions.ToDictionary(q => q.Key, q => q.IsChoice ? q.Choices![^1].Value : $"Ü {q.Key} — ok"),
                [new TrialToConsider("NCT01234567", "Neoadjuvant trial", "Eligible if ECOG 0–1")]),
        ],
        new BoardRecord(new DateOnly(2025, 3, 4), ["Dr Onco", "Dr Radio"], [new("onc", "Dr Onco", "Chemo first.")], "Chemo, then surgery.", [new("Dr Radio", "Re-image first.")]));

    [SkippableFact]
    public async Task GivenAStructuredBoardOpinion_WhenSignedStoredAndRead_ThenSectionsTrialsAndBoardRoundTripWithTheSameHash()
    {
        var db = await OpenAsync();
        var caseId = await AddCaseAsync(db);
        var opinion = new Opinion(Guid.NewGuid(), caseId, "onc");
        opinion.SaveDraft(Structured());
        var version = opinion.Sign("onc", CaseSamples.At(2025, 3, 5, 10, 0, TimeSpan.Zero), [SituationCode.Cancer]);
        await db.Opinions.SaveAsync(opinion);

        var read = (await db.Opinions.GetAsync(opinion.Id))!;

        Assert.Equal(version.ContentHash, read.Current!.ContentHash);
        Assert.Equal(Structured(), read.Current.Content);
        Assert.Equal("Eligible if ECOG 0–1", read.Current.Content.Section(SituationCode.Cancer)!.Trials![0].Note);
        Assert.Equal(new DateOnly(2025, 3, 4), read.Current.Content.Board!.DiscussedOn);
        Assert.Equal([opinion.Id], (await db.Opinions.ListSignedAsync()).Select(o => o.Id));
    }

    [SkippableFact]
    public async Task GivenABoard_WhenSectionsAndSignOffsAreSavedAndRead_ThenTheyRoundTripAndAStaleCopyIsRefused()
    {
        var db = await OpenAsync();
        var caseId = await AddCaseAsync(db);
        var opinion = new Opinion(Guid.NewGuid(), caseId, "onc");
        await db.Opinions.SaveAsync(opinion);
        var board = new TumourBoard(Guid.NewGuid(), caseId, opinion.Id, "onc", Members);
        await db.TumourBoards.SaveAsync(board);

        var first = (await db.TumourBoards.GetForOpinionAsync(opinion.Id))!;
        var second = Assert.Single(await db.TumourBoards.GetForCaseAsync(caseId));
        first.WriteSection("rad", "No nodes seen.");
        first.SignOff("rad", "abc", CaseSamples.At(2025, 3, 5, 10, 0, TimeSpan.FromHours(1)));
        await db.TumourBoards.SaveAsync(first);
        second.WriteSection("path", "Overwrite attempt.");

        await Assert.ThrowsAsync<OpinionConcurrencyException>(() => db.TumourBoards.SaveAsync(second));
        var stored = (await db.TumourBoards.GetForOpinionAsync(opinion.Id))!;
        Assert.Equal(Members, stored.Members);
        Assert.Equal("No nodes seen.", Assert.Single(stored.Sections).Value);
        var signOff = Assert.Single(stored.SignOffs);
        Assert.Equal(("rad", "abc"), (signOff.MemberAccountId, signOff.ContentHash));
        Assert.Equal(CaseSamples.At(2025, 3, 5, 10, 0, TimeSpan.FromHours(1)).UtcTicks, signOff.At.UtcTicks);
        await Assert.ThrowsAsync<OpinionConcurrencyException>(() => db.TumourBoards.SaveAsync(new TumourBoard(Guid.NewGuid(), caseId, opinion.Id, "onc", Members)));
    }

    [SkippableFact]
    public async Task GivenAnOfferedSlot_WhenTwoPatientsBookIt_ThenTheFirstGetsItAndTheSecondIsRefused()
    {
        var db = await OpenAsync();
        var caseId = await AddCaseAsync(db);
        var slot = new FollowUpSlot(Guid.NewGuid(), caseId, "onc", CaseSamples.At(2025, 4, 1, 9, 0, TimeSpan.Zero), 30);
        await db.FollowUpSlots.OfferAsync(slot);
        var now = CaseSamples.At(2025, 3, 20, 9, 0, TimeSpan.Zero);

        var booked = await db.FollowUpSlots.BookAsync(caseId, slot.Id, "patient-1", now);
        var e = await Assert.ThrowsAsync<DomainRuleException>(() => db.FollowUpSlots.BookAsync(caseId, slot.Id, "patient-2", now));

        Assert.Contains("already booked", e.Message, StringComparison.Ordinal);
        Assert.Equal("patient-1", Assert.Single(await db.FollowUpSlots.ListForCaseAsync(caseId)).BookedBy);
        Assert.Equal("patient-1", booked.BookedBy);
        await Assert.ThrowsAsync<DomainRuleException>(() => db.FollowUpSlots.BookAsync(Guid.NewGuid(), slot.Id, "patient-1", now));
        await Assert.ThrowsAsync<ArgumentException>(() => db.FollowUpSlots.OfferAsync(slot with { Id = Guid.NewGuid(), Minutes = 1 }));
    }
}

public sealed class SqliteStructuredOpinionStorageTests : StructuredOpinionStorageContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlStructuredOpinionStorageTests : StructuredOpinionStorageContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
