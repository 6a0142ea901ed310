using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Consilium.Domain.Cases;

namespace Consilium.Domain.Opinions;

/// <summary>Does the expert agree with the diagnosis the patient came with?</summary>
public enum DiagnosisAgreement
{
    Confirmed,
    /// <summary>Right direction, made more precise (subtype, stage, extent).</summary>
    Refined,
    Changed,
    UnableToDetermine,
}

/// <summary>Does the expert agree with the treatment (or surgery) proposed to the patient?</summary>
public enum TreatmentAgreement
{
    Agree,
    Modified,
    Disagree,
    UnableToDetermine,
}

/// <summary>A field of <see cref="OpinionContent"/> that is missing or wrong, and what to do about it.</summary>
public sealed record OpinionFieldProblem(string Field, string Message);

/// <summary>The opinion content cannot be signed as it is; <see cref="Problems"/> names every field at fault.</summary>
public sealed class InvalidOpinionContentException : DomainRuleException
{
    public InvalidOpinionContentException(IReadOnlyList<OpinionFieldProblem> problems)
        : base(problems is null || problems.Count == 0 ? "The opinion is not complete." : string.Join(" ", problems.Select(p => p.Message)))
    {
        Problems = problems ?? [];
    }

    public InvalidOpinionContentException() { }
    public InvalidOpinionContentException(string message) : base(message) { }
    public InvalidOpinionContentException(string message, Exception inner) : base(message, inner) { }

    public IReadOnlyList<OpinionFieldProblem> Problems { get; } = [];
}

/// <summary>
/// What an expert's second opinion says. The text fields are the expert's words, kept exactly. <see cref="Check"/> lists what is
/// missing; a draft may be incomplete, a signed version may not.
/// </summary>
public sealed record OpinionContent(
    DiagnosisAgreement DiagnosisAgreement,
    string? RecommendedDiagnosis,
    TreatmentAgreement TreatmentAgreement,
    string RecommendedPlan,
    string? Alternatives,
    string AnswerToPatientQuestion,
    string? PlainLanguageSummary)
{
    /// <summary>The longest any one text field may be (characters).</summary>
    public const int MaxFieldLength = 20_000;

    /// <summary>Everything that keeps this content from being signed, by field (camelCase, as the web form names them); empty when it can be signed.</summary>
    public IReadOnlyList<OpinionFieldProblem> Check()
    {
        var problems = new List<OpinionFieldProblem>();
        if (!Enum.IsDefined(DiagnosisAgreement))
        {
            problems.Add(new("diagnosisAgreement", $"diagnosisAgreement must be one of {string.Join(", ", Enum.GetNames<DiagnosisAgreement>())}."));
        }
        if (!Enum.IsDefined(TreatmentAgreement))
        {
            problems.Add(new("treatmentAgreement", $"treatmentAgreement must be one of {string.Join(", ", Enum.GetNames<TreatmentAgreement>())}."));
        }
        if (DiagnosisAgreement is DiagnosisAgreement.Refined or DiagnosisAgreement.Changed && string.IsNullOrWhiteSpace(RecommendedDiagnosis))
        {
            problems.Add(new("recommendedDiagnosis", $"recommendedDiagnosis is required when the diagnosis is {DiagnosisAgreement}: say what the diagnosis should be."));
        }
        if (string.IsNullOrWhiteSpace(RecommendedPlan))
        {
            problems.Add(new("recommendedPlan", "recommendedPlan is required: say what the patient should do next."));
        }
        if (string.IsNullOrWhiteSpace(AnswerToPatientQuestion))
        {
            problems.Add(new("answerToPatientQuestion", "answerToPatientQuestion is required: answer the question the patient asked."));
        }
        foreach (var (field, value) in TextFields())
        {
            if (value is { Length: > MaxFieldLength })
            {
                problems.Add(new(field, $"{field} is {value.Length} characters long; the most is {MaxFieldLength}."));
            }
        }
        return problems;
    }

    /// <summary>Throws <see cref="InvalidOpinionContentException"/> naming every field at fault.</summary>
    public void Validate()
    {
        var problems = Check();
        if (problems.Count > 0)
        {
            throw new InvalidOpinionContentException(problems);
        }
    }

    /// <summary>
    /// The canonical JSON form that <see cref="ComputeHash"/> hashes: fixed property order, enums by name, nulls written,
    /// text exactly as entered, no whitespace. Never change it: stored hashes depend on it.
    /// </summary>
    public string ToCanonicalJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            writer.WriteString("diagnosisAgreement", DiagnosisAgreement.ToString());
            writer.WriteString("recommendedDiagnosis", RecommendedDiagnosis);
            writer.WriteString("treatmentAgreement", TreatmentAgreement.ToString());
            writer.WriteString("recommendedPlan", RecommendedPlan);
            writer.WriteString("alternatives", Alternatives);
            writer.WriteString("answerToPatientQuestion", AnswerToPatientQuestion);
            writer.WriteString("plainLanguageSummary", PlainLanguageSummary);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>SHA-256 of <see cref="ToCanonicalJson"/> (UTF-8), lowercase hex.</summary>
    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToCanonicalJson())));

    private IEnumerable<(string Field, string? Value)> TextFields() =>
    [
        ("recommendedDiagnosis", RecommendedDiagnosis),
        ("recommendedPlan", RecommendedPlan),
        ("alternatives", Alternatives),
        ("answerToPatientQuestion", AnswerToPatientQuestion),
        ("plainLanguageSummary", PlainLanguageSummary),
    ];
}
