using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Consilium.Imaging.Orthanc;

/// <summary>Where and how to start a private Orthanc.</summary>
public sealed record PrivateOrthancOptions
{
    /// <summary>Consilium's data directory; Orthanc's configuration, storage and log go under <c>orthanc/</c> in it.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>The Orthanc binary; null to look for <c>Orthanc</c> on the PATH and in /usr/sbin.</summary>
    public string? Executable { get; init; }

    /// <summary>The loopback HTTP port; 0 for a free one.</summary>
    public int HttpPort { get; init; }

    /// <summary>Where Debian puts Orthanc's plugins (DICOMweb and the web viewer are loaded from here when present).</summary>
    public string PluginDirectory { get; init; } = "/usr/share/orthanc/plugins";

    /// <summary>How long Orthanc may take to answer after it is started.</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);
}

/// <summary>
/// A private Orthanc for one Consilium process: its own configuration file under the data directory (written fresh on
/// each start), storage in the data directory, HTTP on loopback only (remote access refused), HTTP basic authentication
/// with a password generated for this run, the DICOM network port disabled, and the DICOMweb and web-viewer plugins from
/// Debian's plugin directory. Disposing it stops Orthanc.
/// </summary>
public sealed class PrivateOrthanc : IAsyncDisposable
{
    public const string UserName = "consilium";
    public const string DicomWebPlugin = "libOrthancDicomWeb.so";
    public const string WebViewerPlugin = "libOrthancWebViewer.so";

    private readonly Process _process;

    private PrivateOrthanc(Process process, Uri baseUri, string password, string directory, string version, IReadOnlyList<string> plugins)
    {
        _process = process;
        BaseUri = baseUri;
        Password = password;
        Directory = directory;
        Version = version;
        Plugins = plugins;
        Http = OrthancClient.Create(baseUri, UserName, password);
        Client = new OrthancClient(Http);
    }

    /// <summary>Orthanc's loopback address, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The password of <see cref="UserName"/> for this run (also in the configuration file, readable by its owner only).</summary>
    public string Password { get; }

    /// <summary><c>&lt;data&gt;/orthanc</c>: orthanc.json, storage/, orthanc.log.</summary>
    public string Directory { get; }

    public string Version { get; }

    /// <summary>The plugins loaded (file names).</summary>
    public IReadOnlyList<string> Plugins { get; }

    /// <summary>An HttpClient with the base address and credentials.</summary>
    public HttpClient Http { get; }

    public OrthancClient Client { get; }

    public int ProcessId => _process.Id;

    /// <summary>The Orthanc binary that would be started, or null when it is not installed.</summary>
    public static string? FindExecutable(string? configured = null)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin").Append("/usr/local/sbin")
            .Select(dir => Path.Combine(dir, "Orthanc"))
            .FirstOrDefault(File.Exists);
    }

    /// <summary>Why imaging is unavailable when Orthanc is not installed: one line for people.</summary>
    public static string NotInstalledMessage(string? configured) => configured is { Length: > 0 }
        ? $"Imaging is unavailable: the Orthanc binary '{configured}' does not exist (Consilium:Imaging:OrthancExecutable)."
        : "Imaging is unavailable: Orthanc is not installed (Debian: apt-get install orthanc orthanc-dicomweb orthanc-webviewer). Everything else works.";

    /// <summary>Starts Orthanc and waits until it answers; throws <see cref="InvalidOperationException"/> with Orthanc's log when it does not.</summary>
    public static async Task<PrivateOrthanc> StartAsync(PrivateOrthancOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var executable = FindExecutable(options.Executable) ?? throw new InvalidOperationException(NotInstalledMessage(options.Executable));
        var directory = Path.GetFullPath(Path.Combine(options.DataDirectory, "orthanc"));
        var storage = Path.Combine(directory, "storage");
        System.IO.Directory.CreateDirectory(storage);
        var plugins = new[] { DicomWebPlugin, WebViewerPlugin }
            .Select(p => Path.Combine(options.PluginDirectory, p)).Where(File.Exists).ToList();
        // A free port can be taken between the probe and Orthanc binding it: try a few.
        for (var attempt = 1; ; attempt++)
        {
            var port = options.HttpPort > 0 ? options.HttpPort : FreeLoopbackPort();
            var password = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();
            var config = Path.Combine(directory, "orthanc.json");
            await WriteConfigurationAsync(config, storage, port, password, plugins, cancellationToken);
            var log = Path.Combine(directory, "orthanc.log");
            var start = new ProcessStartInfo(executable)
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = directory,
            };
            start.ArgumentList.Add("--logfile=" + log);
            start.ArgumentList.Add(config);
            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            var baseUri = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
            var version = await WaitUntilReadyAsync(process, baseUri, password, options.StartTimeout, cancellationToken);
            if (version is not null)
            {
                return new PrivateOrthanc(process, baseUri, password, directory, version, [.. plugins.Select(Path.GetFileName).OfType<string>()]);
            }
            Stop(process);
            if (attempt >= 3 || options.HttpPort > 0)
            {
                throw new InvalidOperationException($"Orthanc did not start on port {port}. Its log ({log}) ends with:{Environment.NewLine}{Tail(log)}");
            }
        }
    }

    private static async Task WriteConfigurationAsync(string path, string storage, int port, string password, IReadOnlyList<string> plugins, CancellationToken cancellationToken)
    {
        var config = new JsonObject
        {
            ["Name"] = "Consilium",
            ["StorageDirectory"] = storage,
            ["IndexDirectory"] = storage,
            ["StorageCompression"] = false,
            ["HttpPort"] = port,
            ["RemoteAccessAllowed"] = false,
            ["AuthenticationEnabled"] = true,
            ["RegisteredUsers"] = new JsonObject { [UserName] = password },
            ["DicomServerEnabled"] = false,
            ["OrthancExplorerEnabled"] = false,
            ["WebDavEnabled"] = false,
            ["HttpCompressionEnabled"] = false,
            ["ExecuteLuaEnabled"] = false,
            ["RestApiWriteToFileSystemEnabled"] = false,
            ["HttpTimeout"] = 600,
            ["KeepAlive"] = true,
            ["HttpThreadsCount"] = 16,
            ["Plugins"] = new JsonArray([.. plugins.Select(p => (JsonNode)JsonValue.Create(p))]),
            ["DicomWeb"] = new JsonObject { ["Enable"] = true, ["Root"] = "/dicom-web/", ["EnableWado"] = false, ["StudiesMetadata"] = "Full" },
        };
        // The file holds the password: written so that only its owner can read it.
        var file = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            file.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        await using var stream = new FileStream(path, file);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        await JsonSerializer.SerializeAsync(stream, config, new JsonSerializerOptions { WriteIndented = true }, cancellationToken);
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string?> WaitUntilReadyAsync(Process process, Uri baseUri, string password, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var http = OrthancClient.Create(baseUri, UserName, password);
        http.Timeout = TimeSpan.FromSeconds(5);
        var client = new OrthancClient(http);
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                return null;
            }
            try
            {
                return await client.GetVersionAsync(cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
        return null;
    }

    private static string Tail(string log)
    {
        try
        {
            var lines = File.ReadAllLines(log);
            return string.Join(Environment.NewLine, lines.Skip(Math.Max(0, lines.Length - 15)));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Orthanc's own shutdown flushes its index; kill it if it does not go.
            using var response = await Http.PostAsync(new Uri("tools/shutdown", UriKind.Relative), new StringContent(""));
            await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            // Not answering: killed below.
        }
        Stop(_process);
        Http.Dispose();
    }
}
