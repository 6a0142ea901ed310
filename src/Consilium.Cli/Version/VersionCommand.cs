using System.Reflection;
using Spectre.Console.Cli;

namespace Consilium.Cli.Version;

internal sealed class VersionCommand : Command
{
    public override int Execute(CommandContext context, CancellationToken cancellationToken)
    {
        var version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        Console.WriteLine($"consilium {version}");
        return ExitCodes.Ok;
    }
}
