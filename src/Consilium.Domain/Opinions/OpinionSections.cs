using System.Text.RegularExpressions;
using Consilium.Domain.Cases;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Opinions;

/// <summary>A clinical trial the reviewers suggest the patient ask about (cancer template): registry id (NCT########), title, and why.</summary>
public sealed record TrialToConsider(string NctId, string Title, string? Note);

/// <summary>The answers to one situation's <see cref="OpinionTemplate"/>: question key → the expert's words (or a choice value).</summary>
public sealed record SituationSection(string Situation, IReadOnlyDictionary<string, string> Answers, IReadOnlyList<TrialToConsider>? Trials = null)
{
    public OpinionTemplate? Template => OpinionTemplates.For(Situation);

    /// <summary>The answer to <paramref name="key"/>, or null when blank or not given.</summary>
    public string? Answer(string key) => Answers.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
}

/// <summary>One tumour board member's section of the board's opinion.</summary>
public sealed record MemberSection(string MemberAccountId, string MemberName, string Text);

/// <summary>A member's disagreement with the consensus, recorded with the opinion.</summary>
public sealed record Dissent(string MemberName, string Text);

/// <summary>
/// What a tumour board (or panel) decided, as part of the signed opinion: when it met and who attended, each member's section, the lead's
/// consensus, and any dissent.
/// </summary>
public sealed record BoardRecord(DateOnly DiscussedOn, IReadOnlyList<string> Attendees, IReadOnlyList<MemberSection> MemberSections, string Consensus, IReadOnlyList<Dissent> Dissents);

internal static partial class OpinionSectionChecks
{
    [GeneratedRegex("^NCT[0-9]{8}$")]
    private static partial Regex NctId();

    public static void CheckSections(IReadOnlyList<SituationSection> sections, List<OpinionFieldProblem> problems)
    {
        foreach (var duplicate in sections.GroupBy(s => s.Situation, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            problems.Add(new($"sections.{duplicate.Key}", $"sections.{duplicate.Key} is given {duplicate.Count()} times; answer each situation once."));
        }
        foreach (var section in sections)
        {
            if (section.Template is not { } template)
            {
                problems.Add(new($"sections.{section.Situation}", $"'{section.Situation}' is not a situation; use one of {string.Join(", ", SituationCode.All)}."));
                continue;
            }
            foreach (var q in template.Questions)
            {
                var field = $"{template.Situation}.{q.Key}";
                var answer = section.Answer(q.Key);
                if (answer is null)
                {
                    if (q.Required)
                    {
                        problems.Add(new(field, $"{field} is required: {q.Label}."));
                    }
                }
                else if (q.IsChoice && q.Choices!.All(c => c.Value != answer))
                {
                    problems.Add(new(field, $"{field} must be one of {string.Join(", ", q.Choices!.Select(c => c.Value))}, not '{answer}'."));
                }
                else if (FreeText.TooLong(field, answer, OpinionContent.MaxFieldLength) is { } tooLong)
                {
                    problems.Add(new(field, tooLong));
                }
            }
            foreach (var unknown in section.Answers.Keys.Where(k => template.Question(k) is null))
            {
                problems.Add(new($"{template.Situation}.{unknown}", $"{template.Situation}.{unknown} is not a question of the {template.Title} template."));
            }
            CheckTrials(section, problems);
        }
    }

    private static void CheckTrials(SituationSection section, List<OpinionFieldProblem> problems)
    {
        if (section.Trials is not { Count: > 0 } trials)
        {
            return;
        }
        if (section.Situation != SituationCode.Cancer)
        {
            problems.Add(new($"{section.Situation}.trials", $"{section.Situation}.trials: clinical trials are listed in the cancer section."));
            return;
        }
        for (var i = 0; i < trials.Count; i++)
        {
            if (!NctId().IsMatch(trials[i].NctId ?? ""))
            {
                problems.Add(new($"cancer.trials[{i}].nctId", $"cancer.trials[{i}].nctId '{trials[i].NctId}' is not a ClinicalTrials.gov id (NCT and 8 digits)."));
            }
            if (string.IsNullOrWhiteSpace(trials[i].Title))
            {
                problems.Add(new($"cancer.trials[{i}].title", $"cancer.trials[{i}].title is required: name the trial."));
            }
        }
    }

    public static void CheckBoard(BoardRecord board, List<OpinionFieldProblem> problems)
    {
        if (board.DiscussedOn == default)
        {
            problems.Add(new("board.discussedOn", "board.discussedOn is required: the date the board discussed the case."));
        }
        if (board.Attendees is null || board.Attendees.All(string.IsNullOrWhiteSpace))
        {
            problems.Add(new("board.attendees", "board.attendees is required: who attended the discussion."));
        }
        if (string.IsNullOrWhiteSpace(board.Consensus))
        {
            problems.Add(new("board.consensus", "board.consensus is required: the lead writes the board's consensus."));
        }
        foreach (var (section, i) in (board.MemberSections ?? []).Select((s, i) => (s, i)))
        {
            if (string.IsNullOrWhiteSpace(section.Text))
            {
                problems.Add(new($"board.memberSections[{i}]", $"board.memberSections[{i}] ({section.MemberName}) is empty: every member writes a section."));
            }
        }
        foreach (var (dissent, i) in (board.Dissents ?? []).Select((d, i) => (d, i)))
        {
            if (string.IsNullOrWhiteSpace(dissent.MemberName) || string.IsNullOrWhiteSpace(dissent.Text))
            {
                problems.Add(new($"board.dissents[{i}]", $"board.dissents[{i}] needs the member's name and what they disagree with."));
            }
        }
    }
}
