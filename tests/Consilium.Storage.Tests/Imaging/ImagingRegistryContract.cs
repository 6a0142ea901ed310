using Consilium.Domain.Imaging;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Imaging;

public abstract class ImagingRegistryContract : StoreContract
{
    private static ImagingStudy Study(string uid, int instances) => new(uid, "aeebd093-9e2f6090-05110e9e-19d5e828-2b905f17")
    {
        Modalities = ["CT", "MR"],
        BodyPart = "ABDOMEN",
        StudyDate = new DateOnly(2024, 3, 11),
        Description = "CT ABDOMEN",
        SeriesCount = 2,
        InstanceCount = instances,
        Series = [new ImagingSeries("1.2.3.1", "80ac8518-9a406290-87bfb3e1-c951612e-3c3046c2", "CT", "ABDOMEN", "AXIAL", 3), new ImagingSeries("1.2.3.2", "90ac8518-9a406290-87bfb3e1-c951612e-3c3046c2", "MR", "ABDOMEN", "T2", instances - 3)],
    };

    [SkippableFact]
    public async Task GivenAStudyUploadedTwiceToACase_WhenListed_ThenItIsLinkedOnceWithTheLatestCountsAndOnlyToThatCase()
    {
        var db = await OpenAsync();
        var a = await AddCaseAsync(db);
        var b = await AddCaseAsync(db);
        var at = CaseSamples.At(2025, 3, 1, 10, 0, TimeSpan.Zero);

        await db.Imaging.LinkAsync(a, [Study("1.2.3", 5)], "patient (p1)", at);
        await db.Imaging.LinkAsync(a, [Study("1.2.3", 7)], "patient (p1)", at.AddHours(1));
        var listed = Assert.Single(await db.Imaging.StudiesAsync(a));

        Assert.Equal(7, listed.Study.InstanceCount);
        Assert.Equal(["CT", "MR"], listed.Study.Modalities);
        Assert.Equal(new DateOnly(2024, 3, 11), listed.Study.StudyDate);
        Assert.Equal(["AXIAL", "T2"], listed.Study.Series.Select(s => s.Description));
        Assert.Equal(at.UtcTicks, listed.UploadedAt.UtcTicks);
        Assert.True(await db.Imaging.IsLinkedAsync(a, listed.Study.ArchiveId));
        Assert.True(await db.Imaging.IsLinkedByUidAsync(a, "1.2.3"));
        Assert.False(await db.Imaging.IsLinkedAsync(b, listed.Study.ArchiveId));
        Assert.Empty(await db.Imaging.StudiesAsync(b));
    }

    [SkippableFact]
    public async Task GivenFiledRereads_WhenRead_ThenEachKeepsItsContentAndTheDistributionCountsEveryScore()
    {
        var db = await OpenAsync();
        var a = await AddCaseAsync(db);
        var at = CaseSamples.At(2025, 3, 2, 9, 0, TimeSpan.Zero);
        var first = ImagingReread.File(a, "rad-1", ["1.2.3"], new ImagingRereadContent("Small nodule, right lower lobe.", "Benign-appearing.", "The original report missed the nodule.", RadpeerScore.Score2A), at);
        var second = ImagingReread.File(a, "rad-2", ["1.2.3"], new ImagingRereadContent("No acute finding.", "Normal.", "Concur.", RadpeerScore.Concur), at.AddHours(1));

        await db.Imaging.AddRereadAsync(second);
        await db.Imaging.AddRereadAsync(first);
        var rereads = await db.Imaging.RereadsAsync(a);
        var distribution = await db.Imaging.RadpeerDistributionAsync();

        Assert.Equal([first.Id, second.Id], rereads.Select(r => r.Id));
        Assert.Equal(first.Content, rereads[0].Content);
        Assert.Equal(["1.2.3"], rereads[0].StudyInstanceUids);
        Assert.Equal(5, distribution.Count);
        Assert.Equal((1, 1, 0), (distribution[RadpeerScore.Concur], distribution[RadpeerScore.Score2A], distribution[RadpeerScore.Score3B]));
    }
}

public sealed class SqliteImagingRegistryTests : ImagingRegistryContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlImagingRegistryTests : ImagingRegistryContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
