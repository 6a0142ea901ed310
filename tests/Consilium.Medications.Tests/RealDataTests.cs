using System.Globalization;
using System.Text.Json;
using Consilium.Fhir.Intake;
using Consilium.Medications.Review;
using Xunit.Abstractions;

namespace Consilium.Medications.Tests;

/// <summary>The real CPIC and ANSM files from ../shared/data, and the Synthea dev bundles with the most active medications.</summary>
public sealed class RealDataTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void GivenTheSharedKnowledgeFiles_WhenImported_ThenCountsMatchTheirReadmes()
    {
        Skip.If(RealKnowledge.Missing, SharedData.MissingMessage);
        var k = RealKnowledge.Knowledge;
        // README: 2,886 rules; 6 have no level or only free text.
        Assert.Equal(2886, k.Interactions.Rules.Count);
        Assert.InRange(k.Interactions.Rules.Count(r => r.Severity == Knowledge.InteractionSeverity.Unspecified), 1, 10);
        Assert.Equal(1150, k.Interactions.HighPriorityCount);
        Assert.InRange(k.Interactions.NonInterruptiveCount, 1000, 1961);
        Assert.Equal(110, k.Pharmacogenomics.Guidelines.Count());
        Assert.Equal(361, k.Pharmacogenomics.Pairs.Count());
        Assert.Equal(15051, k.Pharmacogenomics.Gene("CYP2D6")!.DiplotypeCount);
        Assert.Equal("2016-09", k.Interactions.Thesaurus!.Version);
        Assert.Equal("CPIC v1.30.0", k.Pharmacogenomics.RecommendationSource!.Version);
        foreach (var s in k.Sources)
        {
            output.WriteLine(s.Citation);
        }
    }

    [SkippableFact]
    public void GivenSyntheaBundlesWithTheMostActiveMedications_WhenReviewed_ThenFindingsReported()
    {
        Skip.If(RealKnowledge.Missing || SharedData.Missing("fhir", "synthea-dev"), SharedData.MissingMessage);
        var dir = SharedData.PathOf("fhir", "synthea-dev");
        var rows = File.ReadAllLines(Path.Combine(dir, "index.tsv"));
        var header = rows[0].Split('\t');
        int Col(string name) => Array.IndexOf(header, name);
        var top = rows.Skip(1).Select(r => r.Split('\t'))
            .OrderByDescending(f => int.Parse(f[Col("n_active_medication_requests")], CultureInfo.InvariantCulture))
            .ThenBy(f => f[0], StringComparer.Ordinal)
            .Take(5)
            .ToList();
        var k = RealKnowledge.Knowledge;
        var total = 0;
        var interactions = 0;
        var testing = 0;
        foreach (var f in top)
        {
            var asOf = new DateTimeOffset(DateOnly.ParseExact(f[Col("latest_date")], "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(12, 0)), TimeSpan.Zero);
            var file = BundleIntake.ReadFile(Path.Combine(dir, f[0])).CaseFile;
            var review = MedicationReviewer.Review(file, k, new MedicationReviewOptions(asOf));
            output.WriteLine($"== {f[0]} ({f[Col("n_active_medication_requests")]} active requests) as of {asOf:yyyy-MM-dd}: {review.Medications.Count(m => m.Current)} current medications, {review.Findings.Count} findings");
            foreach (var m in review.Medications)
            {
                output.WriteLine($"   {(m.Current ? "current" : "recent ")} {m.Label} — {m.MatchDescription}");
            }
            foreach (var x in review.Findings)
            {
                output.WriteLine($"   [{x.Severity}] {x.Kind}: {x.Summary}");
            }
            Assert.All(review.Findings, x => Assert.False(string.IsNullOrWhiteSpace(x.Source)));
            Assert.Equal(MedicationReviewer.Rank(review.Findings), review.Findings);
            total += review.Findings.Count;
            interactions += review.Findings.Count(x => x.Kind == FindingKind.Interaction);
            testing += review.Findings.Count(x => x.Level == "testing suggested");
        }
        output.WriteLine($"total {total} findings: {interactions} interactions, {testing} pharmacogenomic testing suggestions");
        Assert.True(interactions > 0, "expected at least one interaction among the five patients with the most medications");
        Assert.True(testing > 0, "expected at least one CPIC drug without a genotype on file");
    }

    public static TheoryData<string, string, string, string> SixPairs => new()
    {
        // drug as prescribed, gene, diplotype, drug file
        { "Clopidogrel 75 MG Oral Tablet", "CYP2C19", "*2/*2", "clopidogrel" },
        { "Codeine Phosphate 30 MG Oral Tablet", "CYP2D6", "*4/*4", "codeine" },
        { "Azathioprine 50 MG Oral Tablet", "TPMT", "*3A/*3A", "azathioprine" },
        { "Azathioprine 50 MG Oral Tablet", "NUDT15", "*3/*3", "azathioprine" },
        { "capecitabine 500 MG Oral Tablet", "DPYD", "c.1905+1G>A (*2A)/c.1905+1G>A (*2A)", "capecitabine" },
        { "Simvastatin 20 MG Oral Tablet", "SLCO1B1", "*5/*5", "simvastatin" },
    };

    [SkippableTheory]
    [MemberData(nameof(SixPairs))]
    public void GivenPoorMetabolizerOrFunction_WhenReviewedAgainstRealCpic_ThenRecommendationIsThePublishedWording(string drug, string gene, string diplotype, string drugFile)
    {
        Skip.If(RealKnowledge.Missing, SharedData.MissingMessage);
        var k = RealKnowledge.Knowledge;
        var review = MedicationReviewer.Review(Cases.With(Cases.Med("1", drug)), k, new MedicationReviewOptions(Cases.AsOf) { Genotypes = [new GenotypeResult(gene, diplotype, "test")] });
        var call = Assert.Single(review.Phenotypes);
        Assert.True(call.Interpreted, call.Describe());
        var finding = Assert.Single(review.Findings, f => f.Kind == FindingKind.Pharmacogenomic && f.Level != "testing suggested");

        // Independently of the reader: the rows of the published file whose lookup key is this phenotype (others "No Result").
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("pgx", "recommendations_cpic", drugFile + ".json")));
        var expected = doc.RootElement.GetProperty("recommendations").EnumerateArray()
            .Where(r => r.GetProperty("lookupkey").EnumerateObject().All(p => p.Name == gene ? p.Value.GetString() == call.LookupKey : p.Value.GetString() == "No Result"))
            .Select(r => r.GetProperty("drugrecommendation").GetString()!)
            .ToList();
        Assert.NotEmpty(expected);
        foreach (var text in expected)
        {
            Assert.Contains(finding.Evidence, e => e.Contains(text, StringComparison.Ordinal));
        }
        Assert.Contains(expected, t => finding.Summary.Contains(t, StringComparison.Ordinal));
        Assert.Equal(FindingSeverity.High, finding.Severity);
        output.WriteLine($"{gene} {diplotype} → {call.Phenotype} ({call.LookupKey}); {drugFile}: {finding.Summary}");
    }

    [SkippableFact]
    public void GivenCyp2c9PoorAndVkorc1AA_WhenOnWarfarinAgainstRealCpic_ThenPhenotypesAndThePublishedNoteOnUsage()
    {
        Skip.If(RealKnowledge.Missing, SharedData.MissingMessage);
        var review = MedicationReviewer.Review(Cases.With(Cases.Med("1", "Warfarin Sodium 5 MG Oral Tablet")), RealKnowledge.Knowledge,
            new MedicationReviewOptions(Cases.AsOf) { Genotypes = [new GenotypeResult("CYP2C9", "*3/*3", "t"), new GenotypeResult("VKORC1", "-1639 AA", "t")] });
        var finding = Assert.Single(review.Findings, f => f.Kind == FindingKind.Pharmacogenomic);
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("pgx", "recommendations_cpic", "warfarin.json")));
        var notes = doc.RootElement.GetProperty("notesonusage").GetString()!;
        Assert.Contains(notes, finding.Summary, StringComparison.Ordinal);
        Assert.Contains("CYP2C9 Poor Metabolizer", finding.Summary, StringComparison.Ordinal);
        Assert.Contains("VKORC1 -1639 AA", finding.Summary, StringComparison.Ordinal);
        output.WriteLine(finding.Summary);
    }

    [SkippableFact]
    public void GivenRealThesaurus_WhenAmlodipineWithSimvastatin_ThenAnsmPrecautionWithItsManagementText()
    {
        Skip.If(RealKnowledge.Missing, SharedData.MissingMessage);
        var review = MedicationReviewer.Review(Cases.With(Cases.Med("1", "Amlodipine 5 MG Oral Tablet"), Cases.Med("2", "Simvastatin 20 MG Oral Tablet")), RealKnowledge.Knowledge, new MedicationReviewOptions(Cases.AsOf));
        var f = Assert.Single(review.Findings, f => f.Kind == FindingKind.Interaction);
        Assert.Equal("Precaution for use", f.Level);
        Assert.Contains("simvastatin", f.Summary, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("2016-09", f.Source, StringComparison.Ordinal);
    }
}
