using Consilium.Storage.Configuration;
using Consilium.Web;
using Microsoft.AspNetCore.Builder;

namespace Consilium.Cli.Bench.Harness;

/// <summary>
/// The platform built on a database but not started (it migrates; no port, no background work, no Orthanc), for benchmarks
/// that seed or inspect the data with the server's own services and key protector. Its logs go to standard error.
/// </summary>
public static class OfflineHost
{
    public static Task<WebApplication> BuildAsync(StorageOptions storage, CancellationToken cancellationToken = default) =>
        ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings
        {
            Urls = "http://127.0.0.1:0",
            Storage = storage,
            Overrides = new Dictionary<string, string?>
            {
                ["Consilium:Imaging:Orthanc"] = "Off",
                ["Logging:LogLevel:Default"] = "Warning",
                ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
            },
        }, cancellationToken);
}
