using Consilium.Domain.Triage;
using Consilium.Fhir.Intake;

namespace Consilium.Cli.Tests.Triage;

/// <summary>Triage over every Synthea bundle in ../shared/data/fhir/synthea-dev (real, large, messy exports).</summary>
public class SyntheaTriageTests
{
    public sealed record IndexRow(string File, string ActiveCancerConditions, string LatestDate);

    private static List<IndexRow> Index(string dir) =>
        File.ReadLines(Path.Combine(dir, "index.tsv")).Skip(1)
            .Select(l => l.Split('\t'))
            .Select(c => new IndexRow(c[0], c[4], c[7]))
            .ToList();

    [SkippableFact]
    public void GivenEverySyntheaBundle_WhenTriaged_ThenNoneCrashesAndEveryActiveCancerIsTaggedCancer()
    {
        Skip.If(SharedData.Root is null, SharedData.MissingMessage);
        var dir = Path.Combine(SharedData.Root!, "fhir", "synthea-dev");
        Skip.IfNot(Directory.Exists(dir), $"{dir} is missing.");
        var rows = Index(dir);
        Assert.Equal(Directory.GetFiles(dir, "*.json").Length, rows.Count);

        var failures = new List<string>();
        var cancers = 0;
        foreach (var row in rows)
        {
            var intake = BundleIntake.ReadFile(Path.Combine(dir, row.File));
            var asOf = DateTimeOffset.Parse(row.LatestDate, System.Globalization.CultureInfo.InvariantCulture);
            var result = TriageEngine.Assess(intake.CaseFile, asOf);
            var hasActiveCancer = row.ActiveCancerConditions.Length > 0;
            if (hasActiveCancer)
            {
                cancers++;
                if (!result.Has(SituationCode.Cancer))
                {
                    failures.Add($"{row.File}: active cancer ({row.ActiveCancerConditions}) not tagged cancer");
                }
                else if (!result.TumorBoard)
                {
                    failures.Add($"{row.File}: cancer without tumour board");
                }
            }
            else if (result.Has(SituationCode.Cancer))
            {
                failures.Add($"{row.File}: tagged cancer without an active cancer condition: {string.Join(", ", result.Situations.Single(s => s.Code == SituationCode.Cancer).Reasons)}");
            }
        }
        Assert.True(cancers >= 10, $"expected the dev set's cancer patients, found {cancers}");
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
