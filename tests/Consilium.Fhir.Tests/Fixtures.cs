using Consilium.Fhir.Intake;

namespace Consilium.Fhir.Tests;

/// <summary>The small FHIR JSON files under Fixtures/ (copied to the output directory).</summary>
internal static class Fixtures
{
    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(PathOf(name));

    public static BundleIntakeResult Read(string name) => BundleIntake.ReadFile(PathOf(name));

    public static BundleIntakeResult ReadJson(string json) => BundleIntake.Read(System.Text.Encoding.UTF8.GetBytes(json));
}
