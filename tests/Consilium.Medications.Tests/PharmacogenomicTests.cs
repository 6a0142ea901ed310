using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Review;

namespace Consilium.Medications.Tests;

public sealed class PharmacogenomicTests : IDisposable
{
    private readonly KnowledgeFiles _files = new();
    private readonly MedicationKnowledge _k;

    public PharmacogenomicTests() => _k = _files.Load();

    public void Dispose() => _files.Dispose();

    private MedicationFinding Pgx(string drug, params (string, string)[] genotypes)
    {
        var review = Cases.Review(Cases.With(Cases.Med("1", drug)), _k, genotypes);
        return Assert.Single(review.Findings, f => f.Kind == FindingKind.Pharmacogenomic);
    }

    [Theory]
    [InlineData("*2/*2")]
    [InlineData("*2 / *2")]
    public void GivenCyp2c19PoorMetabolizer_WhenOnClopidogrel_ThenCpicSaysUseAlternative(string diplotype)
    {
        var f = Pgx("Clopidogrel 75 MG Oral Tablet", ("CYP2C19", diplotype));
        Assert.Equal(FindingSeverity.High, f.Severity);
        Assert.Equal("Strong", f.Level);
        Assert.Contains(KnowledgeFiles.ClopidogrelPoor, f.Summary, StringComparison.Ordinal);
        Assert.Contains("CYP2C19 Poor Metabolizer", f.Summary, StringComparison.Ordinal);
        Assert.Contains(f.Evidence, e => e.Contains("CYP2C19 *2/*2 → Poor Metabolizer", StringComparison.Ordinal));
        Assert.Contains("CPIC v1.30.0", f.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenDiplotypeWrittenTheOtherWayRound_WhenInterpreted_ThenSameRow()
    {
        var call = Genotypes.Interpret(new GenotypeResult("CYP2C19", "*2/*1", "t"), _k.Pharmacogenomics);
        Assert.Equal("Intermediate Metabolizer", call.Phenotype);
    }

    [Fact]
    public void GivenCyp2c19NormalMetabolizer_WhenOnClopidogrel_ThenStandardDoseIsContextOnly()
    {
        var f = Pgx("Clopidogrel 75 MG Oral Tablet", ("CYP2C19", "*1/*1"));
        Assert.Equal(FindingSeverity.Info, f.Severity);
        Assert.Contains(KnowledgeFiles.ClopidogrelNormal, f.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenCyp2d6PoorMetabolizer_WhenOnCodeine_ThenActivityScoreZeroAndAvoidCodeine()
    {
        var f = Pgx("Acetaminophen 300 MG / Codeine Phosphate 30 MG Oral Tablet", ("CYP2D6", "*4/*4"));
        Assert.Contains(KnowledgeFiles.CodeinePoor, f.Summary, StringComparison.Ordinal);
        Assert.Contains(f.Evidence, e => e.Contains("activity score 0.0", StringComparison.Ordinal));
        Assert.Equal(FindingSeverity.High, f.Severity);
    }

    [Fact]
    public void GivenTpmtPoorAndNudt15Normal_WhenOnAzathioprine_ThenBothGenesUsed()
    {
        var f = Pgx("Azathioprine 50 MG Oral Tablet", ("TPMT", "*3A/*3A"), ("NUDT15", "*1/*1"));
        Assert.Contains(KnowledgeFiles.ThiopurineTpmtPoor, f.Summary, StringComparison.Ordinal);
        Assert.Contains("TPMT Poor Metabolizer, NUDT15 Normal Metabolizer", f.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTpmtPoorOnly_WhenOnAzathioprine_ThenNoResultRowForNudt15()
    {
        var f = Pgx("Azathioprine 50 MG Oral Tablet", ("TPMT", "*3A/*3A"));
        Assert.Contains(KnowledgeFiles.ThiopurineTpmtPoorNoNudt, f.Summary, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Reference/c.1905+1G>A (*2A)")]
    [InlineData("*1/*2A")]
    [InlineData("c.1905+1G>A/Reference")]
    public void GivenDpydIntermediate_WhenOnFluorouracil_ThenHalveTheStartingDose(string diplotype)
    {
        var f = Pgx("fluorouracil 50 MG/ML Injectable Solution", ("DPYD", diplotype));
        Assert.Contains(KnowledgeFiles.FluorouracilIntermediate, f.Summary, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Moderate, f.Severity);
        Assert.Equal("Moderate", f.Level);
    }

    [Fact]
    public void GivenSlco1b1PoorFunction_WhenOnSimvastatin_ThenAlternativeStatin()
    {
        var f = Pgx("Simvastatin 40 MG Oral Tablet", ("SLCO1B1", "*5/*5"));
        Assert.Contains(KnowledgeFiles.SimvastatinPoor, f.Summary, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.High, f.Severity);
    }

    [Theory]
    [InlineData("-1639 AA")]
    [InlineData("A/A")]
    [InlineData("T/T")]
    public void GivenCyp2c9AndVkorc1_WhenOnWarfarin_ThenPhenotypesAndTheDosingAlgorithmNote(string vkorc1)
    {
        var f = Pgx("Warfarin Sodium 5 MG Oral Tablet", ("CYP2C9", "*3/*3"), ("VKORC1", vkorc1));
        Assert.Contains("CYP2C9 Poor Metabolizer, VKORC1 -1639 AA", f.Summary, StringComparison.Ordinal);
        Assert.Contains(KnowledgeFiles.WarfarinNotes, f.Summary, StringComparison.Ordinal);
        Assert.Equal(FindingSeverity.Moderate, f.Severity);
    }

    [Fact]
    public void GivenHlaB5701Positive_WhenOnAbacavir_ThenNotRecommended()
    {
        var f = Pgx("abacavir 300 MG Oral Tablet", ("HLA-B", "*57:01 positive"));
        Assert.Contains(KnowledgeFiles.AbacavirPositive, f.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenNoGenotype_WhenOnDrugWithCpicGuideline_ThenTestingSuggested()
    {
        var f = Pgx("Clopidogrel 75 MG Oral Tablet");
        Assert.Equal("testing suggested", f.Level);
        Assert.Equal(FindingSeverity.Low, f.Severity);
        Assert.Contains("testing could explain non-response or toxicity", f.Summary, StringComparison.Ordinal);
        Assert.Contains(f.Evidence, e => e.Contains("CPIC level A gene–drug pair: CYP2C19–clopidogrel", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenNoGenotype_WhenDrugOnlyInLevelAPairList_ThenTestingSuggestedFromPairList()
    {
        var f = Pgx("Ondansetron 4 MG Oral Tablet");
        Assert.Equal("testing suggested", f.Level);
        Assert.Contains("CPIC gene-drug pairs", f.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenLevelCPairOnly_WhenReviewed_ThenNoTestingSuggestion()
    {
        var review = Cases.Review(Cases.With(Cases.Med("1", "Ibuprofen 400 MG Oral Tablet")), _k);
        Assert.DoesNotContain(review.Findings, f => f.Kind == FindingKind.Pharmacogenomic);
    }

    [Fact]
    public void GivenGenotypeObservationInTheCase_WhenReviewed_ThenUsedLikeAnEnteredGenotype()
    {
        var obs = new ObservationRecord("Observation/g1", CodedConcept.Of(CodeSystems.Loinc, "84413-4", "CYP2C19 gene product metabolic activity interpretation")) { ValueText = "*2/*2" };
        var file = Cases.With(Cases.Med("1", "Clopidogrel 75 MG Oral Tablet")) with { Observations = [obs] };
        var review = Cases.Review(file, _k);
        var call = Assert.Single(review.Phenotypes);
        Assert.Equal("Observation/g1", call.Source);
        Assert.Contains(review.Findings, f => f.Summary.Contains(KnowledgeFiles.ClopidogrelPoor, StringComparison.Ordinal));
    }

    [Fact]
    public void GivenUnknownDiplotype_WhenReviewed_ThenSaysItCouldNotBeInterpreted()
    {
        var review = Cases.Review(Cases.With(Cases.Med("1", "Clopidogrel 75 MG Oral Tablet")), _k, ("CYP2C19", "*99/*98"));
        Assert.Contains(review.Findings, f => f.Level == "not interpreted" && f.Summary.Contains("*99/*98", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenPhenotypeInsteadOfDiplotype_WhenInterpreted_ThenLookupKeyFromTheTable()
    {
        var call = Genotypes.Interpret(new GenotypeResult("CYP2D6", "Poor Metaboliser", "t"), _k.Pharmacogenomics);
        Assert.Equal("0.0", call.LookupKey);
    }

    [Fact]
    public void GivenGenotypesFile_WhenParsed_ThenGeneAndValuePerLineCommentsSkipped()
    {
        var list = Genotypes.ParseFile("# lab report\nCYP2C19\t*2/*2\r\nhla-b\t*57:01 positive\n\n", "g.tsv");
        Assert.Equal(2, list.Count);
        Assert.Equal(("CYP2C19", "*2/*2", "g.tsv:2"), (list[0].Gene, list[0].Value, list[0].Source));
        Assert.Equal("HLA-B", list[1].Gene);
    }

    [Fact]
    public void GivenGenotypesFileLineWithoutTab_WhenParsed_ThenFormatExceptionNamesTheLine()
    {
        var ex = Assert.Throws<FormatException>(() => Genotypes.ParseFile("CYP2C19 *2/*2", "g.tsv"));
        Assert.Contains("g.tsv line 1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenPairRowWithUnquotedCommaInDrugName_WhenImported_ThenLevelStillRead()
    {
        Assert.Contains(_k.Pharmacogenomics.Pairs, p => p.Drug == "interferon alfa-2b, recombinant" && p.Level == "C/D");
        Assert.Equal(4, _k.Pharmacogenomics.Pairs.Count());
        Assert.Equal("Date last updated: Oct 3, 2019", _k.Pharmacogenomics.PairSource!.Version);
    }
}
