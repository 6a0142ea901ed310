using System.ComponentModel;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Consilium.Domain.Matching;
using Consilium.Domain.Panels;
using Consilium.Domain.Triage;
using Consilium.Fhir.Intake;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Experts;

/// <summary>
/// <c>consilium match BUNDLE.json --top 5 [--json]</c>: triage the FHIR Bundle, then rank the stored directory's experts
/// for each expertise it needs (score parts and reasons), list the experts excluded with the constraint, and propose
/// the panel a tumour board or multi-system case calls for.
/// </summary>
internal sealed class MatchCommand : AsyncCommand<MatchCommand.Settings>
{
    public sealed class Settings : MatchingSettings
    {
        [CommandArgument(0, "<BUNDLE>")]
        [Description("A FHIR R4 Bundle (JSON), as for consilium triage.")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--top <N>")]
        [Description("Candidates per expertise need (default 5).")]
        public int Top { get; init; } = 5;

        [CommandOption("--json")]
        [Description("Print exactly one JSON object: needs (candidates with parts and reasons, excluded with constraints) and panels.")]
        public bool Json { get; init; }

        [CommandOption("--excluded <N>")]
        [Description("Excluded experts listed per need in the readable output (default 20; --json lists all).")]
        public int Excluded { get; init; } = 20;

        [CommandOption("--first-opinion-id <ID>")]
        [Description("Directory id or identifier of the physician who gave the first opinion (never matched).")]
        public string? FirstOpinionId { get; init; }

        [CommandOption("--first-opinion-name <NAME>")]
        [Description("Name of the physician who gave the first opinion.")]
        public string? FirstOpinionName { get; init; }

        [CommandOption("--first-opinion-institution <NAME>")]
        [Description("Institution of the first opinion (its experts are excluded unless --allow-same-institution).")]
        public string? FirstOpinionInstitution { get; init; }

        public override ValidationResult Validate() => Top < 1 ? ValidationResult.Error("--top must be at least 1.") : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.File))
        {
            throw new BadInputException($"{settings.File}: no such file.");
        }
        var asOf = settings.Now();
        var options = settings.Options();
        BundleIntakeResult intake;
        try
        {
            intake = BundleIntake.ReadFile(settings.File);
        }
        catch (FhirIntakeException ex)
        {
            throw new BadInputException($"{settings.File}: {ex.Message}", ex);
        }
        var triage = TriageEngine.Assess(intake.CaseFile, asOf);
        await using var db = await settings.OpenAsync(cancellationToken);
        var engine = new MatchingEngine(await MatchingSettings.NetworkAsync(db, cancellationToken), options);
        var first = settings.FirstOpinionId ?? settings.FirstOpinionName ?? settings.FirstOpinionInstitution;
        var request = new MatchRequest(Path.GetFileNameWithoutExtension(settings.File), intake.CaseFile, triage, asOf)
        {
            FirstOpinion = first is null ? null : new FirstOpinion(settings.FirstOpinionId, settings.FirstOpinionName, settings.FirstOpinionInstitution),
        };
        var result = engine.Match(request);
        var panels = new PanelComposer(engine).Propose(request);
        if (settings.Json)
        {
            await Console.Out.WriteLineAsync(MatchJson.Serialize(result, panels, settings.Top));
        }
        else
        {
            Write(AnsiConsole.Console, settings, result, panels, engine.Network.Count);
        }
        return ExitCodes.Ok;
    }

    private static void Write(IAnsiConsole console, Settings settings, MatchResult result, IReadOnlyList<PanelProposal> panels, int networkSize)
    {
        console.MarkupLine($"[bold]{Markup.Escape(settings.File)}[/]: urgency {result.Urgency.ToString().ToLowerInvariant()}, {result.Needs.Count} expertise need(s), {networkSize} experts in the directory.");
        if (result.Needs.Count == 0)
        {
            console.MarkupLine("Triage names no expertise for this case: nothing to match.");
        }
        foreach (var need in result.Needs)
        {
            console.WriteLine();
            console.MarkupLine($"[bold underline]{Markup.Escape(need.Need.Subspecialty is null ? need.Need.Specialty : $"{need.Need.Specialty} / {need.Need.Subspecialty}")}[/] — {Markup.Escape(need.Need.Reason)}");
            console.MarkupLine($"{need.Candidates.Count} candidate(s), {need.Excluded.Count} excluded, {need.NotRelevant} without this expertise.");
            foreach (var c in need.Candidates.Take(settings.Top))
            {
                var parts = string.Join("  ", c.Parts.Select(p => p.Applicable ? $"{p.Name} {p.Value.ToString("0.00", CultureInfo.InvariantCulture)}" : $"{p.Name} n/a"));
                console.MarkupLine($"  [bold]{c.Rank}. {Markup.Escape(c.Expert.Name)}[/] ({Markup.Escape(c.Expert.Id)}, {Markup.Escape(c.Expert.Institution ?? "-")}) score [bold]{c.Score.ToString("0.000", CultureInfo.InvariantCulture)}[/]{(c.InterpreterNeeded ? " [yellow](interpreter needed)[/]" : string.Empty)}");
                console.MarkupLine($"     [grey]{Markup.Escape(parts)}[/]");
                foreach (var reason in c.Explanation())
                {
                    console.MarkupLine($"     - {Markup.Escape(reason)}");
                }
            }
            if (need.Excluded.Count > 0)
            {
                var byConstraint = string.Join(", ", need.Excluded.SelectMany(x => x.Failed).GroupBy(f => f.Constraint).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}"));
                console.MarkupLine($"  Excluded ({Markup.Escape(byConstraint)}):");
                foreach (var x in need.Excluded.Take(settings.Excluded))
                {
                    foreach (var f in x.Failed)
                    {
                        console.MarkupLine($"  [red]x[/] {Markup.Escape(x.Expert.Name)} ({Markup.Escape(x.Expert.Id)}): [bold]{f.Constraint}[/] — {Markup.Escape(f.Reason)}");
                    }
                }
                if (need.Excluded.Count > settings.Excluded)
                {
                    console.MarkupLine($"  [grey]... and {need.Excluded.Count - settings.Excluded} more (--excluded N, or --json for all).[/]");
                }
            }
        }
        foreach (var panel in panels)
        {
            console.WriteLine();
            console.MarkupLine($"[bold underline]Proposed panel: {(panel.Kind == PanelKind.TumorBoard ? "tumour board" : "multi-system")}[/] — {Markup.Escape(string.Join(" ", panel.Reasons))}");
            foreach (var seat in panel.Seats)
            {
                var who = seat.Proposed is { } p ? $"{p.Expert.Name} ({p.Expert.Id}), score {p.Score.ToString("0.000", CultureInfo.InvariantCulture)}" : $"unfilled: {seat.Unfilled}";
                console.MarkupLine($"  {(seat.Lead ? "[bold]lead[/] " : "     ")}{Markup.Escape(seat.Role)}: {Markup.Escape(who)}");
            }
        }
    }
}

/// <summary>The one JSON object <c>consilium match --json</c> prints.</summary>
internal static class MatchJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    internal sealed record Output(string Case, string Urgency, IReadOnlyList<NeedOut> Needs, IReadOnlyList<PanelOut> Panels);
    internal sealed record NeedOut(string Specialty, string? Subspecialty, string Reason, int NotRelevant, IReadOnlyList<CandidateOut> Candidates, IReadOnlyList<ExcludedOut> Excluded);
    internal sealed record CandidateOut(int Rank, string ExpertId, string Name, string? Institution, double Score, bool InterpreterNeeded, IReadOnlyList<PartOut> Parts, IReadOnlyList<ConstraintOut> Constraints);
    internal sealed record PartOut(string Name, double? Value, double Weight, string Reason);
    internal sealed record ConstraintOut(string Constraint, bool Passed, string Reason);
    internal sealed record ExcludedOut(string ExpertId, string Name, IReadOnlyList<ConstraintOut> Failed);
    internal sealed record PanelOut(string Kind, IReadOnlyList<string> Reasons, IReadOnlyList<SeatOut> Seats);
    internal sealed record SeatOut(string Role, bool Lead, string Specialty, string? Subspecialty, string? ExpertId, string? Name, double? Score, string? Unfilled, IReadOnlyList<string> Alternatives);

    public static string Serialize(MatchResult result, IReadOnlyList<PanelProposal> panels, int top)
    {
        static ConstraintOut C(ConstraintCheck c) => new(c.Constraint, c.Passed, c.Reason);
        var output = new Output(
            result.CaseId,
            result.Urgency.ToString().ToLowerInvariant(),
            [.. result.Needs.Select(n => new NeedOut(n.Need.Specialty, n.Need.Subspecialty, n.Need.Reason, n.NotRelevant,
                [.. n.Candidates.Take(top).Select(c => new CandidateOut(c.Rank, c.Expert.Id, c.Expert.Name, c.Expert.Institution, c.Score, c.InterpreterNeeded,
                    [.. c.Parts.Select(p => new PartOut(p.Name, p.Applicable ? p.Value : null, p.Weight, p.Reason))],
                    [.. c.Constraints.Select(C)]))],
                [.. n.Excluded.Select(x => new ExcludedOut(x.Expert.Id, x.Expert.Name, [.. x.Failed.Select(C)]))]))],
            [.. panels.Select(p => new PanelOut(p.Kind == PanelKind.TumorBoard ? "tumor-board" : "multi-system", p.Reasons,
                [.. p.Seats.Select(s => new SeatOut(s.Role, s.Lead, s.Need.Specialty, s.Need.Subspecialty, s.Proposed?.Expert.Id, s.Proposed?.Expert.Name, s.Proposed?.Score, s.Unfilled, [.. s.Alternatives.Select(a => a.Expert.Id)]))]))]);
        return JsonSerializer.Serialize(output, Options);
    }
}
