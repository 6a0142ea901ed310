using System.Collections.Concurrent;
using Consilium.Imaging.Orthanc;
using Consilium.Storage.Configuration;

namespace Consilium.Web.Features.Imaging;

/// <summary>Settings of the image archive, bound from <c>Consilium:Imaging</c>.</summary>
public sealed class ImagingOptions
{
    public const string SectionName = "Consilium:Imaging";

    /// <summary><c>Private</c> (default): start a private Orthanc on loopback when it is installed; <c>Off</c>: no imaging.</summary>
    public string Orthanc { get; set; } = "Private";

    /// <summary>The Orthanc binary (default: <c>Orthanc</c> on the PATH or in /usr/sbin).</summary>
    public string? OrthancExecutable { get; set; }

    /// <summary>Orthanc's loopback HTTP port; 0 (default) for a free one.</summary>
    public int OrthancHttpPort { get; set; }

    /// <summary>Where Orthanc's plugins are (Debian: /usr/share/orthanc/plugins).</summary>
    public string PluginDirectory { get; set; } = "/usr/share/orthanc/plugins";

    /// <summary>The largest imaging upload (one request: files, ZIPs or a folder), in bytes (default 4 GB).</summary>
    public long MaxUploadBytes { get; set; } = 4L * 1024 * 1024 * 1024;
}

/// <summary>
/// The image archive of this Consilium: a private Orthanc started with the host (loopback, generated password, storage in
/// the data directory) when it is installed. When it is not, <see cref="Unavailable"/> says why and imaging upload and
/// viewing are refused with that message; everything else works.
/// </summary>
public sealed class ImagingArchive(ImagingOptions options, StorageOptions storage, ILogger<ImagingArchive> logger) : IHostedService, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, string> _studyOf = new(StringComparer.Ordinal);
    private PrivateOrthanc? _orthanc;

    /// <summary>Why imaging is not available (null when it is).</summary>
    public string? Unavailable { get; private set; } = "Imaging is starting.";

    public bool IsAvailable => _orthanc is not null;

    /// <summary>The archive's client; throws when <see cref="IsAvailable"/> is false.</summary>
    public OrthancClient Client => Orthanc.Client;

    public Uri BaseUri => Orthanc.BaseUri;

    /// <summary>The HTTP basic credentials Consilium uses with the archive (never sent to browsers).</summary>
    public System.Net.Http.Headers.AuthenticationHeaderValue Authorization => OrthancClient.BasicAuthorization(PrivateOrthanc.UserName, Orthanc.Password);

    public string Description => _orthanc is { } o ? $"Orthanc {o.Version} on {o.BaseUri} (plugins: {string.Join(", ", o.Plugins)})" : Unavailable ?? "";

    private PrivateOrthanc Orthanc => _orthanc ?? throw new InvalidOperationException(Unavailable);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (string.Equals(options.Orthanc, "Off", StringComparison.OrdinalIgnoreCase))
        {
            Unavailable = $"Imaging is switched off ({ImagingOptions.SectionName}:Orthanc = Off).";
            return;
        }
        if (PrivateOrthanc.FindExecutable(options.OrthancExecutable) is null)
        {
            Unavailable = PrivateOrthanc.NotInstalledMessage(options.OrthancExecutable);
            logger.LogWarning("{Message}", Unavailable);
            return;
        }
        try
        {
            _orthanc = await PrivateOrthanc.StartAsync(new PrivateOrthancOptions
            {
                DataDirectory = storage.DataDirectory,
                Executable = options.OrthancExecutable,
                HttpPort = options.OrthancHttpPort,
                PluginDirectory = options.PluginDirectory,
            }, cancellationToken);
            Unavailable = null;
            logger.LogInformation("Image archive: {Archive}", Description);
        }
        catch (InvalidOperationException e)
        {
            Unavailable = "Imaging is unavailable: the private Orthanc did not start. " + e.Message;
            logger.LogError("{Message}", Unavailable);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    /// <summary>The Orthanc id of the study a series or instance belongs to (remembered: the tree never changes), or null.</summary>
    public async Task<string?> StudyOfAsync(OrthancLevel level, string id, CancellationToken cancellationToken)
    {
        var key = $"{level}/{id}";
        if (_studyOf.TryGetValue(key, out var known))
        {
            return known;
        }
        var study = await Client.StudyOfAsync(level, id, cancellationToken);
        if (study is not null && _studyOf.Count < 100_000)
        {
            _studyOf[key] = study;
        }
        return study;
    }

    public async ValueTask DisposeAsync()
    {
        var orthanc = Interlocked.Exchange(ref _orthanc, null);
        if (orthanc is not null)
        {
            Unavailable = "Imaging has stopped.";
            await orthanc.DisposeAsync();
        }
    }
}
