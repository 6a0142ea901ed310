using Consilium.Storage.Audit;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Consilium.Web.Features.Documents;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Cli.Backup;

/// <summary>What the check after a restore found: the audit chain, and how many documents decrypt to the content they were stored with.</summary>
internal sealed record RestoreCheckResult(AuditVerification Audit, int DocumentsDecrypted, IReadOnlyList<string> DocumentFailures)
{
    public bool Passed => Audit.Intact && DocumentFailures.Count == 0;
}

/// <summary>
/// After a restore: verifies the audit trail's hash chain and decrypts every document with the restored key ring (Data Protection keys
/// from the restored database), checking each against the SHA-256 recorded when it was stored. The content is read and discarded.
/// </summary>
internal static class RestoreCheck
{
    public static async Task<RestoreCheckResult> RunAsync(StorageOptions target, IBackupProgress progress, CancellationToken ct)
    {
        await using var db = await ConsiliumDatabase.OpenAsync(target, cancellationToken: ct);
        var entries = await db.Audit.CountAsync(new AuditQuery(), ct);
        progress.Stage($"Verifying {entries} audit entries", Math.Max(entries, 1));
        long seen = 0;
        var audit = await db.Audit.VerifyAsync(new SynchronousProgress(n => { progress.Advance(n - seen); seen = n; }), ct);

        List<Guid> ids;
        await using (var context = db.CreateDbContext())
        {
            ids = await context.Documents.AsNoTracking().OrderBy(d => d.Id).Select(d => d.Id).ToListAsync(ct);
        }
        progress.Stage($"Decrypting {ids.Count} documents", Math.Max(ids.Count, 1));
        var failures = new List<string>();
        using var keys = StoredKeyRing.Open(target);
        var store = db.Documents(keys.Documents, DocumentStoreOptions.ForDataDirectory(target.DataDirectory));
        foreach (var id in ids)
        {
            try
            {
                await using var content = await store.OpenReadAsync(id, ct);
                await content.CopyToAsync(Stream.Null, ct);
            }
            catch (DocumentIntegrityException e)
            {
                failures.Add(e.Message);
            }
            progress.Advance(1);
        }
        return new RestoreCheckResult(audit, ids.Count - failures.Count, failures);
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool, out of order).</summary>
    private sealed class SynchronousProgress(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
