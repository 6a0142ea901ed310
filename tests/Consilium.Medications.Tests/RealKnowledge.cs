using Consilium.Medications.Knowledge;
using Consilium.Medications.Knowledge.Import;

namespace Consilium.Medications.Tests;

/// <summary>The real CPIC and ANSM/ONC files from ../shared/data, imported once for the whole test run.</summary>
internal static class RealKnowledge
{
    private static readonly Lazy<MedicationKnowledge> Loaded = new(() =>
        KnowledgeImport.FromDirectories(SharedData.PathOf("interactions"), SharedData.PathOf("pgx")));

    public static bool Missing => SharedData.Missing("interactions") || SharedData.Missing("pgx");

    public static MedicationKnowledge Knowledge => Loaded.Value;
}
