using Consilium.Domain.Assignment;
using Consilium.Domain.Cases;
using Consilium.Domain.Experts;
using Consilium.Domain.Matching;
using Consilium.Domain.Panels;
using Consilium.Storage.Cases;
using Consilium.Storage.Database;

namespace Consilium.Storage.Experts;

/// <summary>
/// Matching and assignment over stored cases and the stored directory: what the coordinator's assign screen and
/// <c>consilium assign</c> call. <see cref="MatchAsync"/> gives the ranked candidates (score parts, reasons), the
/// excluded experts (constraints) and the proposed panels; <see cref="AssignAsync"/> assigns one expert or a confirmed
/// panel (lead first); <see cref="AssignAllAsync"/> runs the batch optimiser over every Triaged case.
/// Every assignment moves the case (Triaged → Assigned), is saved with optimistic concurrency, and adds to the
/// experts' load.
/// </summary>
public sealed class CaseMatching(ConsiliumDatabase db, TimeProvider time)
{
    /// <summary>The match of one stored case, with the case version to pass back to <see cref="AssignAsync"/>.</summary>
    public sealed record CaseMatch(Guid CaseId, int Version, MatchResult Match, IReadOnlyList<PanelProposal> Panels);

    /// <summary>A batch: the plan, how many placements were saved, and the ones that could not be (case changed meanwhile).</summary>
    public sealed record BatchOutcome(int TriagedCases, AssignmentPlan Plan, int Applied, IReadOnlyList<string> Failures, ExpertNetwork Network);

    public ExpertDirectory Directory { get; } = new(db.CreateDbContext, time);

    /// <summary>Null when the case does not exist; throws <see cref="DomainRuleException"/> when it has no triage yet.</summary>
    public async Task<CaseMatch?> MatchAsync(Guid caseId, MatchingOptions? options = null, FirstOpinion? firstOpinion = null, CancellationToken cancellationToken = default)
    {
        if (await db.Cases.GetStoredAsync(caseId, cancellationToken) is not { } stored)
        {
            return null;
        }
        var triage = stored.Case.Triage ?? throw new DomainRuleException($"Case {caseId} has not been triaged: nothing to match.");
        var engine = new MatchingEngine(new ExpertNetwork(await Directory.ListAsync(cancellationToken)), options);
        var request = new MatchRequest(caseId.ToString(), stored.Case.File, triage, time.GetUtcNow()) { FirstOpinion = firstOpinion };
        return new CaseMatch(caseId, stored.Version, engine.Match(request), new PanelComposer(engine).Propose(request));
    }

    /// <summary>
    /// Assigns the experts (the first is the lead; the others join as panel members) and returns the new case version.
    /// Throws <see cref="CaseConcurrencyException"/> when the case changed since <paramref name="expectedVersion"/>,
    /// <see cref="DomainRuleException"/> when the case cannot take an expert now.
    /// </summary>
    public async Task<int> AssignAsync(Guid caseId, int expectedVersion, IReadOnlyList<string> expertIds, string actor, string reason, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(expertIds);
        if (expertIds.Count == 0)
        {
            throw new DomainRuleException("Choose at least one expert.");
        }
        var stored = await db.Cases.GetStoredAsync(caseId, cancellationToken) ?? throw new CaseNotFoundException(caseId);
        var now = time.GetUtcNow();
        foreach (var id in expertIds)
        {
            if (await Directory.GetAsync(id, cancellationToken) is null)
            {
                throw new DomainRuleException($"Expert {id} is not in the directory.");
            }
            stored.Case.AssignExpert(id, actor, now, reason);
        }
        var version = await db.Cases.SaveAsync(stored.Case, expectedVersion, cancellationToken);
        await Directory.AddLoadAsync(expertIds.ToDictionary(id => id, _ => 1, StringComparer.Ordinal), cancellationToken);
        return version;
    }

    /// <summary>Plans (and, when <paramref name="apply"/>, saves) the batch assignment of every Triaged case.</summary>
    public async Task<BatchOutcome> AssignAllAsync(string actor, MatchingOptions? options = null, bool apply = true, IProgress<(string Stage, int Done, int Total)>? progress = null, CancellationToken cancellationToken = default)
    {
        var network = new ExpertNetwork(await Directory.ListAsync(cancellationToken));
        var engine = new MatchingEngine(network, options);
        var asOf = time.GetUtcNow();
        var total = await db.Cases.CountAsync(CaseStatus.Triaged, cancellationToken);
        var stored = new Dictionary<string, StoredCase>(StringComparer.Ordinal);
        for (var skip = 0; ; skip += CaseRegistry.MaxPageSize)
        {
            var page = await db.Cases.ListAsync(CaseStatus.Triaged, skip, CaseRegistry.MaxPageSize, cancellationToken);
            foreach (var summary in page)
            {
                if (await db.Cases.GetStoredAsync(summary.Id, cancellationToken) is { } s)
                {
                    stored[s.Case.Id.ToString()] = s;
                }
                progress?.Report(("reading", stored.Count, total));
            }
            if (page.Count < CaseRegistry.MaxPageSize)
            {
                break;
            }
        }
        var requests = stored.Values.Where(s => s.Case.Triage is not null)
            .Select(s => new MatchRequest(s.Case.Id.ToString(), s.Case.File, s.Case.Triage!, asOf)).ToList();
        var untriaged = stored.Values.Where(s => s.Case.Triage is null)
            .Select(s => new UnplacedCase(s.Case.Id.ToString(), Domain.Triage.Urgency.Standard, "The case has no triage result."));
        var plan = new BatchAssigner(engine).Assign(requests, progress);
        plan = plan with { Unplaced = [.. plan.Unplaced, .. untriaged] };

        var applied = 0;
        var failures = new List<string>();
        if (apply)
        {
            var load = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var p in plan.Placements)
            {
                var s = stored[p.CaseId];
                var need = p.Need.Subspecialty is null ? p.Need.Specialty : $"{p.Need.Specialty} / {p.Need.Subspecialty}";
                try
                {
                    s.Case.AssignExpert(p.ExpertId, actor, asOf, $"lead for {need} (match {p.Points / 1000.0:0.000}, batch assignment)");
                    await db.Cases.SaveAsync(s.Case, s.Version, cancellationToken);
                    load[p.ExpertId] = load.GetValueOrDefault(p.ExpertId) + 1;
                    applied++;
                }
                catch (Exception ex) when (ex is DomainRuleException or CaseConcurrencyException)
                {
                    failures.Add($"case {p.CaseId}: not assigned: {ex.Message}");
                }
                progress?.Report(("saving", applied + failures.Count, plan.Placements.Count));
            }
            await Directory.AddLoadAsync(load, cancellationToken);
        }
        return new BatchOutcome(stored.Count, plan, applied, failures, network);
    }
}
