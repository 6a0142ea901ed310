using Spectre.Console;
using Spectre.Console.Cli;

namespace Consilium.Cli;

/// <summary>What the process exit code means, for scripts that call <c>consilium</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;
    /// <summary>The command ran and found a problem it was asked to look for (e.g. <c>audit verify</c>: the chain is broken).</summary>
    public const int ProblemFound = 1;
    /// <summary>Bad input: a file, an argument or an option was wrong; one line on stderr says which.</summary>
    public const int BadInput = 2;
    /// <summary>Something failed that is not the caller's fault (database unreachable, bug).</summary>
    public const int Failure = 3;

    public static async Task<int> RunAsync(CommandApp app, string[] args)
    {
        try
        {
            return await app.RunAsync(args);
        }
        catch (Exception ex) when (ex is CommandParseException or CommandRuntimeException or BadInputException)
        {
            await Console.Error.WriteLineAsync($"consilium: {OneLine(ex.Message)}");
            return BadInput;
        }
#pragma warning disable CA1031 // the last line of defence: report, never a stack trace for the user
        catch (Exception ex)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync($"consilium: unexpected failure: {ex.GetType().Name}: {OneLine(ex.Message)}");
            if (Environment.GetEnvironmentVariable("CONSILIUM_DEBUG") == "1")
            {
                AnsiConsole.WriteException(ex);
            }
            return Failure;
        }
    }

    /// <summary>Error messages go to stderr as one line, whatever the input quoted back contains.</summary>
    public static string OneLine(string message) => string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}

/// <summary>Thrown by a command when the user's input is wrong; the message names the problem.</summary>
public sealed class BadInputException : Exception
{
    public BadInputException(string message) : base(message) { }
    public BadInputException(string message, Exception inner) : base(message, inner) { }
    public BadInputException() { }
}
