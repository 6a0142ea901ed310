using System.Diagnostics;

namespace Consilium.Cli.Tests;

/// <summary>Runs the real <c>consilium</c> executable (built next to the tests) and captures what it prints.</summary>
internal static class ConsiliumProcess
{
    public sealed record Run(int ExitCode, string StdOut, string StdErr);

    public static Run Start(params string[] args) => StartIn(AppContext.BaseDirectory, null, args);

    public static Run StartIn(string workingDirectory, IDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "consilium.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["NO_COLOR"] = "1";
        psi.Environment["COLUMNS"] = "200";
        foreach (var (k, v) in environment ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("could not start consilium");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"consilium {string.Join(' ', args)} did not finish in 5 minutes");
        }
        return new Run(p.ExitCode, stdout.Result, stderr.Result);
    }

    public static string Fixture(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);
}
