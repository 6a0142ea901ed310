using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Storage.Database;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Storage.Cases;

/// <summary>
/// The register of second-opinion cases: add, read, save (optimistic concurrency), list and count.
/// Every write is one transaction: a case is never stored without its timeline, and a refused save writes nothing.
/// Safe to share: each call uses its own short-lived <see cref="ConsiliumDbContext"/>.
/// </summary>
public sealed class CaseRegistry
{
    /// <summary>The most cases one <see cref="ListAsync"/> call returns.</summary>
    public const int MaxPageSize = 1000;

    private readonly Func<ConsiliumDbContext> _contexts;
    private readonly TimeProvider _time;

    public CaseRegistry(Func<ConsiliumDbContext> contexts, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(contexts);
        ArgumentNullException.ThrowIfNull(time);
        _contexts = contexts;
        _time = time;
    }

    /// <summary>Stores a new case with its timeline; returns its version (1). Throws <see cref="DuplicateCaseException"/> if the id is taken.</summary>
    public async Task<int> AddAsync(SecondOpinionCase @case, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@case);
        await using var db = _contexts();
        db.Cases.Add(ToRow(@case, version: 1, updatedAt: _time.GetUtcNow()));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e)
        {
            db.ChangeTracker.Clear();
            if (await db.Cases.AnyAsync(c => c.Id == @case.Id, cancellationToken))
            {
                throw new DuplicateCaseException([@case.Id], e);
            }
            throw;
        }
        return 1;
    }

    /// <summary>
    /// Stores many new cases (an import) in one transaction, <paramref name="batchSize"/> at a time, reporting the number
    /// stored so far after each batch. All or nothing: if any case is already stored, or appears twice, nothing is kept
    /// and <see cref="DuplicateCaseException"/> names them. Returns the number of cases stored.
    /// </summary>
    public async Task<int> AddRangeAsync(IEnumerable<SecondOpinionCase> cases, IProgress<int>? progress = null, int batchSize = 500, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(cases);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        await using var db = _contexts();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await StepTransaction.BeginAsync(db, cancellationToken);
        var seen = new HashSet<Guid>();
        var stored = 0;
        var now = _time.GetUtcNow();
        foreach (var batch in cases.Chunk(batchSize))
        {
            var repeated = batch.Where(c => !seen.Add(c.Id)).Select(c => c.Id).ToList();
            if (repeated.Count > 0)
            {
                throw new DuplicateCaseException($"The same case appears more than once in the import (nothing was written): {string.Join(", ", repeated.Take(10))}.");
            }
            var ids = batch.Select(c => c.Id).ToArray();
            var existing = await db.Cases.Where(c => ids.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
            if (existing.Count > 0)
            {
                throw new DuplicateCaseException(existing);
            }
            db.Cases.AddRange(batch.Select(c => ToRow(c, version: 1, updatedAt: now)));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
            stored += batch.Length;
            progress?.Report(stored);
        }
        await transaction.CommitAsync(cancellationToken);
        return stored;
    }

    /// <summary>The case, or null when there is none with that id.</summary>
    public async Task<SecondOpinionCase?> GetAsync(Guid id, CancellationToken cancellationToken = default) =>
        (await GetStoredAsync(id, cancellationToken))?.Case;

    /// <summary>The case with its version (what <see cref="SaveAsync"/> expects), or null when there is none with that id.</summary>
    public async Task<StoredCase?> GetStoredAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts();
        var row = await db.Cases.AsNoTracking()
            .Include(c => c.Events.OrderBy(e => e.Sequence))
            .SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
        return row is null ? null : new StoredCase(ToCase(row), row.Version, row.UpdatedAt);
    }

    /// <summary>
    /// Saves a case read at <paramref name="expectedVersion"/>: status, case file and triage, plus the timeline events added
    /// since. Returns the new version. Throws <see cref="CaseConcurrencyException"/> when someone else saved first, and
    /// <see cref="CaseNotFoundException"/> when the case was never added; in both cases nothing is written.
    /// </summary>
    public async Task<int> SaveAsync(SecondOpinionCase @case, int expectedVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(@case);
        var id = @case.Id;
        var newVersion = expectedVersion + 1;
        var status = @case.Status;
        var file = @case.File;
        var triage = @case.OriginalTriage;
        var listing = ToRow(@case, newVersion, _time.GetUtcNow());

        await using var db = _contexts();
        await using var transaction = await StepTransaction.BeginAsync(db, cancellationToken);
        // The version check and the update are one statement, so two savers cannot both pass it.
        var updated = await db.Cases
            .Where(c => c.Id == id && c.Version == expectedVersion)
            .ExecuteUpdateAsync(
                s => s.SetProperty(c => c.Version, newVersion)
                    .SetProperty(c => c.Status, status)
                    .SetProperty(c => c.File, file)
                    .SetProperty(c => c.Triage, triage)
                    .SetProperty(c => c.TriageCorrections, listing.TriageCorrections)
                    .SetProperty(c => c.Assignments, listing.Assignments)
                    .SetProperty(c => c.UpdatedAt, listing.UpdatedAt)
                    .SetProperty(c => c.PatientBirthDate, listing.PatientBirthDate)
                    .SetProperty(c => c.PatientSex, listing.PatientSex)
                    .SetProperty(c => c.Jurisdiction, listing.Jurisdiction)
                    .SetProperty(c => c.Urgency, listing.Urgency)
                    .SetProperty(c => c.UrgencyRank, listing.UrgencyRank)
                    .SetProperty(c => c.Situations, listing.Situations),
                cancellationToken);
        if (updated == 0)
        {
            var actual = await db.Cases.Where(c => c.Id == id).Select(c => (int?)c.Version).SingleOrDefaultAsync(cancellationToken);
            throw actual is { } v ? new CaseConcurrencyException(id, expectedVersion, v) : new CaseNotFoundException(id);
        }

        var storedEvents = await db.CaseEvents.CountAsync(e => e.CaseId == id, cancellationToken);
        if (@case.Timeline.Count < storedEvents)
        {
            throw new CaseConcurrencyException(
                $"Case {id} has {storedEvents} stored timeline events but the case being saved has only {@case.Timeline.Count}: it was read before later changes. Nothing was written; reload the case and try again.");
        }
        db.CaseEvents.AddRange(listing.Events.Skip(storedEvents));
        var storedExperts = await db.CaseExperts.Where(e => e.CaseId == id).ToListAsync(cancellationToken);
        var currentExperts = listing.Experts.Select(e => e.ExpertAccountId).ToHashSet(StringComparer.Ordinal);
        db.CaseExperts.RemoveRange(storedExperts.Where(e => !currentExperts.Contains(e.ExpertAccountId)));
        db.CaseExperts.AddRange(listing.Experts.Where(e => !storedExperts.Any(s => s.ExpertAccountId == e.ExpertAccountId)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return newVersion;
    }

    /// <summary>Whether a case with that id is stored (reads no documents).</summary>
    public async Task<bool> ExistsAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts();
        return await db.Cases.AnyAsync(c => c.Id == id, cancellationToken);
    }

    /// <summary>Which of <paramref name="ids"/> are already stored (reads no documents; asks in batches), e.g. to skip them in an import.</summary>
    public async Task<IReadOnlySet<Guid>> FindStoredIdsAsync(IEnumerable<Guid> ids, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new HashSet<Guid>();
        await using var db = _contexts();
        foreach (var batch in ids.Distinct().Chunk(500))
        {
            found.UnionWith(await db.Cases.Where(c => batch.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken));
        }
        return found;
    }

    /// <summary>A page of cases, newest first (by creation), optionally only those in <paramref name="status"/>.</summary>
    public async Task<IReadOnlyList<CaseSummary>> ListAsync(CaseStatus? status = null, int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts();
        return await PageAsync(db.Cases, status, skip, take, cancellationToken);
    }

    /// <summary>
    /// A page of the cases owned by the patient account <paramref name="accountId"/>, newest first, optionally only those in
    /// <paramref name="status"/>. Cases without that owner are never in it (per-case authorization for patients).
    /// </summary>
    public async Task<IReadOnlyList<CaseSummary>> ListForPatientAsync(string accountId, CaseStatus? status = null, int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountId);
        await using var db = _contexts();
        return await PageAsync(db.Cases.Where(c => c.PatientAccountId == accountId), status, skip, take, cancellationToken);
    }

    /// <summary>
    /// A page of the cases the expert <paramref name="expertAccountId"/> is assigned to now (lead or panel member), newest first,
    /// optionally only those in <paramref name="status"/>. An expert released from a case no longer sees it here.
    /// </summary>
    public async Task<IReadOnlyList<CaseSummary>> ListForExpertAsync(string expertAccountId, CaseStatus? status = null, int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(expertAccountId);
        await using var db = _contexts();
        var assigned = db.CaseExperts.Where(e => e.ExpertAccountId == expertAccountId).Select(e => e.CaseId);
        return await PageAsync(db.Cases.Where(c => assigned.Contains(c.Id)), status, skip, take, cancellationToken);
    }

    /// <summary>Who may see a case, without reading its documents: its owner and the experts assigned now; null when there is no such case.</summary>
    public async Task<CaseAccessInfo?> GetAccessInfoAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts();
        var row = await db.Cases.AsNoTracking().Where(c => c.Id == id).Select(c => new { c.PatientAccountId, c.Status }).SingleOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }
        var experts = await db.CaseExperts.AsNoTracking().Where(e => e.CaseId == id).Select(e => e.ExpertAccountId).ToListAsync(cancellationToken);
        return new CaseAccessInfo(id, row.PatientAccountId, experts, row.Status);
    }

    private static async Task<IReadOnlyList<CaseSummary>> PageAsync(IQueryable<CaseRow> cases, CaseStatus? status, int skip, int take, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, MaxPageSize);
        var query = cases.AsNoTracking();
        if (status is { } s)
        {
            query = query.Where(c => c.Status == s);
        }
        return await SummariesAsync(query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Skip(skip).Take(take), cancellationToken);
    }

    /// <summary>The list columns of a page of cases (never the documents), as summaries.</summary>
    private static async Task<IReadOnlyList<CaseSummary>> SummariesAsync(IQueryable<CaseRow> page, CancellationToken cancellationToken)
    {
        var rows = await page
            .Select(c => new
            {
                c.Id,
                c.Status,
                c.CreatedAt,
                c.CreatedBy,
                c.UpdatedAt,
                c.Version,
                c.PatientBirthDate,
                c.PatientSex,
                c.Jurisdiction,
                c.Urgency,
                c.Situations,
                c.PatientAccountId,
            })
            .ToListAsync(cancellationToken);
        return rows
            .Select(r => new CaseSummary(
                r.Id, r.Status, r.CreatedAt, r.CreatedBy, r.UpdatedAt, r.Version, r.PatientBirthDate, r.PatientSex, r.Jurisdiction, r.Urgency,
                r.Situations is null ? [] : r.Situations.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                PatientAccountId = r.PatientAccountId,
            })
            .ToList();
    }

    /// <summary>
    /// A page of the work queue: the cases in <paramref name="statuses"/>, most urgent first (not yet triaged last), then oldest
    /// first. Read from the urgency index, so a page costs the same with 100 or 100,000 cases.
    /// </summary>
    public async Task<IReadOnlyList<CaseSummary>> QueueAsync(IReadOnlyCollection<CaseStatus> statuses, int skip = 0, int take = 50, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        ArgumentOutOfRangeException.ThrowIfNegative(skip);
        ArgumentOutOfRangeException.ThrowIfLessThan(take, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(take, MaxPageSize);
        // Asked as "none of the other statuses": SQLite without statistics would otherwise search the status index for the wanted
        // statuses (nearly every case) and sort them all; this way it walks the queue index in order and stops after the page.
        var others = Enum.GetValues<CaseStatus>().Except(statuses).ToArray();
        await using var db = _contexts();
        return await SummariesAsync(
            db.Cases.AsNoTracking()
                .Where(c => !others.Contains(c.Status))
                .OrderByDescending(c => c.UrgencyRank)
                .ThenBy(c => c.CreatedAt)
                .ThenBy(c => c.Id)
                .Skip(skip)
                .Take(take),
            cancellationToken);
    }

    /// <summary>How many cases are in any of <paramref name="statuses"/>.</summary>
    public async Task<int> CountAsync(IReadOnlyCollection<CaseStatus> statuses, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        var wanted = statuses.ToArray();
        await using var db = _contexts();
        return await db.Cases.CountAsync(c => wanted.Contains(c.Status), cancellationToken);
    }

    /// <summary>How many cases are stored, optionally only those in <paramref name="status"/>.</summary>
    public async Task<int> CountAsync(CaseStatus? status = null, CancellationToken cancellationToken = default)
    {
        await using var db = _contexts();
        return status is { } s
            ? await db.Cases.CountAsync(c => c.Status == s, cancellationToken)
            : await db.Cases.CountAsync(cancellationToken);
    }

    /// <summary>The sortable rank of an urgency (see <see cref="CaseRow.UrgencyRank"/>).</summary>
    internal static int RankOf(Urgency? urgency) => urgency switch
    {
        Domain.Triage.Urgency.Emergency => 2,
        Domain.Triage.Urgency.Expedited => 1,
        Domain.Triage.Urgency.Standard => 0,
        _ => -1,
    };

    internal static CaseRow ToRow(SecondOpinionCase @case, int version, DateTimeOffset updatedAt)
    {
        var row = new CaseRow
        {
            Id = @case.Id,
            Status = @case.Status,
            CreatedAt = @case.CreatedAt,
            CreatedBy = @case.CreatedBy,
            UpdatedAt = updatedAt,
            Version = version,
            File = @case.File,
            Triage = @case.OriginalTriage,
            TriageCorrections = [.. @case.TriageCorrections],
            Assignments = [.. @case.Assignments],
            PatientAccountId = @case.PatientAccountId,
            Experts = [.. @case.AssignedExperts.Select(e => new CaseExpertRow { CaseId = @case.Id, ExpertAccountId = e })],
            PatientBirthDate = @case.File.Patient.BirthDate,
            PatientSex = @case.File.Patient.Sex,
            Jurisdiction = @case.File.Patient.Jurisdiction,
            Urgency = @case.Triage?.Urgency,
            UrgencyRank = RankOf(@case.Triage?.Urgency),
            Situations = @case.Triage is { Situations.Count: > 0 } t ? string.Join(' ', t.Situations.Select(s => s.Code)) : null,
        };
        var sequence = 0;
        foreach (var e in @case.Timeline)
        {
            row.Events.Add(new CaseEventRow
            {
                CaseId = @case.Id,
                Sequence = ++sequence,
                From = e.From,
                To = e.To,
                Actor = e.Actor,
                At = e.At,
                Reason = e.Reason,
            });
        }
        return row;
    }

    internal static SecondOpinionCase ToCase(CaseRow row) =>
        SecondOpinionCase.Restore(
            row.Id,
            row.File,
            row.CreatedBy,
            row.CreatedAt,
            row.Status,
            row.Events.OrderBy(e => e.Sequence).Select(e => new CaseEvent(e.From, e.To, e.Actor, e.At, e.Reason)),
            row.Triage,
            row.PatientAccountId,
            row.Assignments,
            row.TriageCorrections);
}
