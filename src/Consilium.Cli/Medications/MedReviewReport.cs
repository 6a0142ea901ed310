using System.Globalization;
using Consilium.Medications.Review;
using Spectre.Console;

namespace Consilium.Cli.Medications;

/// <summary>The readable medication review: the list with how each drug matched, genotypes, then findings by importance.</summary>
internal static class MedReviewReport
{
    public static void Write(IAnsiConsole console, string file, MedicationReview review)
    {
        console.MarkupLine($"[bold]Medication review[/] of {Markup.Escape(Path.GetFileName(file))} as of {review.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        console.WriteLine();
        console.MarkupLine("[bold]Medications[/]");
        if (review.Medications.Count == 0)
        {
            console.WriteLine("  none current or recent");
        }
        foreach (var m in review.Medications)
        {
            var since = m.FirstStart is { } s ? $" since {s.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}" : string.Empty;
            var dose = m.Medication.Dose is { } d ? $", {d}" : string.Empty;
            var reason = m.Reasons.Count > 0 ? $", for {string.Join("; ", m.Reasons)}" : string.Empty;
            console.MarkupLine($"  {(m.Current ? "current" : "recent ")}  {Markup.Escape(m.Label)}{Markup.Escape(since + dose + reason)}");
            console.MarkupLine($"           [grey]{Markup.Escape(m.MatchDescription)}[/]");
        }
        if (review.Phenotypes.Count > 0)
        {
            console.WriteLine();
            console.MarkupLine("[bold]Genotypes[/]");
            foreach (var p in review.Phenotypes)
            {
                console.MarkupLine($"  {Markup.Escape(p.Describe())} [grey]({Markup.Escape(p.Source)})[/]");
            }
        }
        console.WriteLine();
        console.MarkupLine($"[bold]Findings[/] ({review.Findings.Count}, most important first)");
        var n = 0;
        foreach (var f in review.Findings)
        {
            n++;
            var colour = f.Severity switch
            {
                FindingSeverity.High => "red",
                FindingSeverity.Moderate => "yellow",
                FindingSeverity.Low => "blue",
                _ => "grey",
            };
            console.MarkupLine($"{n,3}. [{colour}]{f.Severity.ToString().ToUpperInvariant()}[/] {f.Kind.ToString().ToLowerInvariant()}: {Markup.Escape(f.Summary)}");
            foreach (var e in f.Evidence)
            {
                console.MarkupLine($"       - {Markup.Escape(e)}");
            }
            console.MarkupLine($"       [grey]source: {Markup.Escape(f.Source)}[/]");
        }
        console.WriteLine();
        console.MarkupLine("[grey]Knowledge: " + Markup.Escape(string.Join(" | ", review.Sources.Select(s => s.Citation))) + "[/]");
        console.MarkupLine("[grey]Decision support for the reviewing clinician; it does not replace clinical judgement.[/]");
    }
}
