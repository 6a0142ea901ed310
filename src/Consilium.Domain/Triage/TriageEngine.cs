using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Specialties;

namespace Consilium.Domain.Triage;

/// <summary>
/// Decides which second-opinion situations a case is in, how urgent it is and which expertise it needs.
/// Pure and deterministic: the same case file and the same <c>asOf</c> give the same result, with reasons.
/// Signals come from the clinical records first; the patient's own intake answers add to them and never
/// silently override them (disagreements are reported).
/// </summary>
public static class TriageEngine
{
    public static TriageResult Assess(CaseFile file, DateTimeOffset asOf) => Assess(file, asOf, RedFlagList.Default);

    public static TriageResult Assess(CaseFile file, DateTimeOffset asOf, RedFlagList redFlags)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(redFlags);
        var run = new TriageRun(file, asOf);

        var situations = new List<SituationFinding>();
        void Add(string code, Evidence e)
        {
            if (!e.IsEmpty)
            {
                situations.Add(new SituationFinding(code, e.Sources, e.Reasons));
            }
        }

        var surgery = run.PlannedSurgery();
        var cancer = run.Cancer();
        Add(SituationCode.SurgeryPlanned, surgery.Evidence);
        Add(SituationCode.Cancer, cancer.Evidence);
        Add(SituationCode.SymptomsUnexplained, run.UnexplainedSymptoms());
        Add(SituationCode.RareOrComplex, run.RareOrComplex());
        Add(SituationCode.TreatmentNotWorking, run.TreatmentNotWorking());

        var flags = run.RedFlags(redFlags);
        var (urgency, urgencyReasons) = DecideUrgency(flags, surgery, cancer);
        var imaging = run.ImagingReread();
        var expertise = run.Expertise(situations, surgery, cancer, imaging);

        return new TriageResult
        {
            Situations = situations,
            Urgency = urgency,
            UrgencyReasons = urgencyReasons,
            Expertise = expertise,
            ImagingReread = imaging.Needed,
            TumorBoard = situations.Any(s => s.Code == SituationCode.Cancer),
            RedFlags = flags,
            ForReview = cancer.ForReview,
            Disagreements = run.Disagreements,
        };
    }

    private static (Urgency, IReadOnlyList<string>) DecideUrgency(IReadOnlyList<RedFlag> flags, SurgerySignal surgery, CancerSignal cancer)
    {
        if (flags.Count > 0)
        {
            return (Urgency.Emergency, flags.Select(f => $"Red flag: {f.Label}. {f.Advice}").ToList());
        }
        var reasons = new List<string>();
        if (surgery.SoonestWithinWindow is { } soon)
        {
            reasons.Add($"Surgery is planned within {TriageVocabulary.ExpeditedSurgeryWindow.Days} days ({soon.Label} on {soon.Date:yyyy-MM-dd}).");
        }
        if (cancer.UntreatedCancers.Count > 0)
        {
            reasons.Add($"Cancer treatment has not started yet ({string.Join("; ", cancer.UntreatedCancers)}): an opinion now can still change the plan.");
        }
        return reasons.Count > 0 ? (Urgency.Expedited, reasons) : (Urgency.Standard, ["No red flag, no surgery within 21 days, no untreated cancer."]);
    }
}

/// <summary>Evidence collected by one rule: the records (by source reference) and the reasons, in order, without repeats.</summary>
internal sealed class Evidence
{
    private readonly List<string> _sources = [];
    private readonly List<string> _reasons = [];

    public IReadOnlyList<string> Sources => _sources;
    public IReadOnlyList<string> Reasons => _reasons;
    public bool IsEmpty => _sources.Count == 0 && _reasons.Count == 0;

    public void Add(string? source, string reason)
    {
        if (!string.IsNullOrEmpty(source) && !_sources.Contains(source))
        {
            _sources.Add(source);
        }
        if (!_reasons.Contains(reason))
        {
            _reasons.Add(reason);
        }
    }
}

internal sealed record PlannedSurgery(string Source, string Label, DateOnly Date);

internal sealed record SurgerySignal(Evidence Evidence, IReadOnlyList<ProcedureRecord> Procedures, PlannedSurgery? SoonestWithinWindow, OrganSystem? System);

internal sealed record CancerSignal(Evidence Evidence, IReadOnlyList<Condition> Cancers, IReadOnlyList<string> UntreatedCancers, IReadOnlyList<string> ForReview);

internal sealed record ImagingSignal(bool Needed, string? Reason, string? Subspecialty);
