using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Consilium.Cli.Bench.Harness;

namespace Consilium.Cli.Tests.TwoNodes;

/// <summary>
/// Debian's <c>nginx</c> as a round-robin load balancer on loopback in front of several Consilium nodes: its own configuration, pid,
/// logs and temp folders in a private directory (never the system service), in the foreground as a child process, stopped on dispose.
/// Each answer carries <c>X-Consilium-Node</c>: the node that served it.
/// </summary>
public sealed class NginxBalancer : IAsyncDisposable
{
    public const string NodeHeader = "X-Consilium-Node";

    private readonly Process _process;
    private readonly string _directory;

    private NginxBalancer(Process process, string directory, Uri baseAddress)
    {
        _process = process;
        _directory = directory;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>nginx on the PATH or in /usr/sbin, or null when it is not installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Append("/usr/sbin")
            .Select(d => Path.Combine(d, "nginx")).FirstOrDefault(File.Exists);

    public static async Task<NginxBalancer> StartAsync(IReadOnlyList<Uri> nodes)
    {
        var nginx = Find() ?? throw new InvalidOperationException("nginx is not installed (Debian: apt-get install nginx).");
        var directory = Directory.CreateTempSubdirectory("consilium-nginx-").FullName;
        var port = ServerProcess.FreeLoopbackPort();
        var upstreams = string.Concat(nodes.Select(n => $"    server {n.Authority} max_fails=0;\n"));
        var configuration = $$"""
            daemon off;
            worker_processes 1;
            pid {{directory}}/nginx.pid;
            error_log {{directory}}/error.log warn;
            events { worker_connections 512; }
            http {
              log_format nodes '$request_method $uri $status $upstream_addr';
              access_log {{directory}}/access.log nodes;
              client_body_temp_path {{directory}}/client_body;
              proxy_temp_path {{directory}}/proxy;
              fastcgi_temp_path {{directory}}/fastcgi;
              uwsgi_temp_path {{directory}}/uwsgi;
              scgi_temp_path {{directory}}/scgi;
              client_max_body_size 250m;
              upstream consilium {
            {{upstreams}}  }
              server {
                listen 127.0.0.1:{{port}};
                location / {
                  proxy_pass http://consilium;
                  proxy_http_version 1.1;
                  proxy_set_header Connection "";
                  proxy_set_header Host $http_host;
                  proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
                  proxy_set_header X-Forwarded-Proto $scheme;
                  # Streamed both ways: no temp files, uploads go straight to a node.
                  proxy_request_buffering off;
                  proxy_buffering off;
                  proxy_read_timeout 300s;
                  add_header {{NodeHeader}} $upstream_addr always;
                }
              }
            }
            """;
        var configFile = Path.Combine(directory, "nginx.conf");
        await File.WriteAllTextAsync(configFile, configuration);
        var psi = new ProcessStartInfo(nginx) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in new[] { "-p", directory, "-e", Path.Combine(directory, "error.log"), "-c", configFile })
        {
            psi.ArgumentList.Add(argument);
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start nginx");
        var balancer = new NginxBalancer(process, directory, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        var deadline = Stopwatch.StartNew();
        while (!await ListensAsync(port))
        {
            if (process.HasExited || deadline.Elapsed > TimeSpan.FromSeconds(20))
            {
                var log = File.Exists(Path.Combine(directory, "error.log")) ? await File.ReadAllTextAsync(Path.Combine(directory, "error.log")) : "";
                await balancer.DisposeAsync();
                throw new InvalidOperationException($"nginx did not start on 127.0.0.1:{port}: {await process.StandardError.ReadToEndAsync()} {log}");
            }
            await Task.Delay(100);
        }
        return balancer;
    }

    /// <summary>How many requests each node answered so far (from the access log: <c>host:port</c> → count).</summary>
    public async Task<IReadOnlyDictionary<string, int>> RequestsPerNodeAsync()
    {
        var log = Path.Combine(_directory, "access.log");
        if (!File.Exists(log))
        {
            return new Dictionary<string, int>();
        }
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        var lines = (await reader.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Select(l => l.Split(' ')[^1]).Where(a => a != "-").GroupBy(a => a).ToDictionary(g => g.Key, g => g.Count());
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // SIGQUIT: nginx's graceful shutdown of its master and workers.
            using (var quit = Process.Start(new ProcessStartInfo("kill", ["-QUIT", _process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
            {
                await quit!.WaitForExitAsync();
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<bool> ListensAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
