using System.Globalization;
using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Trials.Registry;

namespace Consilium.Trials.Eligibility;

/// <summary>What the record says about a criterion.</summary>
public enum CriterionStatus
{
    Met,
    NotMet,
    Unknown,
}

/// <summary>A statement's answer: met / not met / unknown, the patient fact it rests on, and what to find out when unknown.</summary>
public sealed record StatementAnswer(CriterionStatus Status, string Fact, string? ToFindOut = null);

/// <summary>One criterion evaluated: its status, the fact used, and — when unknown — what to find out.</summary>
public sealed record CriterionAssessment(Criterion Criterion, IReadOnlyList<Requirement> Requirements, CriterionStatus Status, string Fact, string? ToFindOut)
{
    /// <summary>An inclusion criterion not met, or an exclusion criterion met: the patient cannot join.</summary>
    public bool Excludes => (Criterion.Kind == CriterionKind.Inclusion && Status == CriterionStatus.NotMet)
        || (Criterion.Kind == CriterionKind.Exclusion && Status == CriterionStatus.Met);

    /// <summary>The criterion is satisfied for the patient: an inclusion met, or an exclusion not met.</summary>
    public bool Satisfied => (Criterion.Kind == CriterionKind.Inclusion && Status == CriterionStatus.Met)
        || (Criterion.Kind == CriterionKind.Exclusion && Status == CriterionStatus.NotMet);
}

/// <summary>
/// Evaluates criteria against <see cref="PatientFacts"/>. A criterion with several statements is met when all are,
/// not met when one is not, unknown otherwise; a criterion with none recognised is unknown ("for the expert to judge").
/// </summary>
public static class CriterionEvaluator
{
    public const string NotRecognised = "not assessed automatically: for the expert to judge from the record";

    public static CriterionAssessment Evaluate(Criterion criterion, PatientFacts patient) =>
        Evaluate(criterion, CriterionRecognizer.Recognize(criterion.Text), patient);

    public static CriterionAssessment Evaluate(Criterion criterion, IReadOnlyList<Requirement> requirements, PatientFacts patient)
    {
        ArgumentNullException.ThrowIfNull(criterion);
        ArgumentNullException.ThrowIfNull(requirements);
        ArgumentNullException.ThrowIfNull(patient);
        if (string.IsNullOrWhiteSpace(criterion.Text) || NoCriterion(criterion.Text))
        {
            return new CriterionAssessment(criterion, requirements, CriterionStatus.NotMet, "the trial states no criterion here", null);
        }
        if (requirements.Count == 0)
        {
            return new CriterionAssessment(criterion, requirements, CriterionStatus.Unknown, NotRecognised, null);
        }
        var answers = requirements.Select(r => Answer(r, patient)).ToList();
        var failed = answers.FirstOrDefault(a => a.Status == CriterionStatus.NotMet);
        if (failed is not null)
        {
            return new CriterionAssessment(criterion, requirements, CriterionStatus.NotMet, failed.Fact, null);
        }
        var status = answers.All(a => a.Status == CriterionStatus.Met) ? CriterionStatus.Met : CriterionStatus.Unknown;
        var toFind = answers.Where(a => a.ToFindOut is not null).Select(a => a.ToFindOut!).Distinct().ToList();
        return new CriterionAssessment(criterion, requirements, status, string.Join("; ", answers.Select(a => a.Fact).Distinct()), toFind.Count == 0 ? null : string.Join("; ", toFind));
    }

    /// <summary>"None", "N/A", "Not applicable": the trial lists nothing here.</summary>
    private static bool NoCriterion(string text) =>
        CriteriaSplitter.Readable(text).TrimEnd('.').ToUpperInvariant() is "NONE" or "N/A" or "NA" or "NOT APPLICABLE" or "NIL";

    /// <summary>Whether one statement holds for the patient (with <see cref="Requirement.Negated"/> applied).</summary>
    public static StatementAnswer Answer(Requirement requirement, PatientFacts patient)
    {
        ArgumentNullException.ThrowIfNull(requirement);
        ArgumentNullException.ThrowIfNull(patient);
        var a = requirement switch
        {
            AgeRequirement r => Age(r, patient),
            SexRequirement r => Sex(r, patient),
            DiagnosisRequirement r => Diagnosis(r, patient),
            HistologyRequirement r => Histology(r, patient.HistologyEvidence),
            StageRequirement r => Stage(r, patient),
            PerformanceRequirement r => Performance(r, patient),
            BiomarkerRequirement r => Biomarker(r, patient),
            PriorTherapyRequirement r => PriorTherapy(r, patient),
            BrainMetastasesRequirement r => r.Permissive
                ? new StatementAnswer(CriterionStatus.NotMet, "the criterion permits brain metastases; it excludes no one by itself")
                : patient.BrainMetastases,
            OrganFunctionRequirement r => OrganFunction(r, patient),
            PregnancyRequirement => patient.Pregnancy,
            OtherMalignancyRequirement => patient.OtherMalignancy,
            _ => new StatementAnswer(CriterionStatus.Unknown, NotRecognised),
        };
        // BiomarkerRequirement applies its own negation (all negative vs one positive)
        return requirement.Negated && requirement is not BiomarkerRequirement ? Flip(a) : a;
    }

    private static StatementAnswer Flip(StatementAnswer a) => a with
    {
        Status = a.Status switch
        {
            CriterionStatus.Met => CriterionStatus.NotMet,
            CriterionStatus.NotMet => CriterionStatus.Met,
            _ => CriterionStatus.Unknown,
        },
    };

    private static StatementAnswer Is(bool holds, string fact) => new(holds ? CriterionStatus.Met : CriterionStatus.NotMet, fact);

    private static StatementAnswer Unknown(string fact, string toFindOut) => new(CriterionStatus.Unknown, fact, toFindOut);

    private static StatementAnswer Age(AgeRequirement r, PatientFacts p)
    {
        if (p.Age is not { } age)
        {
            return Unknown("no birth date in the record", "date of birth");
        }
        var fact = p.Deceased ? $"age {age} (at death)" : $"age {age}";
        return Is((r.Min is null || age >= r.Min) && (r.Max is null || age <= r.Max), fact);
    }

    private static StatementAnswer Sex(SexRequirement r, PatientFacts p)
    {
        if (r.Sex == TrialSex.All)
        {
            return new StatementAnswer(CriterionStatus.Met, "open to all sexes");
        }
        return p.Sex switch
        {
            AdministrativeSex.Female => Is(r.Sex == TrialSex.Female, "sex female"),
            AdministrativeSex.Male => Is(r.Sex == TrialSex.Male, "sex male"),
            _ => Unknown("sex not recorded", "sex"),
        };
    }

    private static StatementAnswer Diagnosis(DiagnosisRequirement r, PatientFacts p)
    {
        var wanted = string.Join(" or ", r.AnyOf.Select(id => CancerVocabulary.Get(id).Label));
        if (p.Cancers.Count == 0)
        {
            return new StatementAnswer(CriterionStatus.NotMet, $"no {wanted} among the recorded conditions");
        }
        foreach (var (id, source) in p.Cancers)
        {
            if (r.AnyOf.Any(w => CancerVocabulary.WithAncestors(id).Contains(w)))
            {
                return new StatementAnswer(CriterionStatus.Met, $"{source.Text} ({source.Source})");
            }
        }
        foreach (var (id, source) in p.Cancers)
        {
            // the record names a broader kind ("lung cancer") than the criterion ("NSCLC"): not known which
            if (r.AnyOf.Any(w => CancerVocabulary.WithAncestors(w).Contains(id)))
            {
                return Unknown($"{source.Text} ({source.Source}) does not say whether it is {wanted}", $"histological type ({wanted}?)");
            }
        }
        var have = string.Join(", ", p.Cancers.Values.Select(v => v.Text).Distinct());
        return new StatementAnswer(CriterionStatus.NotMet, $"recorded cancer is {have}, not {wanted}");
    }

    /// <summary>The first record item that names a histological subtype, if any (computed once per patient).</summary>
    internal static RecordText? FindHistology(IEnumerable<RecordText> texts) =>
        texts.FirstOrDefault(c => TextMatch.StartsWord(c.Text, "squamous") || TextMatch.StartsWord(c.Text, "adenocarcinoma") || TextMatch.StartsWord(c.Text, "large cell") || TextMatch.StartsWord(c.Text, "non-squamous") || TextMatch.StartsWord(c.Text, "nonsquamous"));

    private static StatementAnswer Histology(HistologyRequirement r, RecordText? evidence)
    {
        foreach (var c in evidence is null ? [] : new[] { evidence })
        {
            var squamous = TextMatch.StartsWord(c.Text, "squamous") && !TextMatch.StartsWord(c.Text, "non-squamous") && !TextMatch.StartsWord(c.Text, "nonsquamous");
            var adeno = TextMatch.StartsWord(c.Text, "adenocarcinoma") || TextMatch.StartsWord(c.Text, "large cell") || TextMatch.StartsWord(c.Text, "non-squamous") || TextMatch.StartsWord(c.Text, "nonsquamous");
            if (!squamous && !adeno)
            {
                continue;
            }
            var fact = $"{c.Text} ({c.Source})";
            return r.Histology switch
            {
                Eligibility.Histology.Squamous => Is(squamous, fact),
                Eligibility.Histology.NonSquamous => Is(!squamous, fact),
                _ => Is(TextMatch.StartsWord(c.Text, "adenocarcinoma"), fact),
            };
        }
        return Unknown("histological subtype (squamous / non-squamous) not recorded", "histological subtype from the pathology report");
    }

    private static StatementAnswer Stage(StageRequirement r, PatientFacts p)
    {
        if (p.Stage is not { } stage)
        {
            return Unknown("stage not recorded", "current stage (TNM)");
        }
        var fact = $"stage {Roman(stage)} ({p.StageSource!.Text}, {p.StageSource.Source})";
        return Is(r.Stages.Contains(stage), fact);
    }

    private static string Roman(int stage) => stage switch { 1 => "I", 2 => "II", 3 => "III", _ => "IV" };

    private static StatementAnswer Performance(PerformanceRequirement r, PatientFacts p)
    {
        var value = r.Scale == PerformanceScale.Ecog ? p.Ecog : p.Karnofsky;
        var name = r.Scale == PerformanceScale.Ecog ? "ECOG" : "Karnofsky";
        if (value is not { } v)
        {
            return Unknown($"no {name} performance status in the record", $"{name} performance status");
        }
        return Is(v >= r.Min && v <= r.Max, $"{name} {v} ({p.PerformanceSource!.Source})");
    }

    private static StatementAnswer Biomarker(BiomarkerRequirement r, PatientFacts p)
    {
        var results = r.Markers.Select(m => (Marker: m, Result: p.Biomarkers.FirstOrDefault(b => b.Marker == m))).ToList();
        string Fact(BiomarkerResult b) => $"{b.Evidence} ({b.Source})";
        var names = string.Join("/", r.Markers);
        if (r.PdL1Threshold is { } t)
        {
            var pd = results[0].Result;
            if (pd?.Percent is not { } percent)
            {
                return Unknown("no PD-L1 result in the record", "PD-L1 expression (TPS %)");
            }
            var holds = t.Comparison switch
            {
                Comparison.AtLeast => percent >= t.Percent,
                Comparison.MoreThan => percent > t.Percent,
                Comparison.AtMost => percent <= t.Percent,
                _ => percent < t.Percent,
            };
            return Is(holds, Fact(pd));
        }
        if (r.StatusKnown)
        {
            var known = results.Where(x => x.Result is not null).ToList();
            return known.Count == results.Count
                ? new StatementAnswer(CriterionStatus.Met, string.Join("; ", known.Select(k => Fact(k.Result!))))
                : Unknown($"no {names} result in the record", $"{names} test result");
        }
        var positive = results.FirstOrDefault(x => x.Result is { Positive: true });
        if (!r.Negated)
        {
            if (positive.Result is { } hit)
            {
                return Is(true, Fact(hit));
            }
            return results.All(x => x.Result is { Positive: false })
                ? Is(false, string.Join("; ", results.Select(x => Fact(x.Result!))))
                : Unknown($"no {names} result in the record", $"{names} status (tumour molecular testing)");
        }
        if (positive.Result is { } found)
        {
            return Is(false, Fact(found));
        }
        return results.All(x => x.Result is { Positive: false })
            ? Is(true, string.Join("; ", results.Select(x => Fact(x.Result!))))
            : Unknown($"no {names} result in the record", $"{names} status (tumour molecular testing)");
    }

    private static StatementAnswer PriorTherapy(PriorTherapyRequirement r, PatientFacts p)
    {
        if (p.TherapyLines is not { } lines)
        {
            return Unknown("no medication history in the record", "prior systemic anticancer treatment (lines)");
        }
        var n = lines.Count;
        var fact = n == 0
            ? "no systemic anticancer drug among the recorded medications"
            : $"{n} line(s) of systemic therapy recorded: " + string.Join("; ", lines.Select(l => string.Join(" + ", l.Drugs) + (l.Start is { } s ? $" from {s:yyyy-MM-dd}" : "")));
        return Is(n >= r.Min && (r.Max is null || n <= r.Max), fact);
    }

    internal static StatementAnswer BrainMetastases(PatientFacts p)
    {
        foreach (var t in p.AllText)
        {
            if (BrainMetastasisMention(t.Text) is { } affirmed)
            {
                return Is(affirmed, $"{Short(t.Text)} ({t.Source})");
            }
        }
        return Unknown("no brain imaging result about metastases in the record", "brain MRI: brain metastases, and whether treated and stable");
    }

    private static bool? BrainMetastasisMention(string text)
    {
        foreach (var phrase in new[] { "brain metasta", "metastasis to brain", "metastases to brain", "metastatic disease to the brain", "secondary malignant neoplasm of brain", "cerebral metasta", "cns metasta", "intracranial metasta" })
        {
            if (TextMatch.StartsWord(text, phrase))
            {
                return TextMatch.MentionsAffirmed(text, phrase);
            }
        }
        return null;
    }

    private static string Short(string text) => text.Length <= 120 ? text : text[..117] + "...";

    private static StatementAnswer OrganFunction(OrganFunctionRequirement r, PatientFacts p)
    {
        if (r.Thresholds.Count == 0)
        {
            return p.Labs.Count == 0
                ? Unknown("no blood counts or chemistry in the record", "blood count, creatinine and liver tests")
                : Unknown($"recorded: {string.Join(", ", p.Labs.Select(Describe))}; the criterion gives no thresholds", "the trial's organ-function thresholds");
        }
        var facts = new List<string>();
        var missing = new List<string>();
        foreach (var t in r.Thresholds)
        {
            var info = LabReader.Info(t.Analyte);
            var lab = p.Labs.FirstOrDefault(l => l.Analyte == t.Analyte);
            if (lab is null)
            {
                missing.Add(info.Name);
                continue;
            }
            var limit = t.TimesUpperLimit ? t.Value * info.UpperLimitOfNormal : t.Value;
            var holds = t.Comparison switch
            {
                Comparison.AtLeast => lab.Value >= limit,
                Comparison.MoreThan => lab.Value > limit,
                Comparison.AtMost => lab.Value <= limit,
                _ => lab.Value < limit,
            };
            var uln = t.TimesUpperLimit ? $" (limit {limit.ToString("0.##", CultureInfo.InvariantCulture)} {info.Unit} from an adult upper limit of normal of {info.UpperLimitOfNormal.ToString("0.##", CultureInfo.InvariantCulture)})" : string.Empty;
            var fact = $"{Describe(lab)}{uln}";
            if (!holds)
            {
                return new StatementAnswer(CriterionStatus.NotMet, fact);
            }
            facts.Add(fact);
        }
        return missing.Count == 0
            ? new StatementAnswer(CriterionStatus.Met, string.Join("; ", facts))
            : Unknown(facts.Count == 0 ? $"no {string.Join(", ", missing)} in the record" : $"{string.Join("; ", facts)}; no {string.Join(", ", missing)}", string.Join(", ", missing));
    }

    private static string Describe(LabValue l) =>
        $"{LabReader.Info(l.Analyte).Name} {l.Value.ToString("0.##", CultureInfo.InvariantCulture)} {l.Unit}{(l.When is { } w ? $" on {w:yyyy-MM-dd}" : "")} ({l.Source})";

    /// <summary>Pregnancy: men are not; a recorded pregnancy is; a woman of 60 or more is taken as past childbearing age; otherwise unknown.</summary>
    internal static StatementAnswer Pregnancy(PatientFacts p)
    {
        if (p.Sex == AdministrativeSex.Male)
        {
            return new StatementAnswer(CriterionStatus.NotMet, "sex male");
        }
        foreach (var t in p.AllText)
        {
            foreach (var word in new[] { "pregnan", "breastfeeding", "breast-feeding", "lactating" })
            {
                if (TextMatch.StartsWord(t.Text, word) && !TextMatch.StartsWord(t.Text, "pregnancy test"))
                {
                    return Is(TextMatch.MentionsAffirmed(t.Text, word), $"{Short(t.Text)} ({t.Source})");
                }
            }
        }
        if (p.Sex == AdministrativeSex.Female && p.Age >= 60)
        {
            return new StatementAnswer(CriterionStatus.NotMet, $"female aged {p.Age}: past childbearing age");
        }
        return Unknown("pregnancy status not recorded", "pregnancy test / breastfeeding");
    }

    internal static StatementAnswer OtherMalignancy(PatientFacts p)
    {
        var lineages = p.Cancers.Keys.Where(k => k != CancerVocabulary.AnyCancer)
            .Select(k => CancerVocabulary.WithAncestors(k).Reverse().Skip(1).FirstOrDefault() ?? k)
            .Distinct(StringComparer.Ordinal).ToList();
        if (lineages.Count >= 2)
        {
            return new StatementAnswer(CriterionStatus.Met, "more than one cancer recorded: " + string.Join(", ", p.Cancers.Values.Select(v => v.Text).Distinct()));
        }
        return lineages.Count == 1
            ? new StatementAnswer(CriterionStatus.NotMet, $"one cancer recorded ({p.Cancers.Values.First().Text})")
            : Unknown("no cancer history in the record", "history of other cancers");
    }
}
