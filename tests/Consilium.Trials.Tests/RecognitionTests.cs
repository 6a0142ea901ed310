using Consilium.Trials.Eligibility;
using Consilium.Trials.Registry;

namespace Consilium.Trials.Tests;

/// <summary>Each structured kind on texts written here.</summary>
public class RecognitionTests
{
    private static T Single<T>(string text) where T : Requirement =>
        Assert.IsType<T>(Assert.Single(CriterionRecognizer.Recognize(text), r => r is T));

    [Theory]
    [InlineData("Age ≥ 18 years", 18, null)]
    [InlineData("Aged 18-75 years", 18, 75)]
    [InlineData("Patients 18 years of age or older", 18, null)]
    [InlineData("Age > 65 years old", 66, null)]
    [InlineData("Between 20 and 70 years of age", 20, 70)]
    public void GivenAnAgeCriterion_WhenRecognised_ThenTheBoundsAreRead(string text, int? min, int? max)
    {
        var age = Single<AgeRequirement>(text);

        Assert.Equal((min, max), (age.Min, age.Max));
    }

    [Theory]
    [InlineData("Male or female", TrialSex.All)]
    [InlineData("Female patients only", TrialSex.Female)]
    [InlineData("Men aged 40 or older", TrialSex.Male)]
    public void GivenASexCriterion_WhenRecognised_ThenTheSexIsRead(string text, TrialSex sex) =>
        Assert.Equal(sex, Single<SexRequirement>(text).Sex);

    [Fact]
    public void GivenAHistologicallyConfirmedNsclc_WhenRecognised_ThenDiagnosisAndStageAreRead()
    {
        var found = CriterionRecognizer.Recognize("Histologically confirmed stage IIIB/IIIC or IV non-small cell lung cancer");

        Assert.Equal(["nsclc"], Assert.IsType<DiagnosisRequirement>(found.Single(r => r is DiagnosisRequirement)).AnyOf);
        Assert.Equal([3, 4], Assert.IsType<StageRequirement>(found.Single(r => r is StageRequirement)).Stages);
    }

    [Fact]
    public void GivenSmallCellInAnExclusion_WhenRecognised_ThenItIsNotReadAsNonSmallCell() =>
        Assert.Equal(["sclc"], Single<DiagnosisRequirement>("Small cell lung cancer or mixed histology").AnyOf);

    [Theory]
    [InlineData("Non-squamous histology", Histology.NonSquamous)]
    [InlineData("Squamous cell carcinoma of the lung", Histology.Squamous)]
    public void GivenAHistology_WhenRecognised_ThenTheSubtypeIsRead(string text, Histology histology) =>
        Assert.Equal(histology, Single<HistologyRequirement>(text).Histology);

    [Theory]
    [InlineData("Metastatic disease", new[] { 4 })]
    [InlineData("Stage I-III resected NSCLC", new[] { 1, 2, 3 })]
    [InlineData("Locally advanced NSCLC", new[] { 3 })]
    public void GivenAStage_WhenRecognised_ThenTheStageGroupsAreRead(string text, int[] stages) =>
        Assert.Equal(stages, Single<StageRequirement>(text).Stages);

    [Theory]
    [InlineData("ECOG performance status of 0-1", 0, 1)]
    [InlineData("ECOG performance status 0 or 1", 0, 1)]
    [InlineData("ECOG performance status score \\>2", 3, 5)]
    [InlineData("ECOG ≤ 2", 0, 2)]
    [InlineData("Performance status 0-2 (ECOG)", 0, 2)]
    public void GivenAnEcogCriterion_WhenRecognised_ThenTheRangeIsRead(string text, int min, int max)
    {
        var ps = Single<PerformanceRequirement>(text);

        Assert.Equal((PerformanceScale.Ecog, min, max), (ps.Scale, ps.Min, ps.Max));
    }

    [Fact]
    public void GivenAKarnofskyCriterion_WhenRecognised_ThenTheThresholdIsRead()
    {
        var ps = Single<PerformanceRequirement>("Karnofsky performance status ≥ 70%");

        Assert.Equal((PerformanceScale.Karnofsky, 70, 100), (ps.Scale, ps.Min, ps.Max));
    }

    [Fact]
    public void GivenMarkersRequiredPositive_WhenRecognised_ThenAnyOfThemCounts()
    {
        var b = Single<BiomarkerRequirement>("Documented EGFR mutation or ALK rearrangement");

        Assert.Equal([Markers.Egfr, Markers.Alk], b.Markers);
        Assert.False(b.Negated);
    }

    [Theory]
    [InlineData("EGFR wild-type and ALK negative")]
    [InlineData("No known EGFR, ALK or ROS1 alteration")]
    public void GivenMarkersRequiredNegative_WhenRecognised_ThenTheStatementIsNegated(string text) =>
        Assert.True(Single<BiomarkerRequirement>(text).Negated);

    [Fact]
    public void GivenKrasG12C_WhenRecognised_ThenItIsTheSpecificMarkerNotKras() =>
        Assert.Equal([Markers.KrasG12C], Single<BiomarkerRequirement>("KRAS G12C mutation confirmed by tissue testing").Markers);

    [Theory]
    [InlineData("PD-L1 TPS ≥ 50%", Comparison.AtLeast, 50)]
    [InlineData("PD-L1 expression less than 1%", Comparison.LessThan, 1)]
    public void GivenAPdL1Level_WhenRecognised_ThenTheThresholdIsRead(string text, Comparison comparison, int percent) =>
        Assert.Equal((comparison, (decimal)percent), Single<BiomarkerRequirement>(text).PdL1Threshold);

    [Fact]
    public void GivenAnEgfrTkiAsPriorTreatment_WhenRecognised_ThenItIsNotABiomarker() =>
        Assert.DoesNotContain(CriterionRecognizer.Recognize("Prior treatment with an EGFR TKI"), r => r is BiomarkerRequirement);

    [Theory]
    [InlineData("At least one prior line of systemic therapy for advanced disease", 1, null)]
    [InlineData("No more than 2 prior lines of chemotherapy", 0, 2)]
    [InlineData("Treatment-naive for advanced NSCLC", 0, 0)]
    [InlineData("Disease progression after platinum-based chemotherapy", 1, null)]
    [InlineData("Patients who had previously undergone radiotherapy or chemotherapy", 1, null)]
    public void GivenPriorTherapy_WhenRecognised_ThenTheLinesAreRead(string text, int min, int? max)
    {
        var p = Single<PriorTherapyRequirement>(text);

        Assert.Equal((min, max), (p.Min, p.Max));
    }

    [Theory]
    [InlineData("Symptomatic or untreated brain metastases", false, false)]
    [InlineData("No active brain metastases", true, false)]
    [InlineData("Patients with treated, stable brain metastases are eligible", false, true)]
    public void GivenBrainMetastases_WhenRecognised_ThenPolarityAndPermissionAreRead(string text, bool negated, bool permissive)
    {
        var b = Single<BrainMetastasesRequirement>(text);

        Assert.Equal((negated, permissive), (b.Negated, b.Permissive));
    }

    [Fact]
    public void GivenLabThresholds_WhenRecognised_ThenEachAnalyteIsReadInComparisonUnits()
    {
        var o = Single<OrganFunctionRequirement>("ANC ≥ 1,500/mm3, platelets ≥ 100 x 10^9/L, hemoglobin ≥ 90 g/L, total bilirubin ≤ 1.5 x ULN");

        Assert.Contains(new LabThreshold(Analyte.Neutrophils, Comparison.AtLeast, 1.5m, false), o.Thresholds);
        Assert.Contains(new LabThreshold(Analyte.Platelets, Comparison.AtLeast, 100m, false), o.Thresholds);
        Assert.Contains(new LabThreshold(Analyte.Hemoglobin, Comparison.AtLeast, 9m, false), o.Thresholds);
        Assert.Contains(new LabThreshold(Analyte.Bilirubin, Comparison.AtMost, 1.5m, true), o.Thresholds);
    }

    [Fact]
    public void GivenAdequateOrganFunctionWithoutNumbers_WhenRecognised_ThenItHasNoThresholds() =>
        Assert.Empty(Single<OrganFunctionRequirement>("Adequate bone marrow, liver and renal function").Thresholds);

    [Theory]
    [InlineData("Pregnant or breastfeeding women", false)]
    [InlineData("Women of childbearing potential must have a negative pregnancy test", true)]
    public void GivenPregnancy_WhenRecognised_ThenPolarityIsRead(string text, bool negated) =>
        Assert.Equal(negated, Single<PregnancyRequirement>(text).Negated);

    [Fact]
    public void GivenAnotherMalignancy_WhenRecognised_ThenItIsThatKind() =>
        Single<OtherMalignancyRequirement>("Other active malignancy requiring treatment within 3 years");

    [Fact]
    public void GivenFreeText_WhenNothingIsRecognised_ThenTheListIsEmpty() =>
        Assert.Empty(CriterionRecognizer.Recognize("Able to give written informed consent"));
}
