using System.ComponentModel;
using Consilium.Domain.Experts;
using Consilium.Domain.Matching;
using Consilium.Storage.Database;
using Consilium.Storage.Experts;
using Spectre.Console.Cli;

namespace Consilium.Cli.Experts;

/// <summary>Where the expert directory (and the cases) are stored: the same options as <c>consilium import</c>.</summary>
internal class DirectorySettings : CommandSettings
{
    [CommandOption("--data-dir <DIR>")]
    [Description("The SQLite database in DIR (default: Consilium:Storage from appsettings.json, i.e. ./data).")]
    public string? DataDirectory { get; init; }

    [CommandOption("--postgres <CONNECTION>")]
    [Description("PostgreSQL (Npgsql connection string) instead of SQLite.")]
    public string? Postgres { get; init; }

    public Task<ConsiliumDatabase> OpenAsync(CancellationToken cancellationToken) =>
        ConsiliumDatabase.OpenAsync(CliConfiguration.Storage(DataDirectory, Postgres), cancellationToken: cancellationToken);

    public static ExpertDirectory Directory(ConsiliumDatabase db) => new(db.CreateDbContext, TimeProvider.System);
}

/// <summary>Directory plus the service's matching rules.</summary>
internal class MatchingSettings : DirectorySettings
{
    [CommandOption("--licensure <POLICY>")]
    [Description("same-jurisdiction (default), same-country, or cross-border (licensure reported, never excludes).")]
    public string Licensure { get; init; } = "same-jurisdiction";

    [CommandOption("--interpreter")]
    [Description("An interpreter can be provided: keep (and flag) experts who do not speak the patient's language.")]
    public bool Interpreter { get; init; }

    [CommandOption("--allow-same-institution")]
    [Description("Do not exclude experts of the first-opinion physician's institution (the physician is always excluded).")]
    public bool AllowSameInstitution { get; init; }

    [CommandOption("--as-of <DATE>")]
    [Description("Match as of this date (yyyy-MM-dd or ISO 8601; default: now): availability windows and triage windows count from it.")]
    public string? AsOf { get; init; }

    public MatchingOptions Options() => new()
    {
        Licensure = Licensure.ToLowerInvariant() switch
        {
            "same-jurisdiction" => LicensurePolicy.SameJurisdiction,
            "same-country" => LicensurePolicy.SameCountry,
            "cross-border" => LicensurePolicy.CrossBorder,
            _ => throw new BadInputException($"--licensure '{Licensure}': use same-jurisdiction, same-country or cross-border."),
        },
        InterpreterAvailable = Interpreter,
        ExcludeFirstOpinionInstitution = !AllowSameInstitution,
    };

    public DateTimeOffset Now() => AsOfOption.Resolve(AsOf);

    public static async Task<ExpertNetwork> NetworkAsync(ConsiliumDatabase db, CancellationToken cancellationToken)
    {
        var experts = await Directory(db).ListAsync(cancellationToken);
        if (experts.Count == 0)
        {
            throw new BadInputException($"the expert directory in {db.Description} is empty: import one first (consilium experts import FILE).");
        }
        return new ExpertNetwork(experts);
    }
}
