using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Consilium.Domain.Cases;
using Consilium.Domain.Triage;

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
    string? PlainLanguageSummary,
    IReadOnlyList<SituationSection>? Sections = null,
    BoardRecord? Board = null)
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
            if (FreeText.TooLong(field, value, MaxFieldLength) is { } tooLong)
            {
                problems.Add(new(field, tooLong));
            }
        }
        OpinionSectionChecks.CheckSections(Sections ?? [], problems);
        if (Board is not null)
        {
            OpinionSectionChecks.CheckBoard(Board, problems);
        }
        return problems;
    }

    /// <summary>
    /// <see cref="Check"/>, and every situation the case was triaged into (<paramref name="situations"/>) answered by its own section
    /// (field <c>sections.&lt;situation&gt;</c>).
    /// </summary>
    public IReadOnlyList<OpinionFieldProblem> CheckFor(IEnumerable<string> situations)
    {
        ArgumentNullException.ThrowIfNull(situations);
        var problems = Check().ToList();
        foreach (var template in OpinionTemplates.ForSituations(situations))
        {
            if (Sections?.Any(s => s.Situation == template.Situation) != true)
            {
                problems.Add(new($"sections.{template.Situation}", $"sections.{template.Situation} is required: the case was triaged as {template.Title.ToLowerInvariant()}; answer its questions."));
            }
        }
        return problems;
    }

    /// <summary>The section answering <paramref name="situation"/>, or null.</summary>
    public SituationSection? Section(string situation) => Sections?.FirstOrDefault(s => s.Situation == situation);

    /// <summary>Equal when the canonical forms are equal (the lists and answers compare by value).</summary>
    public bool Equals(OpinionContent? other) => other is not null && string.Equals(ToCanonicalJson(), other.ToCanonicalJson(), StringComparison.Ordinal);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToCanonicalJson());

    /// <summary>Throws <see cref="InvalidOpinionContentException"/> naming every field at fault (see <see cref="CheckFor"/>).</summary>
    public void Validate(IEnumerable<string>? situations = null)
    {
        var problems = situations is null ? Check() : CheckFor(situations);
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
            // Written only when present, so that opinions signed before structured sections existed keep their hashes.
            if (Sections is { Count: > 0 })
            {
                WriteSections(writer, Sections);
            }
            if (Board is not null)
            {
                WriteBoard(writer, Board);
            }
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>SHA-256 of <see cref="ToCanonicalJson"/> (UTF-8), lowercase hex.</summary>
    public string ComputeHash() => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(ToCanonicalJson())));

    private static void WriteSections(Utf8JsonWriter writer, IReadOnlyList<SituationSection> sections)
    {
        writer.WriteStartArray("sections");
        foreach (var section in sections.OrderBy(s => OpinionTemplates.OrderOf(s.Situation)).ThenBy(s => s.Situation, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("situation", section.Situation);
            writer.WriteStartObject("answers");
            foreach (var (key, value) in section.Answers.OrderBy(a => a.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }
            writer.WriteEndObject();
            if (section.Trials is { Count: > 0 } trials)
            {
                writer.WriteStartArray("trials");
                foreach (var trial in trials)
                {
                    writer.WriteStartObject();
                    writer.WriteString("nctId", trial.NctId);
                    writer.WriteString("title", trial.Title);
                    writer.WriteString("note", trial.Note);
                    writer.WriteEndObject();
                }
                writer.WriteEndArray();
            }
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    private static void WriteBoard(Utf8JsonWriter writer, BoardRecord board)
    {
        writer.WriteStartObject("board");
        writer.WriteString("discussedOn", board.DiscussedOn.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteStartArray("attendees");
        foreach (var a in board.Attendees ?? [])
        {
            writer.WriteStringValue(a);
        }
        writer.WriteEndArray();
        writer.WriteStartArray("memberSections");
        foreach (var m in board.MemberSections ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("memberAccountId", m.MemberAccountId);
            writer.WriteString("memberName", m.MemberName);
            writer.WriteString("text", m.Text);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteString("consensus", board.Consensus);
        writer.WriteStartArray("dissents");
        foreach (var d in board.Dissents ?? [])
        {
            writer.WriteStartObject();
            writer.WriteString("memberName", d.MemberName);
            writer.WriteString("text", d.Text);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private IEnumerable<(string Field, string? Value)> TextFields() =>
    [
        ("recommendedDiagnosis", RecommendedDiagnosis),
        ("recommendedPlan", RecommendedPlan),
        ("alternatives", Alternatives),
        ("answerToPatientQuestion", AnswerToPatientQuestion),
        ("plainLanguageSummary", PlainLanguageSummary),
    ];
}
