using System.Net;
using System.Text.Json;
using Consilium.Imaging.Orthanc;

namespace Consilium.Imaging.Tests;

[Collection(OrthancCollection.Name)]
public sealed class LauncherTests(OrthancFixture fixture)
{
    [SkippableFact]
    public async Task GivenTheLauncher_WhenOrthancStarts_ThenItListensOnLoopbackWithAuthenticationAndBothPlugins()
    {
        var orthanc = fixture.Require();

        Assert.Equal("127.0.0.1", orthanc.BaseUri.Host);
        Assert.Contains(PrivateOrthanc.DicomWebPlugin, orthanc.Plugins);
        Assert.Contains(PrivateOrthanc.WebViewerPlugin, orthanc.Plugins);
        Assert.StartsWith("1.", await orthanc.Client.GetVersionAsync(), StringComparison.Ordinal);

        using var anonymous = new HttpClient { BaseAddress = orthanc.BaseUri };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(new Uri("system", UriKind.Relative))).StatusCode);
        using var wrong = OrthancClient.Create(orthanc.BaseUri, PrivateOrthanc.UserName, "not-the-password");
        Assert.Equal(HttpStatusCode.Unauthorized, (await wrong.GetAsync(new Uri("system", UriKind.Relative))).StatusCode);
    }

    [SkippableFact]
    public async Task GivenTheLauncher_WhenItWritesTheConfiguration_ThenStorageIsInTheDataDirectoryRemoteAccessIsOffAndTheDicomPortIsDisabled()
    {
        var orthanc = fixture.Require();
        var config = Path.Combine(orthanc.Directory, "orthanc.json");

        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(config));
        var root = json.RootElement;
        Assert.False(root.GetProperty("RemoteAccessAllowed").GetBoolean());
        Assert.False(root.GetProperty("DicomServerEnabled").GetBoolean());
        Assert.True(root.GetProperty("AuthenticationEnabled").GetBoolean());
        Assert.StartsWith(Path.GetFullPath(fixture.DataDirectory), root.GetProperty("StorageDirectory").GetString(), StringComparison.Ordinal);
        Assert.Equal(orthanc.Password, root.GetProperty("RegisteredUsers").GetProperty(PrivateOrthanc.UserName).GetString());
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(config));
        }
    }

    [Fact]
    public void GivenAConfiguredBinaryThatDoesNotExist_WhenLookingForOrthanc_ThenItIsNotFoundAndTheMessageNamesIt()
    {
        Assert.Null(PrivateOrthanc.FindExecutable("/nonexistent/Orthanc"));
        Assert.Contains("/nonexistent/Orthanc", PrivateOrthanc.NotInstalledMessage("/nonexistent/Orthanc"), StringComparison.Ordinal);
        Assert.Contains("not installed", PrivateOrthanc.NotInstalledMessage(null), StringComparison.Ordinal);
    }
}
