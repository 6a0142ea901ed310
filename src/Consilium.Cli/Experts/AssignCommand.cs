using System.ComponentModel;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Consilium.Domain.Assignment;
using Consilium.Storage.Experts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Experts;

/// <summary>
/// <c>consilium assign --all [--json] [--dry-run]</c>: every Triaged case in storage, assigned at once to the stored
/// directory's experts by the exact batch optimiser (urgent first, most cases placed, best total match, within free
/// capacity). Each placed case moves to Assigned with its lead expert; the experts' load grows. Cases that cannot be
/// placed stay Triaged and are listed with the reason. The work is <see cref="CaseMatching.AssignAllAsync"/>.
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
        var options = settings.Options();
        var stderr = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        await using var db = await settings.OpenAsync(cancellationToken);
        var matching = new CaseMatching(db, new FixedTime(settings.Now()));
        if ((await matching.Directory.ListAsync(cancellationToken)).Count == 0)
        {
            throw new BadInputException($"the expert directory in {db.Description} is empty: import one first (consilium experts import FILE).");
        }
        CaseMatching.BatchOutcome outcome = null!;
        await stderr.Progress().AutoClear(true).StartAsync(async ctx =>
        {
            var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
            // Matching reports from several threads.
            var progress = new SyncProgress<(string Stage, int Done, int Total)>(p =>
            {
                lock (tasks)
                {
                    if (!tasks.TryGetValue(p.Stage, out var task))
                    {
                        tasks[p.Stage] = task = ctx.AddTask(CultureInfo.InvariantCulture.TextInfo.ToTitleCase(p.Stage), maxValue: Math.Max(1, p.Total));
                    }
                    task.Value = Math.Max(task.Value, p.Done);
                }
            });
            outcome = await matching.AssignAllAsync(Actor, options, apply: !settings.DryRun, progress, cancellationToken);
        });
        foreach (var f in outcome.Failures)
        {
            await Console.Error.WriteLineAsync($"consilium: {ExitCodes.OneLine(f)}");
        }
        var plan = outcome.Plan;
        string Name(string id) => outcome.Network.Find(id)?.Name ?? id;
        if (settings.Json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(new
            {
                placed = plan.Placements.Select(p => new { @case = p.CaseId, expertId = p.ExpertId, name = Name(p.ExpertId), urgency = p.Urgency.ToString().ToLowerInvariant(), need = Need(p), score = p.Points / 1000.0 }),
                unplaced = plan.Unplaced.Select(u => new { @case = u.CaseId, urgency = u.Urgency.ToString().ToLowerInvariant(), reason = u.Reason }),
                objective = plan.Objective,
                applied = outcome.Applied,
            }, JsonOptions));
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Case").AddColumn("Urgency").AddColumn("Expert").AddColumn("For").AddColumn("Score");
            foreach (var p in plan.Placements)
            {
                table.AddRow(p.CaseId, p.Urgency.ToString().ToLowerInvariant(), Markup.Escape($"{Name(p.ExpertId)} ({p.ExpertId})"), Markup.Escape(Need(p)), (p.Points / 1000.0).ToString("0.000", CultureInfo.InvariantCulture));
            }
            if (plan.Placements.Count > 0)
            {
                AnsiConsole.Write(table);
            }
            foreach (var u in plan.Unplaced)
            {
                AnsiConsole.MarkupLine($"[yellow]unplaced[/] {u.CaseId} ({u.Urgency.ToString().ToLowerInvariant()}): {Markup.Escape(u.Reason)}");
            }
            AnsiConsole.MarkupLine($"{outcome.TriagedCases} Triaged case(s): {plan.Placements.Count} placed ({plan.UrgentPlaced} urgent), {plan.Unplaced.Count} unplaced; {(settings.DryRun ? "dry run, nothing changed" : $"{outcome.Applied} assigned in {Markup.Escape(db.Description)}")}.");
        }
        return outcome.Failures.Count > 0 ? ExitCodes.Failure : ExitCodes.Ok;
    }

    private static string Need(Placement p) => p.Need.Subspecialty is null ? p.Need.Specialty : $"{p.Need.Specialty} / {p.Need.Subspecialty}";

    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The moment the command runs "as of".</summary>
    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
