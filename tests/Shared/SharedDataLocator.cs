namespace Consilium.Tests.Shared;

/// <summary>
/// Finds the shared reference data for tests: <c>CONSILIUM_SHARED_DATA</c> when set, else the first
/// <c>shared/data</c> folder (optionally holding <paramref name="mustContain"/>) found walking up from the test
/// binaries (the repository is at &lt;root&gt;/main, the data at &lt;root&gt;/shared/data). Linked into each test project.
/// </summary>
internal static class SharedDataLocator
{
    public const string EnvironmentVariable = "CONSILIUM_SHARED_DATA";

    public static string? Find(string? mustContain = null)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(mustContain is null ? candidate : Path.Combine(candidate, mustContain)))
            {
                return candidate;
            }
        }
        return null;
    }
}
