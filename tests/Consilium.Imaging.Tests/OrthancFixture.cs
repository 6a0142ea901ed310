using Consilium.Imaging.Orthanc;
using Consilium.Imaging.Synthetic;

namespace Consilium.Imaging.Tests;

/// <summary>
/// A real private Orthanc, started by the launcher in a temporary data directory for the test collection. Tests skip with a
/// clear message when Orthanc or dcmtk is not installed, unless CONSILIUM_REQUIRE_ORTHANC=1 (CI), where that is a failure.
/// </summary>
public sealed class OrthancFixture : IAsyncLifetime
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "consilium-imaging-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public PrivateOrthanc? Orthanc { get; private set; }

    public string? Missing { get; private set; }

    public async Task InitializeAsync()
    {
        Missing = PrivateOrthanc.FindExecutable() is null ? "Orthanc is not installed (apt-get install orthanc orthanc-dicomweb orthanc-webviewer)"
            : SyntheticStudy.Dump2Dcm() is null ? "dcmtk is not installed (apt-get install dcmtk)"
            : null;
        if (Missing is null)
        {
            Orthanc = await PrivateOrthanc.StartAsync(new PrivateOrthancOptions { DataDirectory = DataDirectory });
        }
    }

    /// <summary>The running Orthanc; skips the test (or fails it in CI) when it could not be started.</summary>
    public PrivateOrthanc Require()
    {
        var required = Environment.GetEnvironmentVariable("CONSILIUM_REQUIRE_ORTHANC") == "1";
        Assert.False(required && Missing is not null, $"CONSILIUM_REQUIRE_ORTHANC=1 but {Missing}.");
        Skip.If(Missing is not null, $"Skipped: {Missing}.");
        return Orthanc!;
    }

    public string NewDirectory()
    {
        var dir = Path.Combine(DataDirectory, "work", Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public async Task DisposeAsync()
    {
        if (Orthanc is not null)
        {
            await Orthanc.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Orthanc may hold a file for a moment after exit; the temp folder is cleaned by the system.
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OrthancCollection : ICollectionFixture<OrthancFixture>
{
    public const string Name = "orthanc";
}
