using Consilium.Domain.Triage;
using Consilium.Fhir.Intake;
using Spectre.Console;

namespace Consilium.Cli.Triage;

/// <summary>The readable triage summary for a person at a terminal.</summary>
internal static class TriageReport
{
    public static void Write(IAnsiConsole console, string file, TriageResult r, BundleIntakeResult intake, DateTimeOffset asOf)
    {
        console.MarkupLine($"[bold]Triage of[/] {Markup.Escape(Path.GetFileName(file))} [grey](as of {asOf:yyyy-MM-dd}, {intake.EntryCount} entries)[/]");
        if (r.RedFlags.Count > 0)
        {
            var flags = string.Join("\n", r.RedFlags.Select(f => $"• {Markup.Escape(f.Label)} [grey]({Markup.Escape(string.Join(", ", f.Evidence))})[/]"));
            console.Write(new Panel(new Markup($"[bold]{Markup.Escape(r.RedFlags[0].Advice)}[/]\n\n{flags}"))
                .Header("[bold white on red] SEEK EMERGENCY CARE NOW [/]").BorderColor(Color.Red));
        }
        if (intake.PatientDeceased)
        {
            console.MarkupLine("[yellow]The records say this patient has died.[/]");
        }
        var colour = r.Urgency switch { Urgency.Emergency => "red", Urgency.Expedited => "yellow", _ => "green" };
        console.MarkupLine($"Urgency: [bold {colour}]{r.Urgency.ToString().ToLowerInvariant()}[/]");
        foreach (var reason in r.UrgencyReasons.Where(_ => r.Urgency != Urgency.Emergency))
        {
            console.MarkupLine($"  [grey]{Markup.Escape(reason)}[/]");
        }

        if (r.Situations.Count == 0)
        {
            console.MarkupLine("Situations: [grey]none recognised from the records[/]");
        }
        else
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Situation").AddColumn("Why").AddColumn("Evidence");
            foreach (var s in r.Situations)
            {
                table.AddRow(
                    new Markup($"[bold]{s.Code}[/]\n[grey]{Markup.Escape(SituationCode.PlainName(s.Code))}[/]"),
                    new Markup(Markup.Escape(string.Join("\n", s.Reasons.Take(6)) + (s.Reasons.Count > 6 ? $"\n… {s.Reasons.Count - 6} more" : string.Empty))),
                    new Markup($"[grey]{Markup.Escape(string.Join("\n", s.Evidence.Take(6)) + (s.Evidence.Count > 6 ? $"\n… {s.Evidence.Count - 6} more" : string.Empty))}[/]"));
            }
            console.Write(table);
        }
        if (r.Expertise.Count > 0)
        {
            var table = new Table().Border(TableBorder.Rounded).AddColumn("Expertise needed").AddColumn("Reason");
            foreach (var e in r.Expertise)
            {
                table.AddRow(Markup.Escape(e.Subspecialty is null ? e.Specialty : $"{e.Specialty} / {e.Subspecialty}"), Markup.Escape(e.Reason));
            }
            console.Write(table);
        }
        console.MarkupLine($"Imaging re-read: {(r.ImagingReread ? "[bold]yes[/]" : "no")}   Tumour board: {(r.TumorBoard ? "[bold]yes[/]" : "no")}");
        foreach (var item in r.ForReview)
        {
            console.MarkupLine($"[yellow]For review:[/] {Markup.Escape(item)}");
        }
        foreach (var item in r.Disagreements)
        {
            console.MarkupLine($"[yellow]Patient and records disagree:[/] {Markup.Escape(item)}");
        }
    }
}
