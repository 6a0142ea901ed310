using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using Consilium.Domain.Assignment;
using Consilium.Domain.Cases;
using Consilium.Domain.Matching;
using Consilium.Storage.Cases;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Experts;

/// <summary>
/// <c>consilium assign --all [--json] [--dry-run]</c>: every Triaged case in storage, assigned at once to the stored
/// directory's experts by the exact batch optimiser (urgent first, most cases placed, best total match, within free
/// capacity). Each placed case moves to Assigned with its lead expert; the experts' load grows. Cases that cannot be
/// placed stay Triaged and are listed with the reason.
/// </summary>
internal sealed class AssignCommand : AsyncCommand<AssignCommand.Settings>
{
    public const string Actor = "batch-assign";

    public sealed class Settings : MatchingSettings
    {
        [CommandOption("--all")]
        [Description("Assign every Triaged case (required: batch assignment works on the whole queue).")]
        public bool All { get; init; }

        [CommandOption("--json")]
        [Description("Print exactly one JSON object: placed, unplaced (with reasons), objective, applied.")]
        public bool Json { get; init; }

        [CommandOption("--dry-run")]
        [Description("Compute and print the plan without changing any case.")]
        public bool DryRun { get; init; }

        public override ValidationResult Validate() => All ? ValidationResult.Success() : ValidationResult.Error("pass --all to assign every Triaged case.");
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var asOf = settings.Now();
        var options = settings.Options();
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await using var db = await settings.OpenAsync(cancellationToken);
        var engine = new MatchingEngine(await MatchingSettings.NetworkAsync(db, cancellationToken), options);

        var stored = new Dictionary<string, StoredCase>(StringComparer.Ordinal);
        var untriaged = new List<UnplacedCase>();
        AssignmentPlan plan = null!;
        await stderr.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var total = await db.Cases.CountAsync(CaseStatus.Triaged, cancellationToken);
            var reading = ctx.AddTask("Reading Triaged cases", maxValue: Math.Max(1, total));
            for (var skip = 0; ; skip += CaseRegistry.MaxPageSize)
            {
                var page = await db.Cases.ListAsync(CaseStatus.Triaged, skip, CaseRegistry.MaxPageSize, cancellationToken);
                foreach (var summary in page)
                {
                    if (await db.Cases.GetStoredAsync(summary.Id, cancellationToken) is { } s)
                    {
                        stored[s.Case.Id.ToString()] = s;
                    }
                    reading.Increment(1);
                }
                if (page.Count < CaseRegistry.MaxPageSize)
                {
                    break;
                }
            }
            var requests = new List<MatchRequest>();
            foreach (var (id, s) in stored.OrderBy(x => x.Key, StringComparer.Ordinal))
            {
                if (s.Case.Triage is { } triage)
                {
                    requests.Add(new MatchRequest(id, s.Case.File, triage, asOf));
                }
                else
                {
                    untriaged.Add(new UnplacedCase(id, Domain.Triage.Urgency.Standard, "The case has no triage result."));
                }
            }
            var matching = ctx.AddTask("Matching", maxValue: Math.Max(1, requests.Count));
            var assigning = ctx.AddTask("Assigning", maxValue: Math.Max(1, requests.Count));
            var assigner = new BatchAssigner(engine);
            var prepared = assigner.Prepare(requests, new SyncProgress<(string Stage, int Done, int Total)>(p => matching.Value = p.Done));
            plan = assigner.ToPlan(prepared, MinCostFlowSolver.Solve(prepared.Problem, progress: new SyncProgress<int>(d => assigning.Value = d)));
        });
        plan = plan with { Unplaced = [.. plan.Unplaced, .. untriaged] };

        var applied = 0;
        var failures = new List<string>();
        if (!settings.DryRun && plan.Placements.Count > 0)
        {
            await stderr.Progress().AutoClear(true).StartAsync(async ctx =>
            {
                var saving = ctx.AddTask("Saving assignments", maxValue: plan.Placements.Count);
                var load = new Dictionary<string, int>(StringComparer.Ordinal);
                foreach (var p in plan.Placements)
                {
                    var s = stored[p.CaseId];
                    try
                    {
                        s.Case.AssignExpert(p.ExpertId, Actor, asOf, $"lead for {Need(p)} (match {p.Points / 1000.0:0.000}, batch assignment)");
                        await db.Cases.SaveAsync(s.Case, s.Version, cancellationToken);
                        load[p.ExpertId] = load.GetValueOrDefault(p.ExpertId) + 1;
                        applied++;
                    }
                    catch (Exception ex) when (ex is DomainRuleException or CaseConcurrencyException)
                    {
                        failures.Add($"case {p.CaseId}: not assigned: {ex.Message}");
                    }
                    saving.Increment(1);
                }
                await DirectorySettings.Directory(db).AddLoadAsync(load, cancellationToken);
            });
        }
        foreach (var f in failures)
        {
            await Console.Error.WriteLineAsync($"consilium: {ExitCodes.OneLine(f)}");
        }

        if (settings.Json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                placed = plan.Placements.Select(p => new { @case = p.CaseId, expertId = p.ExpertId, name = engine.Network.Find(p.ExpertId)?.Name, urgency = p.Urgency.ToString().ToLowerInvariant(), need = Need(p), score = p.Points / 1000.0 }),
                unplaced = plan.Unplaced.Select(u => new { @case = u.CaseId, urgency = u.Urgency.ToString().ToLowerInvariant(), reason = u.Reason }),
                objective = plan.Objective,
                applied,
            }, JsonOptions));
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Case").AddColumn("Urgency").AddColumn("Expert").AddColumn("For").AddColumn("Score");
            foreach (var p in plan.Placements)
            {
                table.AddRow(p.CaseId, p.Urgency.ToString().ToLowerInvariant(), Markup.Escape($"{engine.Network.Find(p.ExpertId)?.Name} ({p.ExpertId})"), Markup.Escape(Need(p)), (p.Points / 1000.0).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture));
            }
            if (plan.Placements.Count > 0)
            {
                AnsiConsole.Write(table);
            }
            foreach (var u in plan.Unplaced)
            {
                AnsiConsole.MarkupLine($"[yellow]unplaced[/] {u.CaseId} ({u.Urgency.ToString().ToLowerInvariant()}): {Markup.Escape(u.Reason)}");
            }
            AnsiConsole.MarkupLine($"{stored.Count} Triaged case(s): {plan.Placements.Count} placed ({plan.UrgentPlaced} urgent), {plan.Unplaced.Count} unplaced; {(settings.DryRun ? "dry run, nothing changed" : $"{applied} assigned in {Markup.Escape(db.Description)}")}.");
        }
        return failures.Count > 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    private static string Need(Placement p) => p.Need.Subspecialty is null ? p.Need.Specialty : $"{p.Need.Specialty} / {p.Need.Subspecialty}";

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
