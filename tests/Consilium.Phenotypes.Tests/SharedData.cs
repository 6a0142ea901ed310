namespace Consilium.Phenotypes.Tests;

/// <summary>
/// Finds the shared reference data: env CONSILIUM_SHARED_DATA, else walking up from the test's base directory to a
/// folder that has <c>shared/data</c> (the repo is at &lt;root&gt;/main, the data at &lt;root&gt;/shared/data).
/// </summary>
internal static class SharedData
{
    public static string? Directory { get; } = Consilium.Tests.Shared.SharedDataLocator.Find(mustContain: "hpo");

    public static string? HpoFile(string name) => Directory is null ? null : Existing(Path.Combine(Directory, "hpo", name));

    public static string? Ontology => HpoFile("hp.v2025-05-06.json.gz");

    public static string? Annotations => HpoFile("phenotype.v2025-05-06.hpoa.gz");

    public static string? Phenopackets => Directory is null ? null : ExistingDir(Path.Combine(Directory, "phenopackets", "dev"));

    public const string Missing = "shared reference data not found (set CONSILIUM_SHARED_DATA to the shared/data directory, or place it at <root>/shared/data beside the repo)";

    private static string? Existing(string path) => File.Exists(path) ? path : null;

    private static string? ExistingDir(string path) => System.IO.Directory.Exists(path) ? path : null;
}
