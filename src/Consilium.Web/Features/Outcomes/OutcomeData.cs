using System.Globalization;
using System.Text;
using Consilium.Domain.Opinions;
using Consilium.Storage.Database;
using Consilium.Web.Features.Reports;

namespace Consilium.Web.Features.Outcomes;

/// <summary>Where imaging re-read scores (RADPEER) come from: the stored re-reads (<see cref="StoredRereadScores"/>).</summary>
public interface IRereadScores
{
    /// <summary>Every re-read's RADPEER score ("1", "2a", "2b", "3a", "3b"), or null when re-reads are not recorded.</summary>
    Task<IReadOnlyList<string>?> ScoresAsync(CancellationToken ct = default);
}

/// <summary>The RADPEER scores of the re-reads radiologists filed (null while there are none, so the dashboard says so).</summary>
internal sealed class StoredRereadScores(ConsiliumDatabase database) : IRereadScores
{
    public async Task<IReadOnlyList<string>?> ScoresAsync(CancellationToken ct = default)
    {
        var counts = await database.Imaging.RadpeerDistributionAsync(ct);
        var scores = counts.SelectMany(c => Enumerable.Repeat(Consilium.Domain.Imaging.Radpeer.Code(c.Key), c.Value)).ToList();
        return scores.Count == 0 ? null : scores;
    }
}

/// <summary>The outcomes dashboard's figures, computed from the stored opinions (one per case: see <see cref="DeliveredOpinions.Primary"/>).</summary>
public static class OutcomeData
{
    /// <summary>
    /// One <see cref="OpinionOutcome"/> per case with a delivered opinion: the case's triaged situations and needed specialties, the current
    /// version's concordance, submitted → first signature, against the turnaround committed for the case's urgency.
    /// </summary>
    public static async Task<IReadOnlyList<OpinionOutcome>> LoadAsync(ConsiliumDatabase database, WebOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(options);
        var outcomes = new List<OpinionOutcome>();
        foreach (var group in (await database.Opinions.ListSignedAsync(ct)).GroupBy(o => o.CaseId))
        {
            var @case = await database.Cases.GetAsync(group.Key, ct);
            var opinion = DeliveredOpinions.Primary([.. group], await database.TumourBoards.GetForCaseAsync(group.Key, ct));
            if (@case is null || opinion?.Current is not { } current)
            {
                continue;
            }
            var triage = @case.Triage;
            outcomes.Add(new OpinionOutcome(@case.Id,
                triage?.Situations.Select(s => s.Code).ToList() ?? [],
                triage?.Expertise.Select(e => e.Specialty).Distinct(StringComparer.Ordinal).ToList() ?? [],
                current.Content.DiagnosisAgreement, current.Content.TreatmentAgreement,
                DeliveredOpinions.SubmittedAt(@case), opinion.Versions[0].SignedAt, options.TurnaroundFor(triage?.Urgency).TotalDays));
        }
        return outcomes;
    }

    /// <summary>The figures as CSV: one row per group (all, each situation, each specialty) with counts and shares, then the turnaround bins.</summary>
    public static string Csv(OutcomeFigures figures)
    {
        ArgumentNullException.ThrowIfNull(figures);
        var csv = new StringBuilder();
        csv.AppendLine("group_kind,group,opinions,diagnosis_confirmed,diagnosis_refined,diagnosis_changed,diagnosis_undetermined,plan_confirmed,plan_modified,plan_changed,plan_undetermined,share_diagnosis_changed_or_refined,share_plan_changed_or_modified");
        void Row(string kind, ConcordanceRow r) => csv.AppendLine(string.Join(',',
            kind, Quote(r.Group), r.Opinions, r.DiagnosisConfirmed, r.DiagnosisRefined, r.DiagnosisChanged, r.DiagnosisUndetermined,
            r.PlanConfirmed, r.PlanModified, r.PlanChanged, r.PlanUndetermined,
            ConcordanceRow.Share(r.DiagnosisRefined + r.DiagnosisChanged, r.Opinions).ToString("0.000", CultureInfo.InvariantCulture),
            ConcordanceRow.Share(r.PlanModified + r.PlanChanged, r.Opinions).ToString("0.000", CultureInfo.InvariantCulture)));
        Row("all", figures.All);
        figures.BySituation.ToList().ForEach(r => Row("situation", r));
        figures.BySpecialty.ToList().ForEach(r => Row("specialty", r));
        csv.AppendLine();
        csv.AppendLine("turnaround_from_days,turnaround_to_days,opinions");
        foreach (var bin in figures.Turnaround)
        {
            csv.AppendLine(FormattableString.Invariant($"{bin.FromDays},{bin.ToDays},{bin.Opinions}"));
        }
        return csv.ToString();
    }

    /// <summary>
    /// A text cell (RFC 4180): quoted when it holds a comma, quote or line break; and a cell a spreadsheet would take for a formula
    /// (starting with = + - @, a tab or a carriage return) gets a leading apostrophe, so it opens as the text it is.
    /// </summary>
    internal static string Quote(string s)
    {
        ArgumentNullException.ThrowIfNull(s);
        if (s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            s = "'" + s;
        }
        return s.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{s.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : s;
    }
}
