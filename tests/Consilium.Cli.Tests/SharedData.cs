namespace Consilium.Cli.Tests;

/// <summary>Finds ../shared/data (the reference data beside the repository), or says why it is missing.</summary>
internal static class SharedData
{
    public static string? Root { get; } = Consilium.Tests.Shared.SharedDataLocator.Find();

    public static string MissingMessage => "Reference data not found: set CONSILIUM_SHARED_DATA or place the shared data folder at ../shared/data beside the repository.";
}
