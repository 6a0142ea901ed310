namespace Consilium.Fhir.Tests;

/// <summary>
/// Locates the shared reference data (<c>&lt;root&gt;/shared/data</c>, next to the repository checkout) by walking up
/// from the test binaries; <c>CONSILIUM_SHARED_DATA</c> overrides it.
/// </summary>
internal static class SharedData
{
    public const string EnvironmentVariable = Consilium.Tests.Shared.SharedDataLocator.EnvironmentVariable;

    public static string? Directory { get; } = Consilium.Tests.Shared.SharedDataLocator.Find();

    public static string? SyntheaDev => Directory is null ? null : ExistingDirectory(Path.Combine(Directory, "fhir", "synthea-dev"));

    private static string? ExistingDirectory(string path) => System.IO.Directory.Exists(path) ? path : null;
}
