using Consilium.Domain.Triage;
using Consilium.Fhir.Questionnaires;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Consilium.Fhir.Tests.Questionnaires;

public sealed class IntakeQuestionnaireTests
{
    [Fact]
    public void GivenIntakeQuestionnaire_WhenBuilt_ThenCanonicalActiveWithRequiredLinkIdsAndTypes()
    {
        var q = IntakeQuestionnaire.Build();

        Assert.Equal("http://consilium.example/fhir/Questionnaire/intake", q.Url);
        Assert.Equal(PublicationStatus.Active, q.Status);
        var items = q.Item.ToDictionary(i => i.LinkId ?? string.Empty);
        Assert.Equal(Questionnaire.QuestionnaireItemType.Choice, items["situation"].Type);
        Assert.True(items["situation"].Repeats);
        Assert.Equal(Questionnaire.QuestionnaireItemType.Date, items["surgery-date"].Type);
        Assert.Equal(Questionnaire.QuestionnaireItemType.Boolean, items["symptoms-persist"].Type);
        Assert.Equal(Questionnaire.QuestionnaireItemType.Integer, items["treatment-weeks"].Type);
        Assert.Equal(Questionnaire.QuestionnaireItemType.Boolean, items["improving"].Type);
        Assert.Equal(Questionnaire.QuestionnaireItemType.Text, items["question"].Type);
        Assert.Equal(Questionnaire.QuestionnaireItemType.Boolean, items["consent"].Type);
    }

    [Fact]
    public void GivenSituationItem_WhenBuilt_ThenAnswerOptionsAreTheFiveCodesWithPlainDisplays()
    {
        var situation = IntakeQuestionnaire.Build().Item.Single(i => i.LinkId == "situation");
        var codings = situation.AnswerOption.Select(o => Assert.IsType<Coding>(o.Value)).ToList();

        Assert.Equal(SituationCode.All, codings.Select(c => c.Code));
        Assert.All(codings, c => Assert.Equal("http://consilium.example/fhir/CodeSystem/situation", c.System));
        Assert.All(codings, c => Assert.False(string.IsNullOrWhiteSpace(c.Display)));
    }

    [Fact]
    public void GivenQuestionnaireJson_WhenDeserialisedAgain_ThenSameResource()
    {
        var json = IntakeQuestionnaire.ToJson();
        var back = new FhirJsonDeserializer().Deserialize<Questionnaire>(json);

        Assert.True(back.IsExactly(IntakeQuestionnaire.Build()));
        Assert.Contains("\"url\": \"http://consilium.example/fhir/Questionnaire/intake\"", json, StringComparison.Ordinal);
        Assert.Equal(json, IntakeQuestionnaire.ToJson());
    }

    [Fact]
    public void GivenIntakeResponseInBundle_WhenRead_ThenAnswersFromNestedGroupsAndPatientQuestion()
    {
        var result = Fixtures.Read("intake-response.json");
        var intake = result.CaseFile.Intake;

        Assert.NotNull(intake);
        Assert.Equal("QuestionnaireResponse/qr1", intake.Source);
        Assert.Equal([SituationCode.SurgeryPlanned, SituationCode.TreatmentNotWorking], intake.Situations);
        Assert.Equal(new DateOnly(2024, 5, 20), intake.SurgeryDate);
        Assert.Equal(12, intake.TreatmentWeeks);
        Assert.False(intake.Improving);
        Assert.True(intake.SymptomsPersist);
        Assert.Equal("Do I really need a knee replacement, or can I wait?", intake.Question);
        Assert.Equal(intake.Question, result.CaseFile.PatientQuestion);
    }

    [Fact]
    public void GivenResponseToAnotherQuestionnaire_WhenRead_ThenIgnoredAndCounted()
    {
        var result = Fixtures.Read("intake-response.json");
        Assert.Equal(1, result.IgnoredResources["QuestionnaireResponse (other questionnaire)"]);
    }

    [Theory]
    [InlineData("http://consilium.example/fhir/Questionnaire/intake", true)]
    [InlineData("http://consilium.example/fhir/Questionnaire/intake|1.0.0", true)]
    [InlineData("http://consilium.example/fhir/Questionnaire/intake|2", true)]
    [InlineData("http://consilium.example/fhir/Questionnaire/intake-v2", false)]
    [InlineData("http://example.org/Questionnaire/phq-9", false)]
    public void GivenCanonical_WhenCheckingIsIntake_ThenVersionSuffixAccepted(string canonical, bool expected)
    {
        Assert.Equal(expected, IntakeResponseReader.IsIntake(new QuestionnaireResponse { Questionnaire = canonical }));
    }

    [Fact]
    public void GivenAnswersNestedUnderAnAnswer_WhenRead_ThenFound()
    {
        var response = new QuestionnaireResponse { Questionnaire = IntakeQuestionnaire.Url };
        var parent = new QuestionnaireResponse.ItemComponent { LinkId = "situation" };
        var answer = new QuestionnaireResponse.AnswerComponent { Value = new Coding(IntakeQuestionnaire.SituationSystem, "cancer") };
        answer.Item.Add(new QuestionnaireResponse.ItemComponent { LinkId = "question", Answer = [new() { Value = new FhirString("Is this the right regimen?") }] });
        parent.Answer.Add(answer);
        response.Item.Add(parent);

        var intake = IntakeResponseReader.Read(response, "QuestionnaireResponse/x");

        Assert.Equal([SituationCode.Cancer], intake.Situations);
        Assert.Equal("Is this the right regimen?", intake.Question);
    }
}
