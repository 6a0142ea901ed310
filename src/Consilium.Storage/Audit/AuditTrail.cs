using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Audit;

/// <summary>
/// The append-only audit trail: every view, download, change and sign-off of patient data. Each entry is chained to the one before
/// by hash (<see cref="AuditEntry.Hash"/> covers its fields and <see cref="AuditEntry.PreviousHash"/>), so that altering, deleting
/// or reordering stored entries is found by <see cref="VerifyAsync"/>. Appends are serialised across processes (a PostgreSQL advisory
/// lock held by the appending transaction; SQLite's write lock, taken at the start of the transaction), so that two web nodes
/// writing at once cannot fork the chain. Safe to share.
/// </summary>
public sealed class AuditTrail
{
    /// <summary>The <see cref="AuditEntry.PreviousHash"/> of the first entry.</summary>
    public const string GenesisHash = "0000000000000000000000000000000000000000000000000000000000000000";

    /// <summary>The most entries one <see cref="QueryAsync"/> returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>The key of the PostgreSQL advisory lock that serialises appends ("CNSLAUDT").</summary>
    internal const long PostgreSqlLockKey = 0x434E534C41554454;


    private readonly Func<ConsiliumDbContext> _contexts;
    private readonly StorageProvider _provider;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentQueue<PendingAppend> _waiting = new();

    /// <summary>How many entries <see cref="VerifyAsync"/> reads at a time (and how often it reports progress).</summary>
    internal int VerifyBatchSize { get; set; } = 2000;

    public AuditTrail(Func<ConsiliumDbContext> contexts, StorageProvider provider, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(time);
        _contexts = contexts;
        _provider = provider;
        _time = time;
    }

    /// <summary>The most entries one append transaction writes (callers that arrive while one is written go in the next).</summary>
    internal const int MaxBatch = 256;

    /// <summary>
    /// Records <paramref name="e"/> as the next entry of the chain, timed now; returns the stored entry once it is committed.
    /// Appends from this process take turns on an async gate (no thread blocks on the database's lock), and whoever holds the
    /// gate writes every entry waiting by then in ONE transaction, in arrival order (group commit): under load many views cost
    /// one commit instead of one commit and one lock wait each. A failed transaction fails every entry in it (none is kept).
    /// Inside <see cref="ConsiliumDatabase.InTransactionAsync"/> the entry is written at once in that shared transaction
    /// instead, never batched with other callers' entries: it commits, or not, with the change it records.
    /// </summary>
    public async Task<AuditEntry> AppendAsync(AuditEvent e, CancellationToken ct = default)
    {
        Check(e);
        ct.ThrowIfCancellationRequested();
        await using (var shared = _contexts())
        {
            if (shared.Shared is not null)
            {
                return ToEntry((await WriteAsync(shared, [e], ct))[0]);
            }
        }
        var pending = new PendingAppend(e);
        _waiting.Enqueue(pending);
        // Not cancellable once queued: another caller's batch may already be writing this entry.
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!pending.Stored.Task.IsCompleted)
            {
                await WriteWaitingAsync();
            }
        }
        finally
        {
            _gate.Release();
        }
        return await pending.Stored.Task;
    }

    private async Task WriteWaitingAsync()
    {
        var batch = new List<PendingAppend>();
        while (batch.Count < MaxBatch && _waiting.TryDequeue(out var next))
        {
            batch.Add(next);
        }
        try
        {
            await using var db = _contexts();
            var rows = await WriteAsync(db, [.. batch.Select(p => p.Event)], CancellationToken.None);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Stored.SetResult(ToEntry(rows[i]));
            }
        }
#pragma warning disable CA1031 // every caller in the batch gets the failure of the one transaction that held their entries
        catch (Exception failure)
#pragma warning restore CA1031
        {
            foreach (var p in batch)
            {
                p.Stored.SetException(failure);
            }
        }
    }

    /// <summary>Writes <paramref name="events"/> as the next entries of the chain in <paramref name="db"/>'s transaction (its own, or the shared one it joins).</summary>
    private async Task<List<AuditEntryRow>> WriteAsync(ConsiliumDbContext db, IReadOnlyList<AuditEvent> events, CancellationToken ct)
    {
        // SQLite: Microsoft.Data.Sqlite begins with BEGIN IMMEDIATE, which takes the database's write lock now (other appenders wait).
        await using var transaction = await StepTransaction.BeginAsync(db, ct);
        if (_provider == StorageProvider.PostgreSql)
        {
            // Released at commit or rollback. Whoever holds it reads the head and writes the next entries; other nodes wait.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({PostgreSqlLockKey})", ct);
        }
        var head = await db.AuditEntries.AsNoTracking()
            .OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.Hash })
            .FirstOrDefaultAsync(ct);
        var sequence = head?.Sequence ?? 0;
        var previous = head?.Hash ?? GenesisHash;
        var at = Truncate(_time.GetUtcNow());
        var rows = new List<AuditEntryRow>(events.Count);
        foreach (var e in events)
        {
            sequence++;
            var hash = ComputeHash(sequence, at, e.Actor, e.Action, e.CaseId, e.Resource, e.Detail, e.RemoteAddress, previous);
            rows.Add(new AuditEntryRow
            {
                Sequence = sequence,
                At = at,
                Actor = e.Actor,
                Action = e.Action,
                CaseId = e.CaseId,
                Resource = e.Resource,
                Detail = e.Detail,
                RemoteAddress = e.RemoteAddress,
                PreviousHash = previous,
                Hash = hash,
            });
            previous = hash;
        }
        db.AuditEntries.AddRange(rows);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return rows;
    }

    /// <summary>An entry waiting for its turn to be written, and the caller's way to hear that it was.</summary>
    private sealed class PendingAppend(AuditEvent e)
    {
        public AuditEvent Event { get; } = e;

        public TaskCompletionSource<AuditEntry> Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>The entries that match <paramref name="q"/>, newest first.</summary>
    public async Task<IReadOnlyList<AuditEntry>> QueryAsync(AuditQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(q);
        ArgumentOutOfRangeException.ThrowIfNegative(q.Skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(q.Take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q.Take, MaxPageSize);
        await using var db = _contexts();
        var query = Filter(db.AuditEntries.AsNoTracking(), q);
        var rows = await query.OrderByDescending(r => r.Sequence).Skip(q.Skip).Take(q.Take).ToListAsync(ct);
        return rows.Select(ToEntry).ToList();
    }

    /// <summary>How many entries match <paramref name="q"/> (its Skip and Take are ignored).</summary>
    public async Task<long> CountAsync(AuditQuery q, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(q);
        await using var db = _contexts();
        return await Filter(db.AuditEntries.AsNoTracking(), q).LongCountAsync(ct);
    }

    /// <summary>
    /// Checks the whole chain, oldest first: the sequence has no gaps, each entry's hash matches its contents, and each entry's
    /// previous hash is the hash of the entry before. Stops at the first entry at fault and names it. Reports the number of entries
    /// checked so far to <paramref name="progress"/> as it goes. Reads in batches (memory stays flat for long chains).
    /// </summary>
    public async Task<AuditVerification> VerifyAsync(IProgress<long>? progress = null, CancellationToken ct = default)
    {
        await using var db = _contexts();
        var previous = GenesisHash;
        long expected = 1;
        long checkedCount = 0;
        var lastSequence = 0L;
        while (true)
        {
            var after = lastSequence;
            var batch = await db.AuditEntries.AsNoTracking()
                .Where(r => r.Sequence > after)
                .OrderBy(r => r.Sequence)
                .Take(VerifyBatchSize)
                .ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var row in batch)
            {
                if (row.Sequence != expected)
                {
                    var problem = row.Sequence > expected
                        ? (expected == row.Sequence - 1
                            ? $"entry {expected} is missing: the chain goes from entry {expected - 1} to entry {row.Sequence}"
                            : $"entries {expected} to {row.Sequence - 1} are missing: the chain goes from entry {expected - 1} to entry {row.Sequence}")
                        : $"entry {row.Sequence} is out of order after entry {expected - 1}";
                    return Broken(checkedCount, expected, problem);
                }
                var actual = ComputeHash(row.Sequence, row.At, row.Actor, row.Action, row.CaseId, row.Resource, row.Detail, row.RemoteAddress, row.PreviousHash);
                if (!string.Equals(actual, row.Hash, StringComparison.Ordinal))
                {
                    return Broken(checkedCount, row.Sequence, $"entry {row.Sequence} was altered: its contents no longer match its hash (stored {Short(row.Hash)}, computed {Short(actual)})");
                }
                if (!string.Equals(row.PreviousHash, previous, StringComparison.Ordinal))
                {
                    var what = row.Sequence == 1
                        ? "entry 1 does not start the chain: its previous hash is not the genesis hash"
                        : $"entry {row.Sequence} does not follow entry {row.Sequence - 1}: its previous hash is {Short(row.PreviousHash)} but entry {row.Sequence - 1} hashes to {Short(previous)} (entry {row.Sequence - 1} was altered or replaced, or the entries were reordered)";
                    return Broken(checkedCount, row.Sequence, what);
                }
                previous = row.Hash;
                expected++;
                checkedCount++;
            }
            lastSequence = batch[^1].Sequence;
            progress?.Report(checkedCount);
        }
        return new AuditVerification(true, checkedCount, null, null) { LastHash = checkedCount == 0 ? null : previous };
    }

    /// <summary>
    /// The hash of an entry: SHA-256 (lowercase hex) of the UTF-8 JSON array
    /// <c>[sequence, "at as yyyy-MM-ddTHH:mm:ss.ffffffZ", actor, action, caseId|null, resource, detail|null, remoteAddress|null, previousHash]</c>.
    /// Never change it: every stored hash depends on it.
    /// </summary>
    public static string ComputeHash(long sequence, DateTimeOffset at, string actor, string action, Guid? caseId, string resource, string? detail, string? remoteAddress, string previousHash)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(sequence);
            writer.WriteStringValue(at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture));
            writer.WriteStringValue(actor);
            writer.WriteStringValue(action);
            if (caseId is { } id)
            {
                writer.WriteStringValue(id.ToString("D"));
            }
            else
            {
                writer.WriteNullValue();
            }
            writer.WriteStringValue(resource);
            writer.WriteStringValue(detail);
            writer.WriteStringValue(remoteAddress);
            writer.WriteStringValue(previousHash);
            writer.WriteEndArray();
        }
        return Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static AuditVerification Broken(long checkedCount, long sequence, string problem) =>
        new(false, checkedCount, sequence, problem);

    private static string Short(string hash) => hash.Length > 12 ? hash[..12] + "…" : hash;

    /// <summary>PostgreSQL keeps microseconds; the hash is taken over what every provider stores exactly.</summary>
    private static DateTimeOffset Truncate(DateTimeOffset at)
    {
        var utc = at.UtcTicks;
        return new DateTimeOffset(utc - (utc % 10), TimeSpan.Zero);
    }

    private static IQueryable<AuditEntryRow> Filter(IQueryable<AuditEntryRow> query, AuditQuery q)
    {
        if (q.CaseId is { } caseId)
        {
            query = query.Where(r => r.CaseId == caseId);
        }
        if (!string.IsNullOrEmpty(q.Actor))
        {
            query = query.Where(r => r.Actor == q.Actor);
        }
        if (!string.IsNullOrEmpty(q.ActorContains))
        {
            // A parameter, never SQL text: LIKE wildcards (% _) and quotes in it are matched literally.
            var part = q.ActorContains;
            query = query.Where(r => r.Actor.Contains(part));
        }
        if (!string.IsNullOrEmpty(q.Action))
        {
            query = query.Where(r => r.Action == q.Action);
        }
        if (q.From is { } from)
        {
            query = query.Where(r => r.At >= from);
        }
        if (q.To is { } to)
        {
            query = query.Where(r => r.At < to);
        }
        return query;
    }

    private static void Check(AuditEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (string.IsNullOrWhiteSpace(e.Actor) || string.IsNullOrWhiteSpace(e.Action) || string.IsNullOrWhiteSpace(e.Resource))
        {
            throw new ArgumentException("An audit event needs an actor, an action and a resource.", nameof(e));
        }
        if (e.Actor.Length > 256 || e.Action.Length > 128 || e.Resource.Length > 512 || e.RemoteAddress is { Length: > 64 })
        {
            throw new ArgumentException("An audit event field is too long (actor 256, action 128, resource 512, remote address 64 characters).", nameof(e));
        }
    }

    private static AuditEntry ToEntry(AuditEntryRow r) =>
        new(r.Sequence, r.At, r.Actor, r.Action, r.CaseId, r.Resource, r.Detail, r.RemoteAddress, r.PreviousHash, r.Hash);
}
