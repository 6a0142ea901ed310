using Consilium.Medications.Knowledge;
using Consilium.Medications.Review;

namespace Consilium.Medications.Tests;

public sealed class SnapshotTests : IDisposable
{
    private readonly KnowledgeFiles _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public void GivenImportedKnowledge_WhenExportedAndRestored_ThenTheSameSourcesAndTheSameReview()
    {
        var k = _files.Load();
        var blobs = KnowledgeSnapshot.Export(k);
        Assert.Equal(KnowledgeSnapshot.Kinds.Order(), blobs.Select(b => b.Kind).Order());
        var restored = KnowledgeSnapshot.Restore(blobs);
        Assert.Equal(k.Sources.Select(s => s.Citation), restored.Sources.Select(s => s.Citation));
        var file = Cases.With(Cases.Med("1", "Simvastatin 20 MG"), Cases.Med("2", "Clarithromycin 500 MG"), Cases.Med("3", "Clopidogrel 75 MG"),
            Cases.Med("4", "Metoprolol 50 MG"), Cases.Med("5", "Amlodipine 5 MG"));
        string[] Summaries(MedicationKnowledge x) => Cases.Review(file, x, ("CYP2C19", "*2/*2"), ("DPYD", "*1/*2A")).Findings.Select(f => $"{f.Severity} {f.Summary} {f.Source}").ToArray();
        Assert.Equal(Summaries(k), Summaries(restored));
    }

    [Fact]
    public void GivenCorruptBlob_WhenRestored_ThenInvalidDataNamesTheKind()
    {
        var blob = KnowledgeSnapshot.Export(_files.Load())[0] with { Content = [1, 2, 3] };
        var ex = Assert.Throws<InvalidDataException>(() => KnowledgeSnapshot.Restore([blob]));
        Assert.Contains(blob.Kind, ex.Message, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void GivenRealKnowledge_WhenExportedAndRestored_ThenRuleAndGuidelineCountsKept()
    {
        Skip.If(RealKnowledge.Missing, SharedData.MissingMessage);
        var restored = KnowledgeSnapshot.Restore(KnowledgeSnapshot.Export(RealKnowledge.Knowledge));
        Assert.Equal(RealKnowledge.Knowledge.Interactions.Rules.Count, restored.Interactions.Rules.Count);
        Assert.Equal(RealKnowledge.Knowledge.Pharmacogenomics.Guidelines.Count(), restored.Pharmacogenomics.Guidelines.Count());
        Assert.Equal(15051, restored.Pharmacogenomics.Gene("CYP2D6")!.DiplotypeCount);
    }
}
