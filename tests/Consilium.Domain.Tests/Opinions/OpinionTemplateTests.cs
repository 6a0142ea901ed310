using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using static Consilium.Domain.Tests.Opinions.StructuredOpinionSamples;

namespace Consilium.Domain.Tests.Opinions;

public class OpinionTemplateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 5, 14, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> RequiredQuestions()
    {
        var data = new TheoryData<string, string>();
        foreach (var t in OpinionTemplates.All)
        {
            foreach (var q in t.Questions.Where(q => q.Required))
            {
                data.Add(t.Situation, q.Key);
            }
        }
        return data;
    }

    [Fact]
    public void GivenTheTemplates_WhenListed_ThenOnePerSituationWithTheQuestionsTheIssueNames()
    {
        Assert.Equal(SituationCode.All, OpinionTemplates.All.Select(t => t.Situation));
        Assert.Equal(["surgeryNecessary", "conservativeOptions", "lessInvasiveTechniques", "timing", "guidelines"], OpinionTemplates.SurgeryPlanned.Questions.Where(q => q.Required).Select(q => q.Key));
        Assert.Equal(["diagnosisAndStage", "pathologyReview", "imagingReview", "biomarkers", "treatmentOptions", "treatmentIntent"], OpinionTemplates.Cancer.Questions.Where(q => q.Required).Select(q => q.Key));
        Assert.Equal(["differential", "discriminatingTests"], OpinionTemplates.SymptomsUnexplained.Questions.Where(q => q.Required).Select(q => q.Key));
        Assert.Equal(["prognosis", "expertCentres", "patientOrganisations", "integratedView"], OpinionTemplates.RareOrComplex.Questions.Where(q => q.Required).Select(q => q.Key));
        Assert.Equal(["diagnosisRevised", "doseAdjustment", "interactions", "adherenceAndLifestyle", "alternativeTherapies"], OpinionTemplates.TreatmentNotWorking.Questions.Where(q => q.Required).Select(q => q.Key));
    }

    [Theory]
    [MemberData(nameof(RequiredQuestions))]
    public void GivenARequiredAnswerMissing_WhenSigned_ThenRefusedNamingTheField(string situation, string key)
    {
        var complete = Complete(OpinionTemplates.For(situation)!);
        var answers = complete.Answers.Where(a => a.Key != key).ToDictionary();
        var content = OpinionTests.Complete() with { Sections = [complete with { Answers = answers }] };
        var opinion = new Opinion(Guid.NewGuid(), Guid.NewGuid(), "expert-a");
        opinion.SaveDraft(content);

        var e = Assert.Throws<InvalidOpinionContentException>(() => opinion.Sign("expert-a", T0, [situation]));

        var problem = Assert.Single(e.Problems);
        Assert.Equal($"{situation}.{key}", problem.Field);
        Assert.Contains($"{situation}.{key}", e.Message, StringComparison.Ordinal);
        Assert.False(opinion.IsSigned);
    }

    [Theory]
    [MemberData(nameof(RequiredQuestions))]
    public void GivenARequiredAnswerBlank_WhenChecked_ThenTheFieldIsNamed(string situation, string key)
    {
        var complete = Complete(OpinionTemplates.For(situation)!);
        var answers = complete.Answers.ToDictionary();
        answers[key] = "   ";
        var content = OpinionTests.Complete() with { Sections = [complete with { Answers = answers }] };

        Assert.Equal([$"{situation}.{key}"], content.Check().Select(p => p.Field));
    }

    [Fact]
    public void GivenEveryTemplateAnswered_WhenSignedForAllFiveSituations_ThenSigned()
    {
        var opinion = new Opinion(Guid.NewGuid(), Guid.NewGuid(), "expert-a");
        opinion.SaveDraft(WithSections([.. SituationCode.All]));

        var v = opinion.Sign("expert-a", T0, SituationCode.All);

        Assert.Equal(5, v.Content.Sections!.Count);
    }

    [Fact]
    public void GivenACaseTriagedIntoTwoSituations_WhenOnlyOneIsAnswered_ThenTheOtherSectionIsNamed()
    {
        var content = WithSections(SituationCode.Cancer);

        var problems = content.CheckFor([SituationCode.Cancer, SituationCode.SurgeryPlanned]);

        Assert.Equal(["sections.surgery-planned"], problems.Select(p => p.Field));
    }

    [Fact]
    public void GivenAChoiceOutsideItsValues_WhenChecked_ThenTheFieldAndTheAllowedValuesAreNamed()
    {
        var section = Complete(OpinionTemplates.SurgeryPlanned);
        var answers = section.Answers.ToDictionary();
        answers["timing"] = "tomorrow";
        var content = OpinionTests.Complete() with { Sections = [section with { Answers = answers }] };

        var problem = Assert.Single(content.Check());

        Assert.Equal("surgery-planned.timing", problem.Field);
        Assert.Contains("urgent, can-wait, optimal-window", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAnUnknownQuestionOrSituation_WhenChecked_ThenEachIsNamed()
    {
        var section = Complete(OpinionTemplates.Cancer);
        var answers = section.Answers.ToDictionary();
        answers["horoscope"] = "Favourable.";
        var content = OpinionTests.Complete() with { Sections = [section with { Answers = answers }, new("gardening", new Dictionary<string, string>())] };

        Assert.Equal(["cancer.horoscope", "sections.gardening"], content.Check().Select(p => p.Field).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void GivenTrials_WhenAnIdIsMalformedOrTheTitleMissing_ThenEachIsNamed()
    {
        var section = Complete(OpinionTemplates.Cancer) with
        {
            Trials = [new("NCT01234567", "Adjuvant osimertinib", null), new("NCT123", "Short id", null), new("NCT07654321", " ", "why")],
        };
        var content = OpinionTests.Complete() with { Sections = [section] };

        Assert.Equal(["cancer.trials[1].nctId", "cancer.trials[2].title"], content.Check().Select(p => p.Field));
    }

    [Fact]
    public void GivenContentWithoutSections_WhenHashed_ThenTheCanonicalFormIsTheOneSignedBeforeSectionsExisted()
    {
        var content = OpinionTests.Complete();

        Assert.DoesNotContain("sections", content.ToCanonicalJson(), StringComparison.Ordinal);
        Assert.EndsWith("\"plainLanguageSummary\":\"The diagnosis is right. The operation is needed; a less invasive technique is possible.\"}", content.ToCanonicalJson(), StringComparison.Ordinal);
    }

    [Fact]
    public void GivenSectionsInAnotherOrder_WhenHashed_ThenTheHashIsTheSameAndTheContentsEqual()
    {
        var a = WithSections(SituationCode.Cancer, SituationCode.SurgeryPlanned);
        var b = a with { Sections = [.. a.Sections!.Reverse().Select(s => s with { Answers = s.Answers.Reverse().ToDictionary() })] };

        Assert.Equal(a.ComputeHash(), b.ComputeHash());
        Assert.Equal(a, b);
    }

    [Property(MaxTest = 200)]
    public Property GivenAnyAnswerChanged_WhenHashed_ThenTheHashChangesAndRecomputingItGivesTheSame(NonEmptyString text, PositiveInt which)
    {
        var content = WithSections([.. SituationCode.All]);
        var textKeys = content.Sections!.SelectMany(s => s.Template!.Questions.Where(q => !q.IsChoice).Select(q => (s.Situation, q.Key))).ToList();
        var (situation, key) = textKeys[which.Get % textKeys.Count];
        var changed = content with
        {
            Sections = [.. content.Sections!.Select(s => s.Situation != situation ? s : s with { Answers = s.Answers.ToDictionary(a => a.Key, a => a.Key == key ? a.Value + text.Get : a.Value) })],
        };
        return (changed.ComputeHash() != content.ComputeHash() && changed.ComputeHash() == changed.ComputeHash() && content.ComputeHash() == WithSections([.. SituationCode.All]).ComputeHash())
            .ToProperty();
    }
}
