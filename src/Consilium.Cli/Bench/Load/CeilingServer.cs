using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Consilium.Cli.Bench.Load;

/// <summary>
/// The ceiling: a bare ASP.NET Core (Kestrel) endpoint on the same machine, returning a small HTML page and nothing else (no
/// database, no authentication, no rendering). What it serves at a concurrency is the most this machine can answer over HTTP
/// at that concurrency; each scenario's ratio to it is the figure that does not depend on how busy the machine is.
/// </summary>
internal sealed class CeilingServer : IAsyncDisposable
{
    private const string Page = "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Ceiling</title></head><body><h1>Ceiling</h1><p>A bare ASP.NET Core endpoint.</p></body></html>";

    private readonly WebApplication _app;

    private CeilingServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<CeilingServer> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/", () => Results.Content(Page, "text/html; charset=utf-8"));
        await app.StartAsync(cancellationToken);
        return new CeilingServer(app, new Uri(app.Urls.First()));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
