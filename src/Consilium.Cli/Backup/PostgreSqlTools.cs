using System.Diagnostics;
using Npgsql;

namespace Consilium.Cli.Backup;

/// <summary>
/// PostgreSQL's own dump and restore programs (Debian's <c>postgresql-client</c>): found on the PATH or under
/// <c>/usr/lib/postgresql/*/bin</c> (newest first). The connection goes in through <c>PG*</c> environment variables, so the password is
/// never on a command line.
/// </summary>
internal static class PostgreSqlTools
{
    /// <summary>The full path of <paramref name="program"/> (<c>pg_dump</c> or <c>pg_restore</c>); a clear <see cref="BadInputException"/> when it is not installed.</summary>
    public static string Find(string program)
    {
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program))
            .Concat(Directory.Exists("/usr/lib/postgresql")
                ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(VersionOf).Select(d => Path.Combine(d, "bin", program))
                : []);
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new BadInputException($"{program} is not installed (looked on the PATH and in /usr/lib/postgresql/*/bin): install Debian's postgresql-client, the same major version as the server or newer");
    }

    /// <summary>Runs <paramref name="program"/> against the database of <paramref name="connectionString"/>; throws with its error output when it fails.</summary>
    public static async Task RunAsync(string program, string connectionString, IEnumerable<string> arguments, CancellationToken ct)
    {
        var path = Find(program);
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            psi.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in LibpqEnvironment(connectionString))
        {
            psi.Environment[name] = value;
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {path}");
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var errors = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        await output;
        var message = (await errors).Trim();
        if (process.ExitCode != 0)
        {
            throw new PostgreSqlToolException($"{program} failed (exit {process.ExitCode}): {(message.Length > 0 ? message : "no message")}");
        }
    }

    /// <summary>libpq's environment for an Npgsql connection string: host, port, database, user, password, SSL mode.</summary>
    internal static IEnumerable<(string Name, string Value)> LibpqEnvironment(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrEmpty(builder.Host))
        {
            yield return ("PGHOST", builder.Host);
        }
        yield return ("PGPORT", builder.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(builder.Database))
        {
            yield return ("PGDATABASE", builder.Database);
        }
        if (!string.IsNullOrEmpty(builder.Username))
        {
            yield return ("PGUSER", builder.Username);
        }
        if (!string.IsNullOrEmpty(builder.Password))
        {
            yield return ("PGPASSWORD", builder.Password);
        }
        yield return ("PGSSLMODE", builder.SslMode switch
        {
            SslMode.Disable => "disable",
            SslMode.Allow => "allow",
            SslMode.Require => "require",
            SslMode.VerifyCA => "verify-ca",
            SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        });
        yield return ("PGCONNECT_TIMEOUT", Math.Max(builder.Timeout, 2).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    private static System.Version VersionOf(string directory) =>
        System.Version.TryParse(Path.GetFileName(directory), out var v) ? v : int.TryParse(Path.GetFileName(directory), out var major) ? new System.Version(major, 0) : new System.Version(0, 0);
}

/// <summary>pg_dump or pg_restore refused or failed; the message carries what it said.</summary>
internal sealed class PostgreSqlToolException : Exception
{
    public PostgreSqlToolException(string message) : base(message) { }
    public PostgreSqlToolException() { }
    public PostgreSqlToolException(string message, Exception inner) : base(message, inner) { }
}
