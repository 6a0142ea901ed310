using System.Globalization;
using Consilium.Domain.Cases;
using Consilium.Fhir.Intake;

namespace Consilium.Fhir.Tests.Intake;

/// <summary>Reads every Synthea bundle in shared/data/fhir/synthea-dev and checks it against index.tsv.</summary>
public sealed class SyntheaBundleTests
{
    private static string RequireSyntheaDev()
    {
        var dir = SharedData.SyntheaDev;
        Skip.If(dir is null, $"Synthea bundles not found: expected <root>/shared/data/fhir/synthea-dev above {AppContext.BaseDirectory}, or set {SharedData.EnvironmentVariable} to the shared data directory.");
        return dir!;
    }

    private sealed record IndexRow(string File, string Sex, int Conditions, int Procedures, int ActiveMedicationRequests, DateOnly? Deceased);

    private static List<IndexRow> ReadIndex(string dir)
    {
        var lines = File.ReadAllLines(Path.Combine(dir, "index.tsv"));
        var header = lines[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name) is var i and >= 0 ? i : throw new InvalidOperationException($"index.tsv has no column {name}");
        return lines.Skip(1).Where(l => l.Length > 0).Select(l => l.Split('\t')).Select(c => new IndexRow(
            c[Col("file")],
            c[Col("sex")],
            int.Parse(c[Col("n_conditions")], CultureInfo.InvariantCulture),
            int.Parse(c[Col("n_procedures")], CultureInfo.InvariantCulture),
            int.Parse(c[Col("n_active_medication_requests")], CultureInfo.InvariantCulture),
            string.IsNullOrEmpty(c[Col("deceased_date")]) ? null : DateOnly.ParseExact(c[Col("deceased_date")], "yyyy-MM-dd", CultureInfo.InvariantCulture))).ToList();
    }

    [SkippableFact]
    public void GivenEverySyntheaBundle_WhenRead_ThenNoErrorAndCountsMatchIndex()
    {
        var dir = RequireSyntheaDev();
        var index = ReadIndex(dir).ToDictionary(r => r.File, StringComparer.Ordinal);
        var files = Directory.GetFiles(dir, "*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        Assert.Equal(index.Count, files.Count);

        var failures = new List<string>();
        foreach (var path in files)
        {
            var name = Path.GetFileName(path);
            var row = index[name];
            BundleIntakeResult result;
            try
            {
                result = BundleIntake.ReadFile(path);
            }
            catch (FhirIntakeException e)
            {
                failures.Add($"{name}: {e.Message}");
                continue;
            }
            var file = result.CaseFile;
            var conditions = file.Conditions.Count(c => c.Source.StartsWith("Condition/", StringComparison.Ordinal))
                + file.Findings.Count(f => f.Source.StartsWith("Condition/", StringComparison.Ordinal));
            var procedures = file.Procedures.Count(p => p.Source.StartsWith("Procedure/", StringComparison.Ordinal));
            var activeRequests = file.Medications.Count(m => m.Source.StartsWith("MedicationRequest/", StringComparison.Ordinal) && m.Status == MedicationStatus.Active);
            void Check<T>(string what, T expected, T actual)
            {
                if (!EqualityComparer<T>.Default.Equals(expected, actual))
                {
                    failures.Add($"{name}: {what} expected {expected}, read {actual}");
                }
            }
            Check("conditions", row.Conditions, conditions);
            Check("procedures", row.Procedures, procedures);
            Check("active MedicationRequests", row.ActiveMedicationRequests, activeRequests);
            Check("deceased", row.Deceased is not null, result.PatientDeceased);
            Check("deceased date", row.Deceased, file.Patient.DeceasedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : (DateOnly?)null);
            Check("sex", row.Sex, file.Patient.Sex.ToString().ToLowerInvariant());
            Check("transaction", "transaction", result.BundleType);
            Check("deceased note", row.Deceased is not null, result.Notes.Any(n => n.StartsWith("The patient is deceased", StringComparison.Ordinal)));
            Check("Claims ignored", true, result.IgnoredResources.GetValueOrDefault("Claim") > 0);
            Check("jurisdiction", true, file.Patient.Jurisdiction?.StartsWith("US-", StringComparison.Ordinal) ?? false);
        }
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [SkippableFact]
    public void GivenSyntheaReferences_WhenRead_ThenReasonReferencesAndGoalAddressesPointAtReadConditions()
    {
        var dir = RequireSyntheaDev();
        var references = 0;
        foreach (var path in Directory.GetFiles(dir, "*.json"))
        {
            var file = BundleIntake.ReadFile(path).CaseFile;
            var conditionSources = file.Conditions.Select(c => c.Source).Concat(file.Findings.Select(f => f.Source)).ToHashSet(StringComparer.Ordinal);
            foreach (var reference in file.Medications.SelectMany(m => m.ReasonReferences).Concat(file.Goals.SelectMany(g => g.Addresses)).Concat(file.Procedures.SelectMany(p => p.ReasonReferences)))
            {
                references++;
                Assert.True(conditionSources.Contains(reference), $"{Path.GetFileName(path)}: {reference} does not resolve to a Condition in the case");
            }
        }
        Assert.True(references > 0);
    }
}
