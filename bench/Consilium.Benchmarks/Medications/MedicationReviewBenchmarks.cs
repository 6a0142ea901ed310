using BenchmarkDotNet.Attributes;
using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Knowledge.Import;
using Consilium.Medications.Review;

namespace Consilium.Benchmarks.Medications;

/// <summary>
/// Medication review against the real knowledge in shared/data (ANSM thesaurus + ONC lists, CPIC tables):
/// knowledge import time, and review latency for a 15-medication patient with two genotypes and a dispensing
/// history (target: well under 10 ms per review after load).
/// Data directory: walks up from the binaries to find shared/data, or CONSILIUM_SHARED_DATA.
/// Run: dotnet run -c Release --project bench/Consilium.Benchmarks -- --filter '*MedicationReview*' --job short
/// </summary>
[MemoryDiagnoser]
public class MedicationReviewBenchmarks
{
    private static readonly DateTimeOffset AsOf = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Fifteen common drugs, as Synthea/RxNorm product names (resolved by ingredient name, as in real records).</summary>
    private static readonly string[] Drugs =
    [
        "Clopidogrel 75 MG Oral Tablet", "Simvastatin 40 MG Oral Tablet", "Amlodipine 5 MG Oral Tablet",
        "24 HR metoprolol succinate 100 MG Extended Release Oral Tablet", "Omeprazole 20 MG Delayed Release Oral Capsule",
        "Warfarin Sodium 5 MG Oral Tablet", "Clarithromycin 500 MG Oral Tablet", "Digoxin 0.125 MG Oral Tablet",
        "Amiodarone hydrochloride 200 MG Oral Tablet", "Hydrochlorothiazide 25 MG Oral Tablet", "lisinopril 10 MG Oral Tablet",
        "Acetaminophen 325 MG / Oxycodone Hydrochloride 5 MG Oral Tablet", "Fluoxetine 20 MG Oral Capsule",
        "Metformin hydrochloride 500 MG Oral Tablet", "Allopurinol 100 MG Oral Tablet",
    ];

    private string _interactions = string.Empty;
    private string _pgx = string.Empty;
    private MedicationKnowledge _knowledge = MedicationKnowledge.Empty;
    private CaseFile _case = new();
    private MedicationReviewOptions _options = new(AsOf);

    [GlobalSetup]
    public void Setup()
    {
        var root = SharedData() ?? throw new InvalidOperationException(
            "Reference data not found: expected <root>/shared/data (pgx/, interactions/) above the benchmark binaries, or set CONSILIUM_SHARED_DATA.");
        _interactions = Path.Combine(root, "interactions");
        _pgx = Path.Combine(root, "pgx");
        _knowledge = KnowledgeImport.FromDirectories(_interactions, _pgx);
        var meds = Drugs.Select((d, i) => new Medication($"MedicationRequest/{i}", CodedConcept.Of(CodeSystems.RxNorm, $"{900000 + i}", d))
        {
            Status = MedicationStatus.Active,
            Start = AsOf.AddDays(-200 + i),
        }).ToList();
        var fills = meds.SelectMany((m, i) => Enumerable.Range(0, 5).Select(k => new DispenseRecord($"MedicationDispense/{i}-{k}", m.Code)
        {
            Status = "completed",
            HandedOver = AsOf.AddDays(-190 + k * (i % 3 == 0 ? 60 : 30)),
            DaysSupply = 30,
        })).ToList();
        _case = new CaseFile { Medications = meds, Dispenses = fills };
        _options = new MedicationReviewOptions(AsOf)
        {
            Genotypes = [new GenotypeResult("CYP2C19", "*2/*2", "bench"), new GenotypeResult("CYP2C9", "*1/*3", "bench")],
        };
        var review = MedicationReviewer.Review(_case, _knowledge, _options);
        Console.WriteLine($"// Medication review input: {meds.Count} medications ({review.Medications.Count(m => m.Ingredients.Count > 0)} matched), {fills.Count} fills, {review.Findings.Count} findings");
    }

    [Benchmark(Description = "Knowledge import (ANSM + ONC + CPIC, all files)")]
    public MedicationKnowledge Import() => KnowledgeImport.FromDirectories(_interactions, _pgx);

    [Benchmark(Description = "Review of a 15-medication patient (after import)")]
    public MedicationReview Review() => MedicationReviewer.Review(_case, _knowledge, _options);

    private static string? SharedData()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("CONSILIUM_SHARED_DATA");
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment) ? fromEnvironment : null;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "data");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }
}
