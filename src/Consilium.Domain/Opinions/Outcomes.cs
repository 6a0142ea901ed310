namespace Consilium.Domain.Opinions;

/// <summary>
/// What one delivered opinion says about its case, for the outcomes dashboard: the case's situations and the specialties it needed, the
/// concordance with the first opinion, and how long it took against the turnaround committed for its urgency.
/// </summary>
public sealed record OpinionOutcome(
    Guid CaseId,
    IReadOnlyList<string> Situations,
    IReadOnlyList<string> Specialties,
    DiagnosisAgreement Diagnosis,
    TreatmentAgreement Plan,
    DateTimeOffset SubmittedAt,
    DateTimeOffset DeliveredAt,
    double CommittedDays)
{
    public double TurnaroundDays => (DeliveredAt - SubmittedAt).TotalDays;

    public bool WithinCommitment => TurnaroundDays <= CommittedDays;
}

/// <summary>How many opinions in one group (a situation, a specialty, or all) confirmed, refined or changed the diagnosis and the plan.</summary>
public sealed record ConcordanceRow(string Group, int Opinions,
    int DiagnosisConfirmed, int DiagnosisRefined, int DiagnosisChanged, int DiagnosisUndetermined,
    int PlanConfirmed, int PlanModified, int PlanChanged, int PlanUndetermined)
{
    public static double Share(int part, int whole) => whole == 0 ? 0 : (double)part / whole;
}

/// <summary>Opinions whose turnaround fell in [<see cref="FromDays"/>, <see cref="ToDays"/>) days.</summary>
public sealed record TurnaroundBin(int FromDays, int ToDays, int Opinions);

/// <summary>One RADPEER score (1–4, with 2b/3b for "clinically significant" written as e.g. "2b") and how many re-reads gave it.</summary>
public sealed record RadpeerCount(string Score, int ReReads);

/// <summary>The outcomes dashboard's figures.</summary>
public sealed record OutcomeFigures(
    ConcordanceRow All,
    IReadOnlyList<ConcordanceRow> BySituation,
    IReadOnlyList<ConcordanceRow> BySpecialty,
    IReadOnlyList<TurnaroundBin> Turnaround,
    int WithinCommitment,
    double MedianTurnaroundDays,
    IReadOnlyList<RadpeerCount>? Radpeer)
{
    /// <summary>
    /// Computes the figures. An opinion counts once in each of its situations and specialties (so group rows may add up to more than
    /// <see cref="All"/>). Turnaround bins are one day wide up to the longest turnaround. <paramref name="radpeerScores"/>: the scores of
    /// imaging re-reads, when there are any (null leaves <see cref="Radpeer"/> null and the dashboard says there are none yet).
    /// </summary>
    public static OutcomeFigures Compute(IEnumerable<OpinionOutcome> outcomes, IEnumerable<string>? radpeerScores = null)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        var list = outcomes.ToList();
        var bySituation = list.SelectMany(o => o.Situations.Distinct().Select(s => (Key: s, o)))
            .GroupBy(x => x.Key, x => x.o, StringComparer.Ordinal)
            .OrderBy(g => OpinionTemplates.OrderOf(g.Key)).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g)).ToList();
        var bySpecialty = list.SelectMany(o => o.Specialties.Distinct().Select(s => (Key: s, o)))
            .GroupBy(x => x.Key, x => x.o, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => Row(g.Key, g)).ToList();
        var days = list.Select(o => o.TurnaroundDays).OrderBy(d => d).ToList();
        var bins = new List<TurnaroundBin>();
        if (days.Count > 0)
        {
            var last = (int)Math.Floor(days[^1]);
            for (var d = 0; d <= last; d++)
            {
                bins.Add(new TurnaroundBin(d, d + 1, days.Count(x => x >= d && x < d + 1)));
            }
        }
        var median = days.Count == 0 ? 0 : days.Count % 2 == 1 ? days[days.Count / 2] : (days[(days.Count / 2) - 1] + days[days.Count / 2]) / 2;
        var radpeer = radpeerScores?.GroupBy(s => s, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new RadpeerCount(g.Key, g.Count())).ToList();
        return new OutcomeFigures(Row("all", list), bySituation, bySpecialty, bins, list.Count(o => o.WithinCommitment), median, radpeer);
    }

    private static ConcordanceRow Row(string group, IEnumerable<OpinionOutcome> outcomes)
    {
        var o = outcomes.ToList();
        return new ConcordanceRow(group, o.Count,
            o.Count(x => x.Diagnosis == DiagnosisAgreement.Confirmed), o.Count(x => x.Diagnosis == DiagnosisAgreement.Refined),
            o.Count(x => x.Diagnosis == DiagnosisAgreement.Changed), o.Count(x => x.Diagnosis == DiagnosisAgreement.UnableToDetermine),
            o.Count(x => x.Plan == TreatmentAgreement.Agree), o.Count(x => x.Plan == TreatmentAgreement.Modified),
            o.Count(x => x.Plan == TreatmentAgreement.Disagree), o.Count(x => x.Plan == TreatmentAgreement.UnableToDetermine));
    }
}
