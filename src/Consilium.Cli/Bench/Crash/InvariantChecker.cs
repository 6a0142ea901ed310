using System.Security.Cryptography;
using Consilium.Domain.Cases;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Cli.Bench.Crash;

/// <summary>
/// Checks, straight in the database and the document folder (through Consilium.Storage, with the server's own key protector),
/// what a crash must never leave behind. Problems are remembered by a key, so one lost write or half-written change is counted
/// once however many iterations still see it.
/// </summary>
internal sealed class InvariantChecker(ConsiliumDatabase database, DocumentStore documents, string documentDirectory, string mailDirectory)
{
    /// <summary>The subject of the expert's mail on assignment and of the patient's on delivery (Consilium.Web's wording).</summary>
    internal const string AssignedSubject = "A case has been assigned to you";
    internal const string DeliveredSubject = "Your second opinion is ready";

    private readonly HashSet<Guid> _decrypted = [];

    public SortedDictionary<string, string> Lost { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Partial { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> AuditBreaks { get; } = new(StringComparer.Ordinal);

    public SortedDictionary<string, string> Deliveries { get; } = new(StringComparer.Ordinal);

    /// <summary>Turnaround reminders recorded so far (the timer runs every second in the bench, with turnarounds of zero days).</summary>
    public int Reminders { get; private set; }

    /// <summary>One pass over everything, after a restart. <paramref name="iteration"/> names where a problem was first seen.</summary>
    public async Task CheckAsync(int iteration, AcknowledgedWrites acknowledged, CancellationToken ct)
    {
        await using var db = database.CreateDbContext();
        var cases = await db.Cases.AsNoTracking().Select(c => new { c.Id, c.Status }).ToDictionaryAsync(c => c.Id, c => c.Status, ct);
        var owners = (await db.Cases.AsNoTracking().Where(c => c.PatientAccountId != null).Select(c => c.Id).ToListAsync(ct)).ToHashSet();
        var events = (await db.CaseEvents.AsNoTracking().Select(e => new { e.CaseId, e.Reason }).ToListAsync(ct))
            .ToLookup(e => e.CaseId, e => e.Reason);
        var experts = await db.CaseExperts.AsNoTracking().Select(e => new { e.CaseId, e.ExpertAccountId }).ToListAsync(ct);
        var rows = await db.Documents.AsNoTracking().Select(d => new { d.Id, d.CaseId, d.Sha256 }).ToListAsync(ct);
        var opinions = await db.Opinions.AsNoTracking().Select(o => new { o.Id, o.CaseId, o.AuthorAccountId, HasDraft = o.Draft != null }).ToListAsync(ct);
        var versions = await db.OpinionVersions.AsNoTracking().Select(v => new { v.OpinionId, v.Number, v.ContentHash }).ToListAsync(ct);
        var audit = await db.AuditEntries.AsNoTracking()
            .Where(a => a.Action == "case.create" || a.Action == "case.assign" || a.Action == "document.upload" || a.Action == "opinion.sign" || a.Action == "opinion.amend")
            .Select(a => new { a.Action, a.CaseId, a.Resource, a.Detail })
            .ToListAsync(ct);
        var assignedMail = await db.OutboxMail.CountAsync(m => m.Subject == AssignedSubject, ct);
        var deliveredMail = await db.OutboxMail.CountAsync(m => m.Subject == DeliveredSubject, ct);

        // 1. Every acknowledged write is there.
        foreach (var (id, source) in acknowledged.Cases)
        {
            Require(Lost, cases.ContainsKey(id), $"case {id}", $"iteration {iteration}: case {id} ({source}) was acknowledged but is not stored");
        }
        foreach (var id in acknowledged.Submitted.Keys)
        {
            Require(Lost, cases.TryGetValue(id, out var s) && s != CaseStatus.Draft, $"submit {id}", $"iteration {iteration}: case {id} was sent (acknowledged) but is stored as a draft or not at all");
        }
        var documentIds = rows.ToDictionary(r => r.Id);
        foreach (var d in acknowledged.Documents.Values)
        {
            Require(Lost, documentIds.TryGetValue(d.Id, out var row) && row.CaseId == d.CaseId, $"document {d.Id}", $"iteration {iteration}: document {d.Id} ({d.FileName}) of case {d.CaseId} was acknowledged but is not stored");
            if (row is not null)
            {
                Require(Partial, row.Sha256 == d.Sha256, $"document-content {d.Id}", $"iteration {iteration}: document {d.Id} is stored with other content than was uploaded");
            }
        }
        var assigned = experts.Select(e => (e.CaseId, e.ExpertAccountId)).ToHashSet();
        foreach (var (caseId, expertId) in acknowledged.Assignments.Keys)
        {
            Require(Lost, assigned.Contains((caseId, expertId)), $"assignment {caseId} {expertId}", $"iteration {iteration}: the assignment of expert {expertId} to case {caseId} was acknowledged but is not stored");
        }
        var byAuthor = opinions.ToDictionary(o => (o.CaseId, o.AuthorAccountId));
        var signedOpinions = versions.Select(v => v.OpinionId).ToHashSet();
        foreach (var key in acknowledged.Drafts.Keys)
        {
            Require(Lost, byAuthor.ContainsKey(key), $"draft {key.CaseId} {key.ExpertId}", $"iteration {iteration}: the opinion draft of {key.ExpertId} on case {key.CaseId} was acknowledged but is not stored");
        }
        foreach (var key in acknowledged.Signatures.Keys)
        {
            Require(Lost, byAuthor.TryGetValue(key, out var o) && signedOpinions.Contains(o.Id), $"sign {key.CaseId} {key.ExpertId}", $"iteration {iteration}: the signed opinion of {key.ExpertId} on case {key.CaseId} was acknowledged but is not stored");
        }

        // 2. Nothing half-written is visible, acknowledged or not.
        var created = audit.Where(a => a.Action == "case.create").Select(a => a.CaseId).ToHashSet();
        foreach (var id in cases.Keys)
        {
            Require(Partial, created.Contains(id), $"case-audit {id}", $"iteration {iteration}: case {id} is stored without its case.create audit entry");
        }
        var uploads = audit.Where(a => a.Action == "document.upload").Select(a => a.Resource).ToHashSet(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            Require(Partial, uploads.Contains($"Document/{row.Id}"), $"document-audit {row.Id}", $"iteration {iteration}: document {row.Id} is stored without its document.upload audit entry");
            Require(Partial, cases.ContainsKey(row.CaseId), $"document-case {row.Id}", $"iteration {iteration}: document {row.Id} belongs to case {row.CaseId}, which is not stored");
            if (!File.Exists(documents.FinalPath(row.Id)))
            {
                Require(Partial, false, $"document-file {row.Id}", $"iteration {iteration}: document {row.Id} has a row but no encrypted file");
            }
            else if (!_decrypted.Contains(row.Id))
            {
                var problem = await ReadProblemAsync(row.Id, row.Sha256, ct);
                Require(Partial, problem is null, $"document-file {row.Id}", $"iteration {iteration}: document {row.Id}'s file does not decrypt: {problem}");
                if (problem is null)
                {
                    _decrypted.Add(row.Id);
                }
            }
        }
        foreach (var orphan in Leftovers(documentIds.Keys.ToHashSet()))
        {
            Require(Partial, false, $"orphan {orphan}", $"iteration {iteration}: {orphan} is in the document folder without a row after the restart");
        }
        var assignAudit = audit.Where(a => a.Action == "case.assign").Select(a => (a.CaseId, a.Detail)).ToList();
        foreach (var (caseId, expertId) in assigned)
        {
            Require(Partial, events[caseId].Any(r => r.Contains(expertId, StringComparison.Ordinal)), $"assignment-timeline {caseId} {expertId}",
                $"iteration {iteration}: expert {expertId} is assigned to case {caseId} without the timeline event");
            Require(Partial, assignAudit.Any(a => a.CaseId == caseId && a.Detail?.Contains(expertId, StringComparison.Ordinal) == true), $"assignment-audit {caseId} {expertId}",
                $"iteration {iteration}: expert {expertId} is assigned to case {caseId} without its case.assign audit entry");
        }
        var signAudit = audit.Where(a => a.Action is "opinion.sign" or "opinion.amend").Select(a => a.Detail ?? "").ToList();
        // Only a case with a patient account (the intake's) has someone to tell; a case from the API has none.
        var toldPatients = audit.Count(a => a.Action is "opinion.sign" or "opinion.amend" && a.CaseId is { } id && owners.Contains(id));
        var opinionCase = opinions.ToDictionary(o => o.Id, o => o.CaseId);
        foreach (var v in versions)
        {
            Require(Partial, signAudit.Any(d => d.Contains(v.ContentHash, StringComparison.Ordinal)), $"sign-audit {v.OpinionId} {v.Number}",
                $"iteration {iteration}: opinion {v.OpinionId} version {v.Number} is signed without its audit entry (sha256 {v.ContentHash})");
            var delivered = opinionCase.TryGetValue(v.OpinionId, out var caseId) && cases.TryGetValue(caseId, out var status)
                && status is CaseStatus.OpinionDelivered or CaseStatus.FollowUp or CaseStatus.Closed;
            Require(Partial, delivered, $"sign-case {v.OpinionId}", $"iteration {iteration}: opinion {v.OpinionId} is signed but its case was not delivered");
        }
        Require(Partial, assignedMail == assignAudit.Count, $"assign-mail {iteration}",
            $"iteration {iteration}: {assignAudit.Count} assignments are audited but {assignedMail} assignment mails are queued");
        Require(Partial, deliveredMail == toldPatients, $"sign-mail {iteration}",
            $"iteration {iteration}: {toldPatients} signatures on patients' cases are audited but {deliveredMail} delivery mails are queued");

        // Each turnaround reminder is recorded once (one row per case and kind) with exactly its mails queued.
        var reminders = await db.TurnaroundReminders.AsNoTracking().Select(r => new { r.CaseId, r.Kind, r.Recipients }).ToListAsync(ct);
        var reminderSubjects = await db.OutboxMail.AsNoTracking().Where(m => m.Subject.StartsWith("Case ")).Select(m => m.Subject).ToListAsync(ct);
        Reminders = reminders.Count;
        foreach (var r in reminders)
        {
            var prefix = $"Case {r.CaseId.ToString("N")[..8]}" + (r.Kind == "overdue" ? " is past its turnaround" : ": the opinion is due");
            var queued = reminderSubjects.Count(subject => subject.StartsWith(prefix, StringComparison.Ordinal));
            Require(Partial, queued == r.Recipients, $"reminder {r.CaseId} {r.Kind}",
                $"iteration {iteration}: the {r.Kind} reminder of case {r.CaseId} is recorded for {r.Recipients} recipients but {queued} mails are queued");
        }

        // 3. The audit chain verifies.
        var verification = await database.Audit.VerifyAsync(ct: ct);
        Require(AuditBreaks, verification.Intact, $"audit {iteration}", $"iteration {iteration}: the audit chain is broken: {verification.Problem}");
    }

    /// <summary>
    /// Background mail resumed exactly once: once the outbox is drained, one mail file per completed outbox message (matched by the
    /// outbox id in the file's name when the delivery names them so; otherwise by count).
    /// </summary>
    public async Task<MailDeliveries> CheckDeliveriesAsync(CancellationToken ct)
    {
        await using var db = database.CreateDbContext();
        var completed = await db.OutboxMail.AsNoTracking().Where(m => m.CompletedAt != null).Select(m => m.Id).ToListAsync(ct);
        var waiting = await db.OutboxMail.AsNoTracking().Where(m => m.CompletedAt == null)
            .Select(m => new { m.Id, m.Subject, m.Attempts, m.EnqueuedAt, m.LeaseUntil }).ToListAsync(ct);
        var pending = waiting.Count;
        var files = Directory.Exists(mailDirectory) ? Directory.GetFiles(mailDirectory, "*.eml") : [];
        Require(Deliveries, pending == 0, "pending", $"{pending} outbox mails were still not delivered at the end: " + string.Join("; ",
            waiting.Take(5).Select(m => $"#{m.Id} '{m.Subject}' queued {m.EnqueuedAt:HH:mm:ss.fff}, {m.Attempts} attempts, lease until {m.LeaseUntil:HH:mm:ss.fff}")));
        var ids = files.Select(f => OutboxId(Path.GetFileNameWithoutExtension(f))).ToList();
        int duplicates, missing;
        if (ids.All(id => id is not null))
        {
            var delivered = ids.Select(id => id!.Value).ToList();
            duplicates = delivered.Count - delivered.Distinct().Count();
            var absent = completed.Except(delivered).ToList();
            missing = absent.Count;
            foreach (var group in delivered.GroupBy(id => id).Where(g => g.Count() > 1))
            {
                Require(Deliveries, false, $"duplicate {group.Key}", $"outbox mail {group.Key} was delivered {group.Count()} times");
            }
            foreach (var id in absent)
            {
                Require(Deliveries, false, $"missing {id}", $"outbox mail {id} is marked sent but no mail file has its id");
            }
        }
        else
        {
            duplicates = Math.Max(0, files.Length - completed.Count);
            missing = Math.Max(0, completed.Count - files.Length);
            Require(Deliveries, files.Length == completed.Count, "count",
                $"{completed.Count} outbox mails are marked sent but {files.Length} mail files were written (the files are not named by outbox id, so only the counts are compared)");
        }
        return new MailDeliveries(completed.Count, duplicates, missing, pending);
    }

    /// <summary>The outbox id a delivered mail file is named by: the last run of digits after a '-' or the whole name, when it is one.</summary>
    internal static long? OutboxId(string name)
    {
        var last = name.Split('-', '_', '.')[^1];
        return last.Length is > 0 and < 19 && last.All(char.IsAsciiDigit) ? long.Parse(last, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    private IEnumerable<string> Leftovers(HashSet<Guid> rows)
    {
        if (!Directory.Exists(documentDirectory))
        {
            yield break;
        }
        foreach (var file in Directory.EnumerateFiles(documentDirectory, "*", SearchOption.AllDirectories))
        {
            var name = Path.GetFileName(file);
            if (name.EndsWith(".partial", StringComparison.Ordinal)
                || (name.EndsWith(".cnsd", StringComparison.Ordinal) && (!Guid.TryParseExact(Path.GetFileNameWithoutExtension(name), "N", out var id) || !rows.Contains(id))))
            {
                yield return Path.GetRelativePath(documentDirectory, file);
            }
        }
    }

    private async Task<string?> ReadProblemAsync(Guid id, string sha256, CancellationToken ct)
    {
        try
        {
            await using var stream = await documents.OpenReadAsync(id, ct);
            var hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
            return hash == sha256 ? null : $"its content hashes to {hash}, not {sha256}";
        }
        catch (Exception e) when (e is DocumentIntegrityException or DocumentNotFoundException or IOException)
        {
            return e.Message;
        }
    }

    private static void Require(SortedDictionary<string, string> problems, bool holds, string key, string detail)
    {
        if (!holds)
        {
            problems.TryAdd(key, detail);
        }
    }
}

/// <summary>The outbox at the end of a run: mails marked sent, delivered more than once, marked sent without a file, never sent.</summary>
internal sealed record MailDeliveries(int Sent, int Duplicates, int Missing, int Pending);
