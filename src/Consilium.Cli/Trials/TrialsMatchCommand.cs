using System.ComponentModel;
using System.Globalization;
using Consilium.Fhir.Intake;
using Consilium.Storage.Database;
using Consilium.Trials.Eligibility;
using Consilium.Trials.Matching;
using Consilium.Trials.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli.Trials;

/// <summary>
/// <c>consilium trials match BUNDLE.json --registry PATH [--near "lat,lon" | --country X] [--top N] [--json]</c>: the
/// clinical trials a patient may join, ranked, each criterion met / not met / unknown with the fact used.
/// </summary>
internal sealed class TrialsMatchCommand : AsyncCommand<TrialsMatchCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<BUNDLE>")]
        [Description("A FHIR R4 Bundle (JSON) with the patient's conditions, observations (stage, ECOG, biomarkers, labs) and medications.")]
        public string File { get; init; } = string.Empty;

        [CommandOption("--registry <PATH>")]
        [Description("ClinicalTrials.gov API v2 JSON records, read directly (a file or a folder, as for 'trials import'). Without it: the records imported into the database.")]
        public string? Registry { get; init; }

        [CommandOption("--near <LATLON>")]
        [Description("The patient's location as \"lat,lon\" (decimal degrees): nearest open site distance, closer sites rank higher.")]
        public string? Near { get; init; }

        [CommandOption("--country <COUNTRY>")]
        [Description("Only trials with an open site in this country (as the registry writes it, e.g. \"France\", or a code such as FR, US).")]
        public string? Country { get; init; }

        [CommandOption("--top <N>")]
        [Description("How many trials to show (default 10).")]
        [DefaultValue(10)]
        public int Top { get; init; } = 10;

        [CommandOption("--all-statuses")]
        [Description("Also rank trials that do not recruit (completed, terminated, ...).")]
        public bool AllStatuses { get; init; }

        [CommandOption("--as-of <DATE>")]
        [Description("Match as of this date (yyyy-MM-dd or ISO 8601); default: now. Ages count up to it (or to death).")]
        public string? AsOf { get; init; }

        // Square brackets are doubled: Spectre reads single ones as console markup in --help.
        [CommandOption("--json")]
        [Description("Print exactly one JSON object: {\"trials\":[[{\"nctId\",\"title\",\"status\",\"score\",\"nearestSiteKm\",\"criteria\":[[{\"kind\",\"text\",\"status\",\"fact\"}]]}]]}, in rank order.")]
        public bool Json { get; init; }

        [CommandOption("--data-dir <DIR>")]
        [Description("Without --registry: the SQLite database in DIR (default: Consilium:Storage from appsettings.json).")]
        public string? DataDirectory { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("Without --registry: PostgreSQL (Npgsql connection string) instead of SQLite.")]
        public string? Postgres { get; init; }

        public override ValidationResult Validate()
        {
            if (Near is not null && Country is not null)
            {
                return ValidationResult.Error("give --near or --country, not both.");
            }
            if (Near is not null && GeoPoint.Parse(Near) is null)
            {
                return ValidationResult.Error($"--near '{Near}' is not \"lat,lon\" in decimal degrees (e.g. \"48.85,2.35\").");
            }
            return Top < 1 ? ValidationResult.Error("--top must be at least 1.") : ValidationResult.Success();
        }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var asOf = AsOfOption.Resolve(settings.AsOf);
        if (!System.IO.File.Exists(settings.File))
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
        IReadOnlyList<TrialRecord> records;
        if (settings.Registry is { } path)
        {
            records = TrialRecords.ReadPath(path).Select(e => e.Record).ToList();
        }
        else
        {
            await using var db = await ConsiliumDatabase.OpenAsync(CliConfiguration.Storage(settings.DataDirectory, settings.Postgres), cancellationToken: cancellationToken);
            records = await TrialRecords.StoredAsync(db, cancellationToken);
            if (records.Count == 0)
            {
                throw new BadInputException($"no trial records in {db.Description}: give --registry PATH or run 'consilium trials import PATH' first.");
            }
        }
        var facts = PatientFacts.From(intake.CaseFile, DateOnly.FromDateTime(asOf.UtcDateTime));
        var options = new TrialMatchOptions { Near = GeoPoint.Parse(settings.Near), Country = settings.Country, Top = settings.Top, IncludeClosed = settings.AllStatuses };
        var matches = TrialMatcher.Match(facts, TrialRecords.Prepare(records), options);
        if (settings.Json)
        {
            Console.Out.WriteLine(TrialsJson.Serialize(matches));
            return ExitCodes.Ok;
        }
        Write(settings.File, facts, records.Count, matches);
        return ExitCodes.Ok;
    }

    private static void Write(string file, PatientFacts facts, int considered, IReadOnlyList<TrialMatch> matches)
    {
        var cancers = facts.Cancers.Count == 0 ? "no cancer recorded" : string.Join(", ", facts.Cancers.Values.Select(v => v.Text).Distinct());
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(Path.GetFileName(file))}[/]: {Markup.Escape(cancers)}; {matches.Count} trial option(s) of {considered} record(s).");
        if (matches.Count == 0)
        {
            return;
        }
        var table = new Table().AddColumns("#", "Trial", "Status", "Score", "Nearest site", "Met", "Excluding", "Unknown");
        var rank = 0;
        foreach (var m in matches)
        {
            table.AddRow(
                (++rank).ToString(CultureInfo.InvariantCulture),
                Markup.Escape($"{m.Trial.NctId} {Shorten(m.Trial.Title, 60)}"),
                Markup.Escape(m.Trial.Status),
                m.Score.ToString("0.000", CultureInfo.InvariantCulture),
                m.NearestSite is { } s ? Markup.Escape($"{s.Kilometres.ToString("N0", CultureInfo.InvariantCulture)} km ({s.Site.Place})") : "-",
                m.Met.Count.ToString(CultureInfo.InvariantCulture),
                m.Failed.Count.ToString(CultureInfo.InvariantCulture),
                m.Unknown.Count.ToString(CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);
        rank = 0;
        foreach (var m in matches)
        {
            AnsiConsole.MarkupLine($"[bold]{++rank}. {Markup.Escape(m.Trial.NctId)}[/] {Markup.Escape(m.Trial.Title)} ({Markup.Escape(m.Trial.Link)})");
            foreach (var line in m.Explanation)
            {
                AnsiConsole.MarkupLine($"   {Markup.Escape(line)}");
            }
        }
    }

    private static string Shorten(string s, int n) => s.Length <= n ? s : s[..(n - 1)] + "…";
}
