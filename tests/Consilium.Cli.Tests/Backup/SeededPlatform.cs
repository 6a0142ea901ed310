using System.Security.Cryptography;
using Consilium.Storage.Audit;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Consilium.Web;
using Consilium.Web.Features.Documents;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Consilium.Cli.Tests.Backup;

/// <summary>A document as uploaded: its id and the plaintext it must decrypt to.</summary>
internal sealed record SeededDocument(Guid Id, byte[] Content);

/// <summary>
/// Data for the backup tests, written by the real web platform (built, not started): the demo accounts and cases, and documents uploaded
/// to those cases through the platform's own encrypted store (data keys wrapped with Data Protection keys kept in the database).
/// </summary>
internal static class SeededPlatform
{
    public static async Task<IReadOnlyList<SeededDocument>> SeedAsync(StorageOptions storage, int documents, int seed)
    {
        var app = await ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings
        {
            Urls = "http://127.0.0.1:0",
            Storage = storage,
            Demo = true,
            DemoOutput = TextWriter.Null,
            EnvironmentName = "Testing",
            Overrides = new Dictionary<string, string?> { ["Consilium:Imaging:Orthanc"] = "Off" },
        });
        await using (app)
        {
            var db = app.Services.GetRequiredService<ConsiliumDatabase>();
            var store = app.Services.GetRequiredService<DocumentStore>();
            List<Guid> cases;
            await using (var context = db.CreateDbContext())
            {
                cases = await context.Cases.AsNoTracking().OrderBy(c => c.Id).Select(c => c.Id).ToListAsync();
            }
            var random = new Random(seed);
            var stored = new List<SeededDocument>();
            for (var i = 0; i < documents; i++)
            {
                // Plain-text records of different lengths; every fourth spans several encrypted segments.
                var length = i % 4 == 3 ? 300_000 + random.Next(200_000) : 200 + random.Next(5_000);
                var content = new byte[length];
                for (var b = 0; b < length; b++)
                {
                    content[b] = (byte)(b % 64 == 63 ? '\n' : 'a' + random.Next(26));
                }
                var caseId = cases[i % cases.Count];
                var document = await store.StoreAsync(new DocumentUpload(caseId, $"record-{i}.txt", "seed", "text/plain"), new MemoryStream(content));
                await db.Audit.AppendAsync(new AuditEvent("seed", "document.upload", caseId, $"Document/{document.Id}", null, null));
                stored.Add(new SeededDocument(document.Id, content));
            }
            return stored;
        }
    }

    /// <summary>Reads every seeded document back from <paramref name="storage"/> with the key ring stored in that database.</summary>
    public static async Task AssertEveryDocumentDecryptsAsync(StorageOptions storage, IReadOnlyList<SeededDocument> documents)
    {
        await using var db = await ConsiliumDatabase.OpenAsync(storage);
        using var keys = StoredKeyRing.Open(storage);
        var store = db.Documents(keys.Documents, DocumentStoreOptions.ForDataDirectory(storage.DataDirectory));
        foreach (var document in documents)
        {
            await using var content = await store.OpenReadAsync(document.Id);
            using var copy = new MemoryStream();
            await content.CopyToAsync(copy);
            Assert.True(SHA256.HashData(copy.ToArray()).AsSpan().SequenceEqual(SHA256.HashData(document.Content)), $"document {document.Id} decrypts to other bytes");
        }
    }
}
