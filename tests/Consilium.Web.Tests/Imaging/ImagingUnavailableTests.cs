using System.Net;
using Consilium.Storage.Configuration;
using Consilium.Web.Features.Imaging;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Consilium.Web.Tests.Imaging;

public sealed class ImagingUnavailableTests
{
    [Fact]
    public async Task GivenNoOrthancBinary_WhenThePlatformStarts_ThenImagingSaysWhyAndEverythingElseWorks()
    {
        var data = Path.Combine(Path.GetTempPath(), "consilium-no-orthanc-" + Guid.NewGuid().ToString("N")[..8]);
        var app = await ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings
        {
            Urls = "http://127.0.0.1:0",
            Storage = StorageOptions.ForDataDirectory(data),
            EnvironmentName = "Testing",
            Overrides = new Dictionary<string, string?> { ["Consilium:Imaging:OrthancExecutable"] = "/nonexistent/Orthanc" },
        });
        try
        {
            await app.StartAsync();
            var archive = app.Services.GetRequiredService<ImagingArchive>();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

            Assert.False(archive.IsAvailable);
            Assert.Contains("/nonexistent/Orthanc", archive.Unavailable, StringComparison.Ordinal);
            Assert.Equal("ready", await client.GetStringAsync(new Uri("/health/ready", UriKind.Relative)));
            Assert.False(Directory.Exists(Path.Combine(data, "orthanc")));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
