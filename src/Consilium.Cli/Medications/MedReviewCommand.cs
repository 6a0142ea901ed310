using System.ComponentModel;
using Consilium.Fhir.Intake;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Knowledge.Import;
using Consilium.Medications.Review;
using Consilium.Storage.Database;
using Consilium.Storage.Knowledge;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Medications;

/// <summary>
/// <c>consilium medreview BUNDLE.json --interactions DIR --pgx DIR [--genotypes FILE] [--json]</c>: why treatment may
/// not be working — interactions, pharmacogenomics, adherence, duration and response — from knowledge the operator provides.
/// </summary>
internal sealed class MedReviewCommand : AsyncCommand<MedReviewCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<BUNDLE>")]
        [Description("A FHIR R4 Bundle (JSON) with the patient's medications (MedicationRequest, MedicationStatement, MedicationDispense).")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--interactions <DIR>")]
        [Description("Interaction knowledge in the layout of ../shared/data/interactions (ANSM thesaurus XML/TSV, ONC lists). Not bundled: you provide it.")]
        public string? Interactions { get; init; }

        [CommandOption("--pgx <DIR>")]
        [Description("CPIC knowledge in the layout of ../shared/data/pgx (gene_phenotypes, recommendations_cpic, cpic_pairs_2019).")]
        public string? Pgx { get; init; }

        [CommandOption("--genotypes <FILE>")]
        [Description("Tab-separated 'gene<TAB>diplotype' lines, e.g. 'CYP2C19<TAB>*2/*2' or 'HLA-B<TAB>*57:01 positive' (added to genotype Observations in the Bundle).")]
        public string? Genotypes { get; init; }

        // Square brackets are doubled: Spectre reads single ones as console markup in --help.
        [CommandOption("--json")]
        [Description("Print exactly one JSON object: {\"findings\":[[{\"kind\",\"severity\",\"drugs\",\"summary\",\"evidence\",\"source\"}]]}; findings most important first.")]
        public bool Json { get; init; }

        [CommandOption("--stored")]
        [Description("Use the knowledge imported into the database with 'consilium knowledge import' (with --data-dir or --postgres) instead of directories.")]
        public bool Stored { get; init; }

        [CommandOption("--data-dir <DIR>")]
        [Description("With --stored: the SQLite database in DIR (default: Consilium:Storage from appsettings.json).")]
        public string? DataDirectory { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("With --stored: PostgreSQL (Npgsql connection string) instead of SQLite.")]
        public string? Postgres { get; init; }

        [CommandOption("--as-of <DATE>")]
        [Description("Review as of this date (yyyy-MM-dd or ISO 8601); default: now. Durations and days covered count up to it.")]
        public string? AsOf { get; init; }

        public override ValidationResult Validate()
        {
            if (Interactions is null && Pgx is null && !Stored)
            {
                return ValidationResult.Error("give --interactions DIR and/or --pgx DIR (or --stored): the knowledge to review against (not bundled with Consilium).");
            }
            if (Stored && (Interactions is not null || Pgx is not null))
            {
                return ValidationResult.Error("--stored reads the knowledge from the database: give it without --interactions and --pgx.");
            }
            return ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var asOf = AsOfOption.Resolve(settings.AsOf);
        if (!System.IO.File.Exists(settings.File))
        {
            throw new BadInputException($"{settings.File}: no such file.");
        }
        IReadOnlyList<GenotypeResult> genotypes = [];
        if (settings.Genotypes is { } gfile)
        {
            if (!System.IO.File.Exists(gfile))
            {
                throw new BadInputException($"--genotypes {gfile}: no such file.");
            }
            try
            {
                genotypes = Consilium.Medications.Review.Genotypes.ParseFile(System.IO.File.ReadAllText(gfile), Path.GetFileName(gfile));
            }
            catch (FormatException ex)
            {
                throw new BadInputException($"--genotypes {ex.Message}", ex);
            }
        }
        var knowledge = settings.Stored ? await StoredKnowledgeAsync(settings, cancellationToken) : FromDirectories(settings);
        BundleIntakeResult intake;
        try
        {
            intake = BundleIntake.ReadFile(settings.File);
        }
        catch (FhirIntakeException ex)
        {
            throw new BadInputException($"{settings.File}: {ex.Message}", ex);
        }
        var review = MedicationReviewer.Review(intake.CaseFile, knowledge, new MedicationReviewOptions(asOf) { Genotypes = genotypes });
        if (settings.Json)
        {
            Console.Out.WriteLine(MedReviewJson.Serialize(review));
        }
        else
        {
            MedReviewReport.Write(AnsiConsole.Console, settings.File, review);
        }
        return ExitCodes.Ok;
    }

    private static MedicationKnowledge FromDirectories(Settings settings)
    {
        try
        {
            return KnowledgeImport.FromDirectories(settings.Interactions, settings.Pgx);
        }
        catch (KnowledgeImportException ex)
        {
            throw new BadInputException(ex.Message, ex);
        }
    }

    private static async Task<MedicationKnowledge> StoredKnowledgeAsync(Settings settings, CancellationToken cancellationToken)
    {
        await using var db = await ConsiliumDatabase.OpenAsync(CliConfiguration.Storage(settings.DataDirectory, settings.Postgres), cancellationToken: cancellationToken);
        var stored = await new KnowledgeStore(db.CreateDbContext, TimeProvider.System).LatestAsync(cancellationToken);
        if (stored.Count == 0)
        {
            throw new BadInputException($"--stored: no medication knowledge in {db.Description}; run 'consilium knowledge import --interactions DIR --pgx DIR' first.");
        }
        return KnowledgeSnapshot.Restore(stored.Select(KnowledgeImportCommand.ToBlob));
    }
}
