using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;

namespace Consilium.Web.Features.Expert;

/// <summary>
/// The template questions of the expert's opinion form, as posted: <c>answer.&lt;situation&gt;.&lt;key&gt;</c> for each question and
/// <c>trials</c> (one clinical trial a line: <c>NCT01234567 | title | note</c>) for the cancer template.
/// </summary>
public static class StructuredOpinionForm
{
    public static string FieldName(string situation, string key) => $"answer.{situation}.{key}";

    public static string FieldId(string situation, string key) => $"answer-{situation}-{key}";

    public const string TrialsField = "trials";

    /// <summary>The sections for <paramref name="situations"/> from the posted form; blank answers are left out (the check names them).</summary>
    public static IReadOnlyList<SituationSection> Read(IFormCollection form, IEnumerable<string> situations)
    {
        ArgumentNullException.ThrowIfNull(form);
        return [.. OpinionTemplates.ForSituations(situations).Select(t => new SituationSection(t.Situation,
            t.Questions.Select(q => (q.Key, Value: form[FieldName(t.Situation, q.Key)].ToString().Trim()))
                .Where(a => a.Value.Length > 0).ToDictionary(a => a.Key, a => a.Value),
            t.Situation == SituationCode.Cancer ? ReadTrials(form[TrialsField].ToString()) : null))];
    }

    public static IReadOnlyList<TrialToConsider>? ReadTrials(string text)
    {
        var trials = (text ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split('|', 3, StringSplitOptions.TrimEntries))
            .Select(p => new TrialToConsider(p[0], p.Length > 1 ? p[1] : "", p.Length > 2 && p[2].Length > 0 ? p[2] : null))
            .ToList();
        return trials.Count == 0 ? null : trials;
    }

    public static string WriteTrials(IReadOnlyList<TrialToConsider>? trials) =>
        string.Join('\n', (trials ?? []).Select(t => t.Note is null ? $"{t.NctId} | {t.Title}" : $"{t.NctId} | {t.Title} | {t.Note}"));
}
