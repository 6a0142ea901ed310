using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Consilium.Storage.Configuration;

namespace Consilium.Cli.Bench.Harness;

/// <summary>
/// The real <c>consilium serve</c> as a child process on a free loopback port, for the benchmarks that must see what a
/// deployment sees (crash consistency, load, several nodes). Settings go in as environment variables
/// (<c>Consilium:Web:X</c> → <c>Consilium__Web__X</c>); imaging is off unless the caller turns it on. Its output is kept
/// (the last 256 KB) for the error message when it does not come up.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int LogLimit = 256 * 1024;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StringBuilder _log = new();

    private ServerProcess(Process process, Uri baseAddress, StorageOptions storage)
    {
        _process = process;
        BaseAddress = baseAddress;
        Storage = storage;
    }

    /// <summary>Where the server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress { get; }

    public StorageOptions Storage { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>What the server printed (stdout and stderr interleaved, the last 256 KB).</summary>
    public string Log
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <c>consilium serve</c> on <paramref name="storage"/> and waits until <c>/health/ready</c> answers 200 (60 s at most;
    /// the error carries the server's output).
    /// </summary>
    public static async Task<ServerProcess> StartAsync(
        StorageOptions storage, IReadOnlyDictionary<string, string?>? settings = null, int? port = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(storage);
        var listenPort = port ?? FreeLoopbackPort();
        var baseAddress = new Uri($"http://127.0.0.1:{listenPort.ToString(CultureInfo.InvariantCulture)}/");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "consilium.dll"));
        psi.ArgumentList.Add("serve");
        psi.ArgumentList.Add("--urls");
        psi.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        psi.ArgumentList.Add("--data-dir");
        psi.ArgumentList.Add(Path.GetFullPath(storage.DataDirectory));
        if (storage.Provider == StorageProvider.PostgreSql)
        {
            psi.ArgumentList.Add("--postgres");
            psi.ArgumentList.Add(storage.ConnectionString ?? throw new ArgumentException("PostgreSQL storage needs a connection string.", nameof(storage)));
        }
        psi.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["Consilium__Imaging__Orthanc"] = "Off";
        psi.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            psi.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start consilium serve.");
        var server = new ServerProcess(process, baseAddress, storage);
        process.OutputDataReceived += (_, e) => server.Append(e.Data);
        process.ErrorDataReceived += (_, e) => server.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilReadyAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pulls the plug: SIGKILL to the server (and anything it started), then waits until it is gone.</summary>
    public void Kill()
    {
        if (_process.HasExited)
        {
            return;
        }
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
        }
        _process.WaitForExit();
    }

    /// <summary>Asks the server to stop (SIGTERM, as systemd would) and waits up to 30 s, then kills it.</summary>
    public async Task StopAsync()
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (term is not null)
            {
                await term.WaitForExitAsync();
            }
        }
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await Task.CompletedTask;
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private async Task WaitUntilReadyAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < ReadyTimeout)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_process.HasExited)
            {
                _process.WaitForExit(); // flushes the output handlers
                throw new InvalidOperationException($"consilium serve exited with code {_process.ExitCode} before it was ready:\n{Log}");
            }
            try
            {
                using var response = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // A slow answer while it starts.
            }
            await Task.Delay(100, cancellationToken);
        }
        throw new TimeoutException($"consilium serve was not ready at {BaseAddress} within {ReadyTimeout.TotalSeconds} s:\n{Log}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            _log.AppendLine(line);
            if (_log.Length > LogLimit)
            {
                _log.Remove(0, _log.Length - LogLimit);
            }
        }
    }
}
