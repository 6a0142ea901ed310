namespace Consilium.Fhir.Tests;

/// <summary>
/// Locates the shared reference data (<c>&lt;root&gt;/shared/data</c>, next to the repository checkout) by walking up
/// from the test binaries; <c>CONSILIUM_SHARED_DATA</c> overrides it.
/// </summary>
internal static class SharedData
{
    public const string EnvironmentVariable = "CONSILIUM_SHARED_DATA";

    public static string? Directory { get; } = Locate();

    public static string? SyntheaDev => Directory is null ? null : ExistingDirectory(Path.Combine(Directory, "fhir", "synthea-dev"));

    private static string? Locate()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return ExistingDirectory(fromEnvironment);
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (System.IO.Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    private static string? ExistingDirectory(string path) => System.IO.Directory.Exists(path) ? path : null;
}
