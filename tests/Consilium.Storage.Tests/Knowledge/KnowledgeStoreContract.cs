using Consilium.Storage.Knowledge;
using Consilium.Storage.Tests.Support;

namespace Consilium.Storage.Tests.Knowledge;

/// <summary>Reference knowledge imported once (<c>consilium knowledge import</c>): every version kept, the latest per kind in use.</summary>
public abstract class KnowledgeStoreContract : StoreContract
{
    private static StoredKnowledge Source(string kind, string sha, string version, params byte[] content) =>
        new(kind, $"{kind} source", version, sha, ["a/file.xml", "b/file.tsv"], DateTimeOffset.MinValue, null, content);

    [SkippableFact]
    public async Task GivenSourcesImported_WhenReadBack_ThenContentVersionFilesAndWhoAreKept()
    {
        var db = await OpenAsync();
        var store = new KnowledgeStore(db.CreateDbContext, Time);

        var added = await store.SaveAsync([Source("thesaurus", "aaa", "2016-09", 1, 2, 3), Source("cpic", "bbb", "CPIC v1.30.0", 4, 5)], "operator:1");

        Assert.Equal(2, added);
        var latest = await store.LatestAsync();
        Assert.Equal(["cpic", "thesaurus"], latest.Select(k => k.Kind));
        var thesaurus = latest.Single(k => k.Kind == "thesaurus");
        Assert.Equal([1, 2, 3], thesaurus.Content);
        Assert.Equal("2016-09", thesaurus.Version);
        Assert.Equal(["a/file.xml", "b/file.tsv"], thesaurus.Files);
        Assert.Equal("operator:1", thesaurus.ImportedBy);
        Assert.Equal(Time.GetUtcNow(), thesaurus.ImportedAt);
    }

    [SkippableFact]
    public async Task GivenTheSameFilesImportedTwice_WhenSaved_ThenNothingNewIsStored()
    {
        var db = await OpenAsync();
        var store = new KnowledgeStore(db.CreateDbContext, Time);
        await store.SaveAsync([Source("thesaurus", "aaa", "2016-09", 1)]);

        Assert.Equal(0, await store.SaveAsync([Source("thesaurus", "aaa", "2016-09", 1)]));
        Assert.Single(await store.VersionsAsync());
    }

    [SkippableFact]
    public async Task GivenANewerVersion_WhenImported_ThenItIsInUseAndTheOldOneIsKept()
    {
        var db = await OpenAsync();
        var store = new KnowledgeStore(db.CreateDbContext, Time);
        await store.SaveAsync([Source("cpic", "old", "CPIC v1.29.0", 1)]);
        Time.Now = Time.Now.AddDays(30);
        await store.SaveAsync([Source("cpic", "new", "CPIC v1.30.0", 2)]);

        var latest = Assert.Single(await store.LatestAsync());
        Assert.Equal("CPIC v1.30.0", latest.Version);
        Assert.Equal([2], latest.Content);
        var versions = await store.VersionsAsync();
        Assert.Equal(["CPIC v1.30.0", "CPIC v1.29.0"], versions.Select(v => v.Version));
        Assert.All(versions, v => Assert.Empty(v.Content));
    }
}

public sealed class SqliteKnowledgeStoreTests : KnowledgeStoreContract
{
    internal override Task<ITestStore> CreateStoreAsync() => Task.FromResult<ITestStore>(new SqliteTestStore());
}

public sealed class PostgreSqlKnowledgeStoreTests : KnowledgeStoreContract
{
    internal override async Task<ITestStore> CreateStoreAsync() => await PostgreSqlTestStore.CreateAsync();
}
