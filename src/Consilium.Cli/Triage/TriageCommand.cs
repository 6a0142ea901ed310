using System.ComponentModel;
using Consilium.Domain.Triage;
using Consilium.Fhir.Intake;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Triage;

/// <summary><c>consilium triage FILE [--json]</c>: which second opinion a FHIR R4 Bundle needs, how urgently, from whom.</summary>
internal sealed class TriageCommand : Command<TriageCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("A FHIR R4 Bundle (JSON): collection, transaction, document or searchset.")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--json")]
        [Description("Print exactly one JSON object (situations, urgency, expertise, imagingReread, tumorBoard, redFlags, ...).")]
        public bool Json { get; init; }

        [CommandOption("--as-of <DATE>")]
        [Description("Triage as of this date (yyyy-MM-dd or ISO 8601); default: now. Windows such as 'surgery within 21 days' count from it.")]
        public string? AsOf { get; init; }
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var asOf = AsOfOption.Resolve(settings.AsOf);
        if (!File.Exists(settings.File))
        {
            throw new BadInputException($"{settings.File}: no such file.");
        }
        BundleIntakeResult intake;
        try
        {
            intake = BundleIntake.ReadFile(settings.File);
        }
        catch (FhirIntakeException ex)
        {
            throw new BadInputException($"{settings.File}: {ex.Message}", ex);
        }
        var result = TriageEngine.Assess(intake.CaseFile, asOf);
        if (settings.Json)
        {
            Console.Out.WriteLine(TriageJson.Serialize(result, intake));
        }
        else
        {
            TriageReport.Write(AnsiConsole.Console, settings.File, result, intake, asOf);
        }
        return ExitCodes.Ok;
    }
}
