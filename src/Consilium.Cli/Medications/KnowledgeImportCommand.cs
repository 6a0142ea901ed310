using System.ComponentModel;
using System.Globalization;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Knowledge.Import;
using Consilium.Storage.Database;
using Consilium.Storage.Knowledge;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Medications;

/// <summary>
/// <c>consilium knowledge import --interactions DIR --pgx DIR</c>: imports the medication knowledge the operator
/// provides into the database once, one versioned blob per source; the web platform and <c>medreview --stored</c> read it from there.
/// </summary>
internal sealed class KnowledgeImportCommand : AsyncCommand<KnowledgeImportCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--interactions <DIR>")]
        [Description("Interaction knowledge in the layout of ../shared/data/interactions (ANSM thesaurus XML/TSV, ONC lists).")]
        public string? Interactions { get; init; }

        [CommandOption("--pgx <DIR>")]
        [Description("CPIC knowledge in the layout of ../shared/data/pgx.")]
        public string? Pgx { get; init; }

        [CommandOption("--data-dir <DIR>")]
        [Description("Store in the SQLite database in DIR (default: Consilium:Storage from appsettings.json, i.e. ./data).")]
        public string? DataDirectory { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("Store in PostgreSQL (Npgsql connection string) instead of SQLite.")]
        public string? Postgres { get; init; }

        [CommandOption("--by <WHO>")]
        [Description("Who is recorded as importing (default: the operating-system user).")]
        public string? By { get; init; }

        public override ValidationResult Validate() =>
            Interactions is null && Pgx is null
                ? ValidationResult.Error("give --interactions DIR and/or --pgx DIR: the knowledge to import.")
                : ValidationResult.Success();
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        MedicationKnowledge knowledge;
        try
        {
            knowledge = KnowledgeImport.FromDirectories(settings.Interactions, settings.Pgx);
        }
        catch (KnowledgeImportException ex)
        {
            throw new BadInputException(ex.Message, ex);
        }
        var blobs = KnowledgeSnapshot.Export(knowledge);
        await using var db = await ConsiliumDatabase.OpenAsync(CliConfiguration.Storage(settings.DataDirectory, settings.Postgres), cancellationToken: cancellationToken);
        var store = new KnowledgeStore(db.CreateDbContext, TimeProvider.System);
        var added = await store.SaveAsync(blobs.Select(ToStored), settings.By ?? Environment.UserName, cancellationToken);
        foreach (var b in blobs)
        {
            AnsiConsole.MarkupLine($"  {Markup.Escape(b.Kind)}: {Markup.Escape(b.Source.Citation)} ({(b.Content.Length / 1024.0).ToString("N0", CultureInfo.InvariantCulture)} KiB)");
        }
        AnsiConsole.MarkupLine($"Imported [bold]{added}[/] new knowledge source version(s) into {Markup.Escape(db.Description)}; {blobs.Count - added} already there.");
        return ExitCodes.Ok;
    }

    internal static StoredKnowledge ToStored(KnowledgeBlob b) =>
        new(b.Kind, b.Source.Name, b.Source.Version, b.Source.Sha256, b.Source.Files, DateTimeOffset.MinValue, null, b.Content);

    internal static KnowledgeBlob ToBlob(StoredKnowledge s) =>
        new(s.Kind, new KnowledgeSource(s.Name, s.Version, s.Sha256, s.Files), s.Content);
}
