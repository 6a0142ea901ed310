using System.Globalization;
using System.Text.RegularExpressions;
using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;

namespace Consilium.Trials.Eligibility;

/// <summary>A piece of the record that can answer a criterion: its words and where it came from.</summary>
public sealed record RecordText(string Text, string Source, DateTimeOffset? When = null);

/// <summary>A biomarker result read from the record: the marker, positive or negative, and the words it was read from.</summary>
public sealed record BiomarkerResult(string Marker, bool Positive, string Evidence, string Source)
{
    /// <summary>For PD-L1: the percentage of tumour cells (TPS), when given.</summary>
    public decimal? Percent { get; init; }
}

/// <summary>A laboratory value read from the record, in the unit the criteria are compared in.</summary>
public sealed record LabValue(Analyte Analyte, decimal Value, string Unit, DateTimeOffset? When, string Source);

/// <summary>A systemic anticancer regimen: the drugs started together (consecutive repeats of the same drugs are one line).</summary>
public sealed record TherapyLine(IReadOnlyList<string> Drugs, DateTimeOffset? Start);

/// <summary>
/// What eligibility rules read from a <see cref="CaseFile"/>: age, sex, cancers, stage, performance status, biomarkers,
/// lines of therapy, labs, brain metastases and pregnancy, each with the record item it came from. Built once per
/// patient; every criterion of every trial is evaluated against the same facts.
/// </summary>
public sealed partial record PatientFacts
{
    public int? Age { get; init; }
    public string? AgeSource { get; init; }
    public AdministrativeSex Sex { get; init; }
    public bool Deceased { get; init; }
    /// <summary>Active, standing conditions.</summary>
    public IReadOnlyList<RecordText> Conditions { get; init; } = [];
    /// <summary>Everything else in words: findings, observations, procedures, notes and reports.</summary>
    public IReadOnlyList<RecordText> OtherText { get; init; } = [];
    /// <summary>Cancer concepts (see <see cref="CancerVocabulary"/>) with the condition that names them.</summary>
    public IReadOnlyDictionary<string, RecordText> Cancers { get; init; } = new Dictionary<string, RecordText>();
    public int? Stage { get; init; }
    public RecordText? StageSource { get; init; }
    public int? Ecog { get; init; }
    public int? Karnofsky { get; init; }
    public RecordText? PerformanceSource { get; init; }
    public IReadOnlyList<BiomarkerResult> Biomarkers { get; init; } = [];
    public IReadOnlyList<LabValue> Labs { get; init; } = [];
    /// <summary>Anticancer regimens, oldest first; null when the record lists no medications at all (then lines are unknown).</summary>
    public IReadOnlyList<TherapyLine>? TherapyLines { get; init; }
    public DateOnly AsOf { get; init; }

    // Statements that depend on the patient alone, answered once (matching evaluates them for every trial).
    internal StatementAnswer Pregnancy { get; private init; } = new(CriterionStatus.Unknown, "not evaluated");
    internal StatementAnswer BrainMetastases { get; private init; } = new(CriterionStatus.Unknown, "not evaluated");
    internal StatementAnswer OtherMalignancy { get; private init; } = new(CriterionStatus.Unknown, "not evaluated");
    internal RecordText? HistologyEvidence { get; private init; }

    /// <summary>The facts with the patient-only answers filled in; <see cref="From"/> does this.</summary>
    public PatientFacts Answered() => this with
    {
        Pregnancy = CriterionEvaluator.Pregnancy(this),
        BrainMetastases = CriterionEvaluator.BrainMetastases(this),
        OtherMalignancy = CriterionEvaluator.OtherMalignancy(this),
        HistologyEvidence = CriterionEvaluator.FindHistology(AllText),
    };

    public IEnumerable<RecordText> AllText => Conditions.Concat(OtherText);

    public static PatientFacts From(CaseFile file, DateOnly asOf)
    {
        ArgumentNullException.ThrowIfNull(file);
        var conditions = file.Conditions.Where(c => c.IsActive && c.IsStanding)
            .SelectMany(c => c.Code.Words().Take(1).Select(w => new RecordText(w, c.Source, c.Onset ?? c.Recorded)))
            .ToList();
        var other = new List<RecordText>();
        other.AddRange(file.Findings.Where(f => f.Present && !f.Resolved).Select(f => new RecordText(f.Code.Label, f.Source, f.Recorded)));
        other.AddRange(file.Observations.Select(o => new RecordText(ObservationWords(o), o.Source, o.Effective)));
        other.AddRange(file.Procedures.Where(p => p.Status is ProcedureStatus.Completed or ProcedureStatus.InProgress).Select(p => new RecordText(p.Code.Label, p.Source, p.Performed)));
        other.AddRange(file.Documents.Where(d => !string.IsNullOrWhiteSpace(d.Text)).Select(d => new RecordText(d.Text!, d.Source, d.Date)));
        if (!string.IsNullOrWhiteSpace(file.PatientQuestion))
        {
            other.Add(new RecordText(file.PatientQuestion, "patient question"));
        }

        var cancers = new Dictionary<string, RecordText>(StringComparer.Ordinal);
        foreach (var c in conditions.Where(c => !c.Text.StartsWith("Suspected", StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var id in CancerVocabulary.Find(c.Text))
            {
                cancers.TryAdd(id, c);
            }
        }
        var (stage, stageSource) = FindStage(conditions, file.Observations, other);
        var (ecog, karnofsky, performance) = FindPerformance(file.Observations, other);
        return new PatientFacts
        {
            Age = file.Patient.AgeOn(asOf),
            AgeSource = file.Patient.Source,
            Sex = file.Patient.Sex,
            Deceased = file.Patient.Deceased,
            Conditions = conditions,
            OtherText = other,
            Cancers = cancers,
            Stage = stage,
            StageSource = stageSource,
            Ecog = ecog,
            Karnofsky = karnofsky,
            PerformanceSource = performance,
            Biomarkers = ReadBiomarkers(file.Observations, conditions.Concat(other)),
            Labs = LabReader.Read(file.Observations),
            TherapyLines = file.Medications.Count == 0 ? null : AnticancerDrugs.Lines(file.Medications),
            AsOf = asOf,
        }.Answered();
    }

    private static string ObservationWords(ObservationRecord o)
    {
        var value = o.ValueText ?? (o.Value is { } v ? $"{v.ToString(CultureInfo.InvariantCulture)} {o.Unit}".Trim() : null);
        return value is null ? o.Code.Label : $"{o.Code.Label}: {value}";
    }

    private static (int?, RecordText?) FindStage(IReadOnlyList<RecordText> conditions, IReadOnlyList<ObservationRecord> observations, IReadOnlyList<RecordText> other)
    {
        foreach (var t in conditions.Concat(observations.Where(o => o.Code.Label.Contains("stage", StringComparison.OrdinalIgnoreCase)).Select(o => new RecordText(ObservationWords(o), o.Source, o.Effective))).Concat(other))
        {
            var m = StagePattern().Match(t.Text);
            if (m.Success && StageNumber(m.Groups["stage"].Value) is { } n)
            {
                return (n, t);
            }
            if (MetastaticPattern().IsMatch(t.Text) && TextMatch.MentionsAffirmed(t.Text, "metasta") && CancerVocabulary.Find(t.Text).Count > 0)
            {
                return (4, t);
            }
        }
        return (null, null);
    }

    internal static int? StageNumber(string s) => s.ToUpperInvariant().TrimEnd('A', 'B', 'C') switch
    {
        "1" or "I" => 1,
        "2" or "II" => 2,
        "3" or "III" => 3,
        "4" or "IV" => 4,
        _ => null,
    };

    private static (int?, int?, RecordText?) FindPerformance(IReadOnlyList<ObservationRecord> observations, IReadOnlyList<RecordText> other)
    {
        foreach (var o in observations.OrderByDescending(o => o.Effective))
        {
            var label = o.Code.Label;
            if (o.Value is { } v && (label.Contains("ECOG", StringComparison.OrdinalIgnoreCase) || o.Code.Has(CodeSystems.Loinc, "89247-1")))
            {
                return ((int)v, null, new RecordText(ObservationWords(o), o.Source, o.Effective));
            }
            if (o.Value is { } k && (label.Contains("Karnofsky", StringComparison.OrdinalIgnoreCase) || o.Code.Has(CodeSystems.Loinc, "89243-0")))
            {
                return (null, (int)k, new RecordText(ObservationWords(o), o.Source, o.Effective));
            }
        }
        foreach (var t in other)
        {
            var e = EcogInText().Match(t.Text);
            if (e.Success)
            {
                return (int.Parse(e.Groups["v"].Value, CultureInfo.InvariantCulture), null, t);
            }
            var kps = KarnofskyInText().Match(t.Text);
            if (kps.Success)
            {
                return (null, int.Parse(kps.Groups["v"].Value, CultureInfo.InvariantCulture), t);
            }
        }
        return (null, null, null);
    }

    private static List<BiomarkerResult> ReadBiomarkers(IReadOnlyList<ObservationRecord> observations, IEnumerable<RecordText> texts)
    {
        var results = new List<BiomarkerResult>();
        foreach (var o in observations)
        {
            var words = ObservationWords(o);
            foreach (var marker in Markers.All)
            {
                if (!Markers.Names(words, marker))
                {
                    continue;
                }
                if (marker == Markers.PdL1)
                {
                    var percent = o.Value ?? Markers.Percent(words);
                    if (percent is { } p)
                    {
                        results.Add(new BiomarkerResult(marker, p >= 1, words, o.Source) { Percent = p });
                    }
                    continue;
                }
                if (Markers.Polarity(words) is { } positive)
                {
                    results.Add(new BiomarkerResult(marker, positive, words, o.Source));
                }
            }
        }
        foreach (var t in texts)
        {
            foreach (var sentence in Sentences().Split(t.Text))
            {
                foreach (var marker in Markers.All)
                {
                    if (results.Any(r => r.Marker == marker) || !Markers.Names(sentence, marker))
                    {
                        continue;
                    }
                    if (marker == Markers.PdL1)
                    {
                        if (Markers.Percent(sentence) is { } p)
                        {
                            results.Add(new BiomarkerResult(marker, p >= 1, sentence.Trim(), t.Source) { Percent = p });
                        }
                    }
                    else if (Markers.Polarity(sentence) is { } positive)
                    {
                        results.Add(new BiomarkerResult(marker, positive, sentence.Trim(), t.Source));
                    }
                }
            }
        }
        return results;
    }

    [GeneratedRegex(@"\bstage\s*(?<stage>IV[ABC]?|I{1,3}[ABC]?|[1-4][ABC]?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex StagePattern();

    [GeneratedRegex(@"\bmetasta(?:tic|ses|sis)\b|\bsecondary malignant\b", RegexOptions.IgnoreCase)]
    private static partial Regex MetastaticPattern();

    [GeneratedRegex(@"\bECOG(?:\s+performance\s+status)?(?:\s+PS)?\s*(?:score\s*)?(?:of\s*|=\s*|:\s*)?(?<v>[0-4])\b", RegexOptions.IgnoreCase)]
    private static partial Regex EcogInText();

    [GeneratedRegex(@"\b(?:Karnofsky|KPS)(?:\s+performance\s+(?:status|score))?\s*(?:of\s*|=\s*|:\s*)?(?<v>\d{2,3})\s*%?", RegexOptions.IgnoreCase)]
    private static partial Regex KarnofskyInText();

    [GeneratedRegex(@"(?<=[.;\n])\s+")]
    private static partial Regex Sentences();
}
