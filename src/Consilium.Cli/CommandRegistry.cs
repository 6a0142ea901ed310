using Spectre.Console.Cli;

namespace Consilium.Cli;

/// <summary>Every <c>consilium</c> command, one line each; the commands live in their feature folders.</summary>
internal static class CommandRegistry
{
    public static void Register(IConfigurator config)
    {
        config.AddCommand<Version.VersionCommand>("version").WithDescription("Print the Consilium version.");
    }
}
