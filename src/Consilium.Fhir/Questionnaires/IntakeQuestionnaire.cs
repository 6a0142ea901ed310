using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Consilium.Fhir.Questionnaires;

/// <summary>
/// The published intake <see cref="Questionnaire"/> ("do I need a second opinion?"), canonical
/// <c>http://consilium.example/fhir/Questionnaire/intake</c>. Its answers come back as a QuestionnaireResponse
/// that <see cref="IntakeResponseReader"/> turns into <see cref="IntakeAnswers"/>.
/// </summary>
public static class IntakeQuestionnaire
{
    public const string Url = IntakeAnswers.QuestionnaireUrl;
    public const string Version = "1.0.0";
    public const string SituationSystem = "http://consilium.example/fhir/CodeSystem/situation";

    /// <summary>linkIds of the questionnaire items.</summary>
    public static class LinkIds
    {
        public const string Situation = "situation";
        public const string SurgeryDate = "surgery-date";
        public const string SymptomsPersist = "symptoms-persist";
        public const string TreatmentWeeks = "treatment-weeks";
        public const string Improving = "improving";
        public const string Question = "question";
        public const string Consent = "consent";
    }

    /// <summary>The five situations in the words a patient reads.</summary>
    public static IReadOnlyDictionary<string, string> SituationDisplays { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [SituationCode.SurgeryPlanned] = "A doctor has recommended a major or irreversible operation",
        [SituationCode.Cancer] = "I have been diagnosed with cancer",
        [SituationCode.SymptomsUnexplained] = "My symptoms don't match the diagnosis I was given",
        [SituationCode.RareOrComplex] = "I have a rare condition, or one that affects several parts of my body",
        [SituationCode.TreatmentNotWorking] = "My treatment has not been working",
    };

    private static readonly FhirJsonSerializer Serializer = new();

    /// <summary>Builds a fresh copy of the intake Questionnaire resource.</summary>
    public static Questionnaire Build()
    {
        var questionnaire = new Questionnaire
        {
            Id = "intake",
            Url = Url,
            Version = Version,
            Name = "ConsiliumIntake",
            Title = "Do I need a second opinion?",
            Status = PublicationStatus.Active,
            Date = "2025-01-01",
            Publisher = "Consilium",
            Description = new Markdown("A few questions that help decide what kind of expert second opinion a case needs. The answers add to what the medical records say; they never replace it."),
            SubjectType = [ResourceType.Patient],
        };
        questionnaire.Item.Add(new Questionnaire.ItemComponent
        {
            LinkId = LinkIds.Situation,
            Text = "Which of these describe why you want a second opinion? Tick all that apply.",
            Type = Questionnaire.QuestionnaireItemType.Choice,
            Repeats = true,
            Required = true,
            AnswerOption = SituationCode.All
                .Select(code => new Questionnaire.AnswerOptionComponent { Value = new Coding(SituationSystem, code, SituationDisplays[code]) })
                .ToList(),
        });
        questionnaire.Item.Add(new Questionnaire.ItemComponent
        {
            LinkId = LinkIds.SurgeryDate,
            Text = "When is the operation planned?",
            Type = Questionnaire.QuestionnaireItemType.Date,
            EnableWhen = [SituationIs(SituationCode.SurgeryPlanned)],
        });
        questionnaire.Item.Add(new Questionnaire.ItemComponent
        {
            LinkId = LinkIds.SymptomsPersist,
            Text = "Do you still have symptoms that your diagnosis does not explain?",
            Type = Questionnaire.QuestionnaireItemType.Boolean,
        });
        questionnaire.Item.Add(new Questionnaire.ItemComponent
        {
            LinkId = LinkIds.TreatmentWeeks,
            Text = "For how many weeks have you been on your current treatment?",
            Type = Questionnaire.QuestionnaireItemType.Integer,
            EnableWhen = [SituationIs(SituationCode.TreatmentNotWorking)],
        });
        questionnaire.Item.Add(new Questionnaire.ItemComponent
        {
            LinkId = LinkIds.Improving,
            Text = "Since the treatment started, are you getting better?",
            Type = Questionnaire.QuestionnaireItemType.Boolean,
            EnableWhen = [SituationIs(SituationCode.TreatmentNotWorking)],
        });
        questionnaire.Item.Add(new Questionnaire.ItemComponent
        {
            LinkId = LinkIds.Question,
            Text = "In your own words, what would you like the expert to answer?",
            Type = Questionnaire.QuestionnaireItemType.Text,
            MaxLength = 4000,
        });
        questionnaire.Item.Add(new Questionnaire.ItemComponent
        {
            LinkId = LinkIds.Consent,
            Text = "I agree that the experts reviewing my case may read the records I share.",
            Type = Questionnaire.QuestionnaireItemType.Boolean,
            Required = true,
        });
        return questionnaire;
    }

    /// <summary>The Questionnaire as FHIR JSON.</summary>
    public static string ToJson(bool pretty = true) => Serializer.SerializeToString(Build(), pretty);

    private static Questionnaire.EnableWhenComponent SituationIs(string code) => new()
    {
        Question = LinkIds.Situation,
        Operator = Questionnaire.QuestionnaireItemOperator.Equal,
        Answer = new Coding(SituationSystem, code),
    };
}
