using System.ComponentModel;
using Consilium.Domain.Experts;
using Consilium.Domain.Experts.Synthetic;
using Consilium.Fhir.Experts;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Experts;

/// <summary>
/// <c>consilium experts import FILE</c>: a directory as Consilium JSON (docs/experts-schema.md) or as a FHIR Bundle of
/// Practitioner + PractitionerRole; adds new experts and replaces those with the same id, all or nothing.
/// </summary>
internal sealed class ExpertsImportCommand : AsyncCommand<ExpertsImportCommand.Settings>
{
    public sealed class Settings : DirectorySettings
    {
        [CommandArgument(0, "<FILE>")]
        [Description("The directory: {\"experts\": [...]} JSON, or a FHIR R4 Bundle of Practitioner + PractitionerRole.")]
        public string File { get; init; } = string.Empty;
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        if (!File.Exists(settings.File))
        {
            throw new BadInputException($"{settings.File}: no such file.");
        }
        var text = await File.ReadAllTextAsync(settings.File, cancellationToken);
        var fhir = text.Contains("\"resourceType\"", StringComparison.Ordinal);
        IReadOnlyList<ExpertProfile> experts;
        try
        {
            experts = fhir ? PractitionerDirectory.ImportJson(text) : ExpertDirectoryJson.Parse(text);
        }
        catch (ExpertDirectoryFormatException ex)
        {
            throw new BadInputException($"{settings.File}: {ex.Message}", ex);
        }
        await using var db = await settings.OpenAsync(cancellationToken);
        var counts = await DirectorySettings.Directory(db).ImportAsync(experts, cancellationToken);
        AnsiConsole.MarkupLine($"Imported [bold]{experts.Count}[/] expert(s) from {Markup.Escape(Path.GetFileName(settings.File))} ({(fhir ? "FHIR Practitioner/PractitionerRole" : "Consilium JSON")}) into {Markup.Escape(db.Description)}: {counts.Added} added, {counts.Replaced} replaced.");
        return ExitCodes.Ok;
    }
}

/// <summary><c>consilium experts export [--fhir]</c>: the stored directory on stdout.</summary>
internal sealed class ExpertsExportCommand : AsyncCommand<ExpertsExportCommand.Settings>
{
    public sealed class Settings : DirectorySettings
    {
        [CommandOption("--fhir")]
        [Description("A FHIR R4 Bundle of Practitioner + PractitionerRole instead of Consilium JSON.")]
        public bool Fhir { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        await using var db = await settings.OpenAsync(cancellationToken);
        var experts = await DirectorySettings.Directory(db).ListAsync(cancellationToken);
        await Console.Out.WriteLineAsync(settings.Fhir ? PractitionerDirectory.ExportJson(experts) : ExpertDirectoryJson.Serialize(experts));
        return ExitCodes.Ok;
    }
}

/// <summary><c>consilium experts generate --experts M --seed S [--fhir]</c>: a synthetic directory on stdout, for demos.</summary>
internal sealed class ExpertsGenerateCommand : Command<ExpertsGenerateCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--experts <M>")]
        [Description("How many experts (default 200).")]
        public int Experts { get; init; } = 200;

        [CommandOption("--seed <S>")]
        [Description("Seed (default 1): the same seed gives the same directory.")]
        public int Seed { get; init; } = 1;

        [CommandOption("--fhir")]
        [Description("A FHIR R4 Bundle of Practitioner + PractitionerRole instead of Consilium JSON.")]
        public bool Fhir { get; init; }

        public override ValidationResult Validate() => Experts < 0 ? ValidationResult.Error("--experts must not be negative.") : ValidationResult.Success();
    }

    public override int Execute(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var experts = new SyntheticNetwork(settings.Seed, TimeProvider.System.GetUtcNow()).Experts(settings.Experts);
        Console.Out.WriteLine(settings.Fhir ? PractitionerDirectory.ExportJson(experts) : ExpertDirectoryJson.Serialize(experts));
        return ExitCodes.Ok;
    }
}
