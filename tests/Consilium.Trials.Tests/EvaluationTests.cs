using Consilium.Domain.Cases;
using Consilium.Trials.Eligibility;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Consilium.Trials.Tests.Patients;

namespace Consilium.Trials.Tests;

/// <summary>Criteria evaluated against small CaseFiles: met / not met / unknown, with the fact used.</summary>
public class EvaluationTests
{
    [Fact]
    public void GivenAnAdult_WhenTheAgeCriterionIsChecked_ThenItIsMetWithTheAge()
    {
        var a = Assess(Nsclc(age: 64), CriterionKind.Inclusion, "Age ≥ 18 years");

        Assert.Equal(CriterionStatus.Met, a.Status);
        Assert.Equal("age 64", a.Fact);
    }

    [Fact]
    public void GivenNoBirthDate_WhenTheAgeCriterionIsChecked_ThenItIsUnknownAndSaysWhatToFindOut()
    {
        var a = Assess(Nsclc() with { Patient = new PatientProfile() }, CriterionKind.Inclusion, "Age ≥ 18 years");

        Assert.Equal(CriterionStatus.Unknown, a.Status);
        Assert.Equal("date of birth", a.ToFindOut);
    }

    [Fact]
    public void GivenAMan_WhenAFemaleOnlyCriterionIsChecked_ThenItIsNotMetAndExcludes()
    {
        var a = Assess(Nsclc(sex: AdministrativeSex.Male), CriterionKind.Inclusion, "Female patients only");

        Assert.Equal(CriterionStatus.NotMet, a.Status);
        Assert.True(a.Excludes);
    }

    [Fact]
    public void GivenAnEgfrMutation_WhenTheMarkerIsRequired_ThenItIsMetWithTheResult()
    {
        var file = Nsclc(observations: Result("41103-3", "EGFR gene mutations found", "EGFR exon 19 deletion detected", "Observation/egfr"));

        var a = Assess(file, CriterionKind.Inclusion, "Documented activating EGFR mutation");

        Assert.Equal(CriterionStatus.Met, a.Status);
        Assert.Contains("Observation/egfr", a.Fact, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenEgfrWildType_WhenTheMarkerIsRequired_ThenItIsNotMet()
    {
        var file = Nsclc(observations: Result("41103-3", "EGFR gene mutations found", "Not detected"));

        Assert.Equal(CriterionStatus.NotMet, Assess(file, CriterionKind.Inclusion, "Documented activating EGFR mutation").Status);
    }

    [Fact]
    public void GivenNoMolecularResult_WhenTheMarkerIsRequired_ThenItIsUnknownWithTheTestToDo()
    {
        var a = Assess(Nsclc(), CriterionKind.Inclusion, "ALK rearrangement by FISH or IHC");

        Assert.Equal(CriterionStatus.Unknown, a.Status);
        Assert.Contains("ALK", a.ToFindOut, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAPositiveMarker_WhenAnExclusionNamesIt_ThenTheExclusionIsMetAndExcludes()
    {
        var file = Nsclc(observations: Result("1", "ALK gene rearrangement", "ALK fusion detected"));

        var a = Assess(file, CriterionKind.Exclusion, "Known EGFR mutation or ALK rearrangement");

        Assert.Equal(CriterionStatus.Met, a.Status);
        Assert.True(a.Excludes);
    }

    [Theory]
    [InlineData(60, CriterionStatus.Met)]
    [InlineData(20, CriterionStatus.NotMet)]
    public void GivenAPdL1Score_WhenAThresholdIsAsked_ThenThePercentageDecides(int tps, CriterionStatus expected)
    {
        var file = Nsclc(observations: Lab("85147-7", "PD-L1 tumor proportion score", tps, "%"));

        Assert.Equal(expected, Assess(file, CriterionKind.Inclusion, "PD-L1 TPS ≥ 50%").Status);
    }

    [Fact]
    public void GivenAnEcogObservation_WhenPerformanceIsAsked_ThenTheScoreDecides()
    {
        var file = Nsclc(observations: Lab("89247-1", "ECOG Performance Status score", 2, "{score}"));

        Assert.Equal(CriterionStatus.NotMet, Assess(file, CriterionKind.Inclusion, "ECOG performance status 0-1").Status);
        Assert.Equal(CriterionStatus.Met, Assess(file, CriterionKind.Inclusion, "ECOG performance status ≤ 2").Status);
    }

    [Fact]
    public void GivenLabs_WhenThresholdsAreAsked_ThenEachIsComparedAndAMissingOneIsUnknown()
    {
        var file = Nsclc(observations: [Lab("777-3", "Platelets", 250, "10*3/uL"), Lab("718-7", "Hemoglobin", 8.1m, "g/dL")]);

        Assert.Equal(CriterionStatus.Met, Assess(file, CriterionKind.Inclusion, "Platelets ≥ 100,000/mm3").Status);
        Assert.Equal(CriterionStatus.NotMet, Assess(file, CriterionKind.Inclusion, "Hemoglobin ≥ 9 g/dL").Status);
        var unknown = Assess(file, CriterionKind.Inclusion, "Creatinine clearance ≥ 45 mL/min");
        Assert.Equal(CriterionStatus.Unknown, unknown.Status);
    }

    [Fact]
    public void GivenStageOneDisease_WhenStageFourIsRequired_ThenItIsNotMetWithTheCondition()
    {
        var file = Nsclc() with { Conditions = [Condition("Non-small cell carcinoma of lung, TNM stage 1 (disorder)")] };

        var a = Assess(file, CriterionKind.Inclusion, "Stage IV disease");

        Assert.Equal(CriterionStatus.NotMet, a.Status);
        Assert.Contains("stage I ", a.Fact, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenTwoChemotherapyCycles_WhenLinesAreCounted_ThenRepeatedCyclesAreOneLine()
    {
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var file = Nsclc() with { Medications = [Drug("Cisplatin 50 MG Injection", start), Drug("PACLitaxel 100 MG Injection", start), Drug("Cisplatin 50 MG Injection", start.AddDays(21)), Drug("PACLitaxel 100 MG Injection", start.AddDays(21))] };

        Assert.Equal(CriterionStatus.Met, Assess(file, CriterionKind.Inclusion, "At least one prior line of systemic therapy").Status);
        Assert.Equal(CriterionStatus.NotMet, Assess(file, CriterionKind.Exclusion, "More than 1 prior line of chemotherapy for advanced disease").Status);
        Assert.Equal(CriterionStatus.NotMet, Assess(file, CriterionKind.Inclusion, "Treatment-naive for advanced NSCLC").Status);
    }

    [Theory]
    [InlineData("None")]
    [InlineData("N/A")]
    public void GivenAnExclusionSectionThatSaysNone_WhenChecked_ThenItExcludesNoOne(string text) =>
        Assert.False(Assess(Nsclc(), CriterionKind.Exclusion, text).Excludes);

    [Fact]
    public void GivenAMan_WhenPregnancyExcludes_ThenItIsNotMet() =>
        Assert.Equal(CriterionStatus.NotMet, Assess(Nsclc(sex: AdministrativeSex.Male), CriterionKind.Exclusion, "Pregnant or breastfeeding").Status);

    [Fact]
    public void GivenAYoungWomanWithoutARecord_WhenPregnancyExcludes_ThenItIsUnknown() =>
        Assert.Equal(CriterionStatus.Unknown, Assess(Nsclc(age: 35, sex: AdministrativeSex.Female), CriterionKind.Exclusion, "Pregnant or breastfeeding").Status);

    [Fact]
    public void GivenBrainMetastasesRecorded_WhenTheyExclude_ThenTheExclusionIsMet()
    {
        var file = Nsclc() with { Conditions = [Condition("Non-small cell lung cancer (disorder)"), Condition("Secondary malignant neoplasm of brain (disorder)", "Condition/2")] };

        var a = Assess(file, CriterionKind.Exclusion, "Symptomatic brain metastases");

        Assert.Equal(CriterionStatus.Met, a.Status);
        Assert.Contains("Condition/2", a.Fact, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenLungCancerOnly_WhenNsclcIsRequired_ThenItIsUnknownAndAsksForTheHistology()
    {
        var file = Nsclc() with { Conditions = [Condition("Malignant neoplasm of lung")] };

        var a = Assess(file, CriterionKind.Inclusion, "Histologically confirmed NSCLC");

        Assert.Equal(CriterionStatus.Unknown, a.Status);
    }

    [Fact]
    public void GivenNsclc_WhenSmallCellExcludes_ThenTheExclusionIsNotMet() =>
        Assert.Equal(CriterionStatus.NotMet, Assess(Nsclc(), CriterionKind.Exclusion, "Small cell lung cancer").Status);

    [Property]
    public Property GivenAnyAgeAndRange_WhenAnAgeRangeIsChecked_ThenItIsMetExactlyWhenTheAgeIsInside() =>
        Prop.ForAll(Gen.Choose(18, 90).ToArbitrary(), Gen.Choose(18, 90).ToArbitrary(), Gen.Choose(1, 30).ToArbitrary(), (age, low, width) =>
        {
            var high = low + width;
            var a = Assess(Nsclc(age: age), CriterionKind.Inclusion, $"Aged {low}-{high} years");
            return a.Status == (age >= low && age <= high ? CriterionStatus.Met : CriterionStatus.NotMet);
        });

    private static readonly string[] CriterionTexts =
    [
        "Age ≥ 18 years", "Pregnant or breastfeeding", "Symptomatic brain metastases", "Known EGFR mutation", "ECOG performance status > 2",
        "Stage IV NSCLC", "Platelets < 100,000/mm3", "Prior systemic therapy for advanced disease", "Small cell lung cancer", "Other active malignancy",
        "Female patients only", "PD-L1 TPS ≥ 50%", "Able to give informed consent",
    ];

    [Property]
    public Property GivenAnyCriterionAndPatient_WhenAnExclusionIsMet_ThenItExcludesAndAnUnknownNeverDoes() =>
        Prop.ForAll(Gen.Elements(CriterionTexts).ToArbitrary(), Gen.Choose(18, 90).ToArbitrary(), Gen.Elements(AdministrativeSex.Male, AdministrativeSex.Female, AdministrativeSex.Unknown).ToArbitrary(), (text, age, sex) =>
        {
            var exclusion = Assess(Nsclc(age, sex), CriterionKind.Exclusion, text);
            var inclusion = Assess(Nsclc(age, sex), CriterionKind.Inclusion, text);
            return exclusion.Excludes == (exclusion.Status == CriterionStatus.Met)
                && inclusion.Excludes == (inclusion.Status == CriterionStatus.NotMet)
                && exclusion.Status == inclusion.Status;
        });
}
