using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Review;

namespace Consilium.Medications.Tests;

public sealed class InteractionTests : IDisposable
{
    private readonly KnowledgeFiles _files = new();
    private readonly MedicationKnowledge _k;

    public InteractionTests() => _k = _files.Load();

    public void Dispose() => _files.Dispose();

    private IReadOnlyList<MedicationFinding> Interactions(params Medication[] meds) =>
        Cases.Review(Cases.With(meds), _k).Findings.Where(f => f.Kind == FindingKind.Interaction).ToList();

    [Fact]
    public void GivenTheTestThesaurus_WhenImported_ThenEveryRuleKindAndSourceVersionAreRead()
    {
        Assert.Equal(5, _k.Interactions.Rules.Count);
        Assert.Contains(_k.Interactions.Rules, r => r.Kind == InteractionRuleKind.DrugDrug);
        Assert.Contains(_k.Interactions.Rules, r => r.Kind == InteractionRuleKind.DrugClass);
        Assert.Contains(_k.Interactions.Rules, r => r.Kind == InteractionRuleKind.ClassClass);
        Assert.Equal("2016-09", _k.Interactions.Thesaurus!.Version);
        Assert.Equal(12, _k.Interactions.Thesaurus.Sha256.Length);
        Assert.Equal(1, _k.Interactions.HighPriorityCount);
        Assert.Equal(1, _k.Interactions.NonInterruptiveCount);
    }

    [Fact]
    public void GivenDrugDrugContraindication_WhenReviewed_ThenHighFindingWithManagementSourceAndHowMatched()
    {
        var f = Assert.Single(Interactions(Cases.Med("1", "Simvastatin 20 MG Oral Tablet"), Cases.Med("2", "Clarithromycin 500 MG Oral Tablet")));
        Assert.Equal(FindingSeverity.High, f.Severity);
        Assert.Equal("Contraindication", f.Level);
        Assert.Contains("rhabdomyolysis", f.Summary, StringComparison.Ordinal);
        Assert.Contains("Use another statin.", f.Summary, StringComparison.Ordinal);
        Assert.Contains(f.Evidence, e => e.Contains("drug–drug", StringComparison.Ordinal));
        Assert.Contains(f.Evidence, e => e.Contains("name \"simvastatin\" in \"Simvastatin 20 MG Oral Tablet\"", StringComparison.Ordinal));
        Assert.Contains("ANSM interaction thesaurus", f.Source, StringComparison.Ordinal);
        Assert.Contains("2016-09", f.Source, StringComparison.Ordinal);
        Assert.Equal(["Clarithromycin 500 MG Oral Tablet", "Simvastatin 20 MG Oral Tablet"], f.Drugs);
    }

    [Fact]
    public void GivenDrugClassRule_WhenMemberOfClassTaken_ThenNotRecommendedIsHighAndClassMembershipExplained()
    {
        var f = Assert.Single(Interactions(Cases.Med("1", "Clopidogrel 75 MG Oral Tablet"), Cases.Med("2", "Omeprazole 20 MG Delayed Release Oral Capsule")));
        Assert.Equal(FindingSeverity.High, f.Severity);
        Assert.Equal("Not recommended", f.Level);
        Assert.Contains(f.Evidence, e => e.Contains("drug–class", StringComparison.Ordinal));
        Assert.Contains(f.Evidence, e => e.Contains("is in the class \"proton pump inhibitors\"", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenClassClassRule_WhenOneDrugOfEachClass_ThenPrecautionIsModerate()
    {
        var f = Assert.Single(Interactions(Cases.Med("1", "Metoprolol succinate 100 MG"), Cases.Med("2", "Amlodipine 5 MG Oral Tablet")));
        Assert.Equal(FindingSeverity.Moderate, f.Severity);
        Assert.Equal("Precaution for use", f.Level);
        Assert.Contains(f.Evidence, e => e.Contains("class–class", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenTakeIntoAccountRuleAndSynonym_WhenAcetaminophenWithWarfarin_ThenLowAndMatchedThroughParacetamol()
    {
        var f = Assert.Single(Interactions(Cases.Med("1", "Acetaminophen 325 MG Oral Tablet"), Cases.Med("2", "Warfarin Sodium 5 MG Oral Tablet")));
        Assert.Equal(FindingSeverity.Low, f.Severity);
        Assert.Equal("Take into account", f.Level);
        Assert.Contains(f.Evidence, e => e.Contains("(= paracetamol)", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenRuleWithoutLevel_WhenMatched_ThenLowWithLevelNotStated()
    {
        var f = Assert.Single(Interactions(Cases.Med("1", "Digoxin 0.25 MG"), Cases.Med("2", "Verapamil 80 MG")));
        Assert.Equal(FindingSeverity.Low, f.Severity);
        Assert.Equal("Level not stated", f.Level);
    }

    [Theory]
    [InlineData("CONTRAINDICATION", InteractionSeverity.Contraindicated)]
    [InlineData("Contraindication:", InteractionSeverity.Contraindicated)]
    [InlineData("C0NTRAINDICATION", InteractionSeverity.Contraindicated)]
    [InlineData("CONTRANDICATION", InteractionSeverity.Contraindicated)]
    [InlineData("Not recommended", InteractionSeverity.NotRecommended)]
    [InlineData("Nor recommended", InteractionSeverity.NotRecommended)]
    [InlineData(" Not recommeded:", InteractionSeverity.NotRecommended)]
    [InlineData("Precaution for use", InteractionSeverity.PrecautionForUse)]
    [InlineData("Precautions for use", InteractionSeverity.PrecautionForUse)]
    [InlineData("Precaution of use", InteractionSeverity.PrecautionForUse)]
    [InlineData("Take into account", InteractionSeverity.TakeIntoAccount)]
    [InlineData("Tale into account", InteractionSeverity.TakeIntoAccount)]
    [InlineData("With doses of methotrexate > 20 mg/week", InteractionSeverity.Unspecified)]
    [InlineData(null, InteractionSeverity.Unspecified)]
    public void GivenAnsmSeverityAsWritten_WhenParsed_ThenNormalisedByPrefix(string? text, InteractionSeverity expected) =>
        Assert.Equal(expected, InteractionKnowledge.ParseSeverity(text));

    [Fact]
    public void GivenIngredientRxNormCode_WhenResolved_ThenMatchedByCode()
    {
        var m = Cases.Med("1", "some product", rxcui: "32968");
        var matches = DrugResolver.Resolve(m.Code, _k.Vocabulary);
        Assert.Equal("clopidogrel", Assert.Single(matches).Ingredient);
        Assert.Equal("RxNorm code 32968", matches[0].How);
    }

    [Fact]
    public void GivenAtcCode_WhenResolved_ThenMatchedByAtcAndClassesFollow()
    {
        var code = CodedConcept.Of(CodeSystems.Atc, "A02BC01", "Losec");
        var matches = DrugResolver.Resolve(code, _k.Vocabulary);
        Assert.Equal("omeprazole", Assert.Single(matches).Ingredient);
        Assert.Equal("ATC code A02BC01", matches[0].How);
        Assert.Contains(_k.Vocabulary.ClassesOf("omeprazole"), c => c.Name == "proton pump inhibitors");
    }

    [Fact]
    public void GivenCombinationProduct_WhenResolved_ThenEachIngredientFoundAndSaltWordsIgnored()
    {
        var code = new CodedConcept([], "Acetaminophen 325 MG / Warfarin Sodium 5 MG Oral Tablet");
        var names = DrugResolver.Resolve(code, _k.Vocabulary).Select(i => i.Ingredient).ToList();
        Assert.Equal(["paracetamol", "warfarin"], names);
    }

    [Fact]
    public void GivenUnknownDrug_WhenReviewed_ThenListedAsNotMatchedAndNoFinding()
    {
        var review = Cases.Review(Cases.With(Cases.Med("1", "Lasix 40mg"), Cases.Med("2", "Simvastatin 20 MG")), _k);
        var lasix = review.Medications.Single(m => m.Label == "Lasix 40mg");
        Assert.Empty(lasix.Ingredients);
        Assert.Contains("not matched", lasix.MatchDescription, StringComparison.Ordinal);
        Assert.DoesNotContain(review.Findings, f => f.Kind == FindingKind.Interaction);
    }

    [Fact]
    public void GivenOncHighPriorityPairOnly_WhenReviewed_ThenHighWithOncSource()
    {
        var f = Assert.Single(Interactions(Cases.Med("1", "Simvastatin 20 MG"), Cases.Med("2", "Gemfibrozil 600 MG")));
        Assert.Equal(FindingSeverity.High, f.Severity);
        Assert.Contains("ONC high-priority", f.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenOncNonInterruptivePair_WhenReviewed_ThenLowPriorityNotAnAlert()
    {
        var f = Assert.Single(Interactions(Cases.Med("1", "Lisinopril 10 MG"), Cases.Med("2", "Aspirin 81 MG")));
        Assert.Equal(FindingSeverity.Low, f.Severity);
        Assert.Equal("ONC non-interruptive", f.Level);
        Assert.Contains("non-interruptive", f.Source, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenStoppedDrugLongAgo_WhenReviewed_ThenNoInteractionWithIt()
    {
        var stopped = Cases.Med("2", "Clarithromycin 500 MG", startedDaysAgo: 400, status: MedicationStatus.Stopped) with { End = Cases.AsOf.AddDays(-380) };
        Assert.Empty(Interactions(Cases.Med("1", "Simvastatin 20 MG"), stopped));
    }

    [Fact]
    public void GivenSameDrugPrescribedTwice_WhenReviewed_ThenMergedAndNotPairedWithItself()
    {
        var review = Cases.Review(Cases.With(Cases.Med("1", "Simvastatin 20 MG", startedDaysAgo: 300, status: MedicationStatus.Stopped) with { End = Cases.AsOf.AddDays(-10) },
            Cases.Med("2", "Simvastatin 40 MG Oral Tablet", startedDaysAgo: 10)), _k);
        var m = Assert.Single(review.Medications);
        Assert.Equal(Cases.AsOf.AddDays(-300), m.FirstStart);
        Assert.Equal(2, m.Sources.Count);
    }

    [Fact]
    public void GivenAnsmPrecautionOnTheOncNonInterruptiveList_WhenReviewed_ThenLowAndTheSummarySaysWhy()
    {
        using var files = new KnowledgeFiles();
        var f = Assert.Single(Interactions(Cases.Med("1", "Simvastatin 20 MG"), Cases.Med("2", "Clarithromycin 500 MG")));
        Assert.StartsWith("Contraindication: ", f.Summary, StringComparison.Ordinal);
        var withOnc = WithMetoprololAmlodipineNonInterruptive(files);
        var g = Assert.Single(Cases.Review(Cases.With(Cases.Med("1", "Metoprolol 50 MG"), Cases.Med("2", "Amlodipine 5 MG")), withOnc).Findings, x => x.Kind == FindingKind.Interaction);
        Assert.Equal(FindingSeverity.Low, g.Severity);
        Assert.StartsWith("Precaution for use; ONC non-interruptive pair, low priority: ", g.Summary, StringComparison.Ordinal);
    }

    /// <summary>The test knowledge with metoprolol + amlodipine also on the ONC non-interruptive list.</summary>
    private static MedicationKnowledge WithMetoprololAmlodipineNonInterruptive(KnowledgeFiles files)
    {
        var k = files.Load();
        var i = k.Imported;
        var low = i.NonInterruptive! with { Pairs = [.. i.NonInterruptive!.Pairs, new InteractionPair("metoprolol", "amlodipine", "Beta-blockers", "Calcium channel blockers")] };
        return MedicationKnowledge.Create(i.Thesaurus, i.HighPriority, low, i.Cpic);
    }
}
