using System.ComponentModel;
using Consilium.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console.Cli;

namespace Consilium.Cli.Serve;

/// <summary>
/// <c>consilium serve</c>: the whole web platform (patient, coordinator, expert and admin pages, the JSON API, health)
/// on one database: SQLite in the data directory by default, PostgreSQL when configured.
/// </summary>
internal sealed class ServeCommand : AsyncCommand<ServeCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandOption("--urls <URL>")]
        [Description("Where to listen (default http://127.0.0.1:5080; several separated by ';').")]
        public string Urls { get; init; } = ConsiliumWebSettings.DefaultUrl;

        [CommandOption("--data-dir <DIR>")]
        [Description("The data directory: SQLite database, encrypted documents, development mail (default: Consilium:Storage from appsettings.json, i.e. ./data).")]
        public string? DataDirectory { get; init; }

        [CommandOption("--postgres <CONNECTION>")]
        [Description("Use PostgreSQL (Npgsql connection string) instead of SQLite.")]
        public string? Postgres { get; init; }

        [CommandOption("--demo")]
        [Description("Create demo accounts (patient, coordinator, two experts, admin) and cases in every state; prints the credentials and TOTP secrets.")]
        public bool Demo { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings settings, CancellationToken cancellationToken)
    {
        var storage = CliConfiguration.Storage(settings.DataDirectory, settings.Postgres);
        var app = await ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings
        {
            Urls = settings.Urls,
            Storage = storage,
            Demo = settings.Demo,
            Args = [],
        }, cancellationToken);
        await using (app)
        {
            await app.StartAsync(cancellationToken);
            Console.WriteLine($"Consilium is running at {string.Join(", ", app.Urls)} (data: {Path.GetFullPath(storage.DataDirectory)}). Press Ctrl+C to stop.");
            var imaging = app.Services.GetRequiredService<Consilium.Web.Features.Imaging.ImagingArchive>();
            Console.WriteLine(imaging.IsAvailable ? $"Imaging: private {imaging.Description}." : imaging.Unavailable);
            await app.WaitForShutdownAsync(cancellationToken);
        }
        return ExitCodes.Ok;
    }
}
