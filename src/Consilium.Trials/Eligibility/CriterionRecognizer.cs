using System.Globalization;
using System.Text.RegularExpressions;
using Consilium.Domain.Clinical;
using Consilium.Trials.Registry;

namespace Consilium.Trials.Eligibility;

/// <summary>
/// Reads the structured statements in one criterion's text: age, sex, diagnosis and histology, stage, ECOG/Karnofsky,
/// biomarkers (EGFR, ALK, ROS1, KRAS G12C, PD-L1 levels, ...), prior lines of therapy, brain metastases, organ-function
/// lab thresholds, pregnancy, other malignancy. A criterion can make several ("stage IV NSCLC with an EGFR mutation");
/// none means it is left to the expert. Word rules, no learning: each rule can be read and tested on its own.
/// </summary>
public static partial class CriterionRecognizer
{
    public static IReadOnlyList<Requirement> Recognize(string criterionText)
    {
        ArgumentNullException.ThrowIfNull(criterionText);
        var text = Normalize(CriteriaSplitter.Readable(criterionText));
        var found = new List<Requirement>();
        var negated = NegatedStart().IsMatch(text);

        if (Pregnancy(text) is { } pregnancy)
        {
            return [pregnancy];
        }
        if (BrainMetastases().IsMatch(text))
        {
            return [new BrainMetastasesRequirement(Permissive().IsMatch(text)) { Negated = negated || NoBrainMetastases().IsMatch(text) }];
        }
        if (OtherMalignancy().IsMatch(text))
        {
            return [new OtherMalignancyRequirement()];
        }
        if (Age(text) is { } age)
        {
            found.Add(age);
        }
        if (Sex(text) is { } sex)
        {
            found.Add(sex);
        }
        if (Performance(text) is { } performance)
        {
            found.Add(performance);
        }
        if (Biomarker(text, negated) is { } biomarker)
        {
            found.Add(biomarker);
        }
        if (PriorTherapy(text) is { } prior)
        {
            found.Add(prior);
        }
        if (OrganFunction(text) is { } labs)
        {
            found.Add(labs);
        }
        var diagnoses = CancerVocabulary.Find(text).Where(c => c != CancerVocabulary.AnyCancer).Order(StringComparer.Ordinal).ToList();
        if (diagnoses.Count > 0 && found.All(r => r.Kind is not (RequirementKind.PriorTherapy or RequirementKind.Biomarker) || DiagnosisWords().IsMatch(text)))
        {
            found.Add(new DiagnosisRequirement(diagnoses) { Negated = negated });
        }
        if (Histology(text) is { } histology)
        {
            found.Add(histology);
        }
        if (Stage(text) is { } stage)
        {
            found.Add(stage);
        }
        return found;
    }

    /// <summary>Unicode comparison signs and dashes as ASCII words the rules read.</summary>
    internal static string Normalize(string text) => text
        .Replace("≥", ">=", StringComparison.Ordinal).Replace("≤", "<=", StringComparison.Ordinal)
        .Replace("=>", ">=", StringComparison.Ordinal).Replace("=<", "<=", StringComparison.Ordinal)
        .Replace("–", "-", StringComparison.Ordinal).Replace("—", "-", StringComparison.Ordinal)
        .Replace("×", "x", StringComparison.Ordinal)
        .Replace("Ⅳ", "IV", StringComparison.Ordinal).Replace("Ⅲ", "III", StringComparison.Ordinal).Replace("Ⅱ", "II", StringComparison.Ordinal).Replace("Ⅰ", "I", StringComparison.Ordinal).Replace("\u00a0", " ", StringComparison.Ordinal);

    private static PregnancyRequirement? Pregnancy(string text)
    {
        if (!PregnancyWords().IsMatch(text))
        {
            return null;
        }
        // "must have a negative pregnancy test", "not pregnant", "non-pregnant": the statement is that she is not
        return new PregnancyRequirement { Negated = NotPregnant().IsMatch(text) };
    }

    private static AgeRequirement? Age(string text)
    {
        var m = AgeContext().Match(text);
        if (!m.Success)
        {
            return null;
        }
        var between = AgeBetween().Match(text);
        if (between.Success && Int(between.Groups["a"].Value, 0, 120) is { } a && Int(between.Groups["b"].Value, 0, 120) is { } b && a <= b)
        {
            return new AgeRequirement(a, b);
        }
        var (min, max) = Range(text[m.Index..], 0, 120, wordBefore: true);
        if (min is null && max is null)
        {
            return null;
        }
        return new AgeRequirement(min, max);
    }

    private static SexRequirement? Sex(string text)
    {
        if (text.Length > 80 && !BothSexes().IsMatch(text))
        {
            return null;
        }
        if (BothSexes().IsMatch(text))
        {
            return new SexRequirement(TrialSex.All);
        }
        var m = SexStart().Match(text);
        if (!m.Success)
        {
            return null;
        }
        var w = m.Groups["sex"].Value.ToUpperInvariant();
        return new SexRequirement(w.StartsWith("F", StringComparison.Ordinal) || w.StartsWith("W", StringComparison.Ordinal) ? TrialSex.Female : TrialSex.Male);
    }

    private static PerformanceRequirement? Performance(string text)
    {
        var karnofsky = KarnofskyWord().Match(text);
        var ecog = EcogWord().Match(text);
        if (ecog.Success)
        {
            var (min, max) = Range(text[(ecog.Index + ecog.Length)..], 0, 5, wordBefore: false);
            if (min is not null || max is not null)
            {
                return new PerformanceRequirement(PerformanceScale.Ecog, min ?? 0, max ?? 5);
            }
        }
        if (karnofsky.Success)
        {
            var (min, max) = Range(text[(karnofsky.Index + karnofsky.Length)..], 0, 100, wordBefore: false);
            if (min is not null || max is not null)
            {
                return new PerformanceRequirement(PerformanceScale.Karnofsky, min ?? 0, max ?? 100);
            }
        }
        return null;
    }

    private static BiomarkerRequirement? Biomarker(string text, bool negatedStart)
    {
        var markers = Markers.All.Where(m => Markers.Names(text, m)).ToList();
        if (markers.Count == 0)
        {
            return null;
        }
        // "EGFR TKI", "ALK inhibitor": a drug class (prior therapy), not the tumour's marker, unless an alteration is named too
        if (DrugClass().IsMatch(text) && !AlterationWords().IsMatch(text))
        {
            return null;
        }
        if (markers.Contains(Eligibility.Markers.PdL1))
        {
            var t = PdL1Threshold().Match(text);
            if (t.Success)
            {
                var op = t.Groups["op"].Success ? Op(t.Groups["op"].Value) : WordsOp(t.Groups["pre"].Value);
                return new BiomarkerRequirement([Eligibility.Markers.PdL1]) { PdL1Threshold = (op, decimal.Parse(t.Groups["v"].Value, CultureInfo.InvariantCulture)) };
            }
            if (markers.Count == 1)
            {
                var polarity = Eligibility.Markers.Polarity(text);
                return polarity is null
                    ? new BiomarkerRequirement(markers) { StatusKnown = true }
                    : new BiomarkerRequirement(markers) { Negated = polarity == false || negatedStart };
            }
            markers.Remove(Eligibility.Markers.PdL1);
        }
        var negative = negatedStart || NegativeMarker().IsMatch(text);
        if (!negative && !AlterationWords().IsMatch(text) && KnownStatus().IsMatch(text))
        {
            return new BiomarkerRequirement(markers) { StatusKnown = true };
        }
        return new BiomarkerRequirement(markers) { Negated = negative };
    }

    /// <summary>The comparison in the words before a number ("expression less than 1%").</summary>
    private static Comparison WordsOp(string words) =>
        LessWords().IsMatch(words) ? Comparison.LessThan
        : MoreWords().IsMatch(words) ? Comparison.MoreThan
        : AtMostWords().IsMatch(words) ? Comparison.AtMost
        : Comparison.AtLeast;

    private static PriorTherapyRequirement? PriorTherapy(string text)
    {
        if (Naive().IsMatch(text))
        {
            return new PriorTherapyRequirement(0, 0);
        }
        if (!TherapyWords().IsMatch(text))
        {
            return null;
        }
        var atMost = AtMostLines().Match(text);
        if (atMost.Success)
        {
            return new PriorTherapyRequirement(0, Count(atMost.Groups["n"].Value));
        }
        var atLeast = AtLeastLines().Match(text);
        if (atLeast.Success)
        {
            var n = atLeast.Groups["n"].Success ? Count(atLeast.Groups["n"].Value) : 1;
            return new PriorTherapyRequirement(atLeast.Value.StartsWith("more than", StringComparison.OrdinalIgnoreCase) ? n + 1 : n, null);
        }
        var exactly = ExactLines().Match(text);
        if (exactly.Success)
        {
            var n = Count(exactly.Groups["n"].Value);
            return new PriorTherapyRequirement(n, exactly.Groups["m"].Success ? Count(exactly.Groups["m"].Value) : n);
        }
        if (ProgressedAfter().IsMatch(text) || SecondLine().IsMatch(text))
        {
            return new PriorTherapyRequirement(1, null);
        }
        if (NoPrior().IsMatch(text))
        {
            return new PriorTherapyRequirement(0, 0);
        }
        if (PriorSystemic().IsMatch(text))
        {
            return new PriorTherapyRequirement(1, null);
        }
        return null;
    }

    private static OrganFunctionRequirement? OrganFunction(string text)
    {
        var thresholds = new List<LabThreshold>();
        foreach (var info in LabReader.Analytes)
        {
            foreach (var phrase in info.Phrases)
            {
                var at = TextMatch.IndexOfWordStart(text, phrase, 0);
                if (at < 0 || thresholds.Any(t => t.Analyte == info.Analyte))
                {
                    continue;
                }
                if (info.Analyte == Analyte.Creatinine && TextMatch.IndexOfWordStart(text[at..], "creatinine clearance", 0) == 0)
                {
                    continue;
                }
                var window = text[(at + phrase.TrimEnd('$').Length)..];
                window = window[..Math.Min(window.Length, 70)];
                var m = LabComparison().Match(window);
                if (!m.Success)
                {
                    continue;
                }
                var value = decimal.Parse(m.Groups["v"].Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
                var uln = m.Groups["uln"].Success;
                if (!uln)
                {
                    value = LabReader.Convert(info.Analyte, value, UnitOf(m.Groups["unit"].Value)) ?? value;
                }
                thresholds.Add(new LabThreshold(info.Analyte, Op(m.Groups["op"].Value), value, uln));
            }
        }
        if (thresholds.Count > 0)
        {
            return new OrganFunctionRequirement(thresholds);
        }
        return AdequateFunction().IsMatch(text) ? new OrganFunctionRequirement([]) : null;
    }

    private static string UnitOf(string written)
    {
        var u = written.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
        return u switch
        {
            "G/DL" or "GM/DL" => "g/dL",
            "G/L" => "g/L",
            "MMOL/L" => "mmol/L",
            "UMOL/L" or "ΜMOL/L" => "umol/L",
            "MG/DL" => "mg/dL",
            _ when u.Contains("MM3", StringComparison.Ordinal) || u.Contains("/UL", StringComparison.Ordinal) || u.Contains("/ΜL", StringComparison.Ordinal) || u.Contains("/MCL", StringComparison.Ordinal) => u.Contains("10", StringComparison.Ordinal) ? "10*3/uL" : "/uL",
            _ when u.Contains("10^9", StringComparison.Ordinal) || u.Contains("10*9", StringComparison.Ordinal) || u.Contains("109/L", StringComparison.Ordinal) => "10*9/L",
            _ when u.StartsWith("ML/MIN", StringComparison.Ordinal) => "mL/min",
            _ => string.Empty,
        };
    }

    private static HistologyRequirement? Histology(string text)
    {
        if (NonSquamous().IsMatch(text))
        {
            return new HistologyRequirement(Eligibility.Histology.NonSquamous);
        }
        if (TextMatch.StartsWord(text, "squamous"))
        {
            return new HistologyRequirement(Eligibility.Histology.Squamous);
        }
        return TextMatch.StartsWord(text, "adenocarcinoma") && !TextMatch.StartsWord(text, "non-adenocarcinoma")
            ? new HistologyRequirement(Eligibility.Histology.Adenocarcinoma)
            : null;
    }

    private static StageRequirement? Stage(string text)
    {
        var stages = new SortedSet<int>();
        var phrase = StagePhrase().Match(text);
        if (phrase.Success)
        {
            var tokens = StageToken().Matches(phrase.Groups["list"].Value).Select(t => PatientFacts.StageNumber(t.Value)).OfType<int>().ToList();
            if (phrase.Groups["list"].Value.Contains('-', StringComparison.Ordinal) && tokens.Count == 2)
            {
                for (var s = tokens[0]; s <= tokens[1]; s++)
                {
                    stages.Add(s);
                }
            }
            else
            {
                stages.UnionWith(tokens);
            }
        }
        if (TextMatch.StartsWord(text, "metastatic") || TextMatch.StartsWord(text, "advanced or metastatic") || TextMatch.StartsWord(text, "distant metasta"))
        {
            stages.Add(4);
        }
        if (TextMatch.StartsWord(text, "locally advanced"))
        {
            stages.Add(3);
        }
        else if (TextMatch.StartsWord(text, "advanced") && !TextMatch.StartsWord(text, "advanced age") && CancerVocabulary.Find(text).Count > 0)
        {
            stages.UnionWith([3, 4]);
        }
        if (TextMatch.StartsWord(text, "early stage") || TextMatch.StartsWord(text, "early-stage"))
        {
            stages.UnionWith([1, 2]);
        }
        return stages.Count == 0 ? null : new StageRequirement(stages, phrase.Success ? phrase.Value.Trim() : "advanced or metastatic");
    }

    /// <summary>A bound pair from words such as "18 years or older", "aged 18-75", "0 or 1", "≤ 2", "at least 70%".</summary>
    internal static (int? Min, int? Max) Range(string text, int low, int high, bool wordBefore)
    {
        var between = Between().Match(text);
        if (between.Success && Int(between.Groups["a"].Value, low, high) is { } a && Int(between.Groups["b"].Value, low, high) is { } b && a <= b)
        {
            return (a, b);
        }
        var list = NumberList().Match(text);
        if (list.Success && !wordBefore)
        {
            var numbers = NumberIn().Matches(list.Value).Select(n => Int(n.Value, low, high)).OfType<int>().ToList();
            if (numbers.Count >= 2)
            {
                return (numbers.Min(), numbers.Max());
            }
        }
        var op = OpNumber().Match(text);
        if (op.Success && Int(op.Groups["v"].Value, low, high) is { } v)
        {
            return Op(op.Groups["op"].Value) switch
            {
                Comparison.AtLeast => (v, null),
                Comparison.MoreThan => (v + 1, null),
                Comparison.AtMost => (null, v),
                _ => (null, v - 1),
            };
        }
        var suffix = NumberSuffix().Match(text);
        if (suffix.Success && Int(suffix.Groups["v"].Value, low, high) is { } s)
        {
            return suffix.Groups["dir"].Value.ToUpperInvariant() switch
            {
                "OLDER" or "MORE" or "HIGHER" or "ABOVE" or "GREATER" or "OVER" => (s, null),
                _ => (null, s),
            };
        }
        if (!wordBefore)
        {
            var single = SingleNumber().Match(text);
            if (single.Success && Int(single.Groups["v"].Value, low, high) is { } only)
            {
                return (only, only);
            }
        }
        return (null, null);
    }

    private static int? Int(string s, int low, int high) =>
        int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) && v >= low && v <= high ? v : null;

    private static int Count(string word) => word.ToUpperInvariant() switch
    {
        "ONE" or "A" or "1" or "SINGLE" or "FIRST" => 1,
        "TWO" or "2" or "SECOND" => 2,
        "THREE" or "3" or "THIRD" => 3,
        "FOUR" or "4" => 4,
        "ZERO" or "0" or "NO" => 0,
        var w => int.TryParse(w, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : 1,
    };

    internal static Comparison Op(string op) => op.Trim().ToUpperInvariant() switch
    {
        ">=" or "AT LEAST" or "GREATER THAN OR EQUAL TO" or "MINIMUM" or "MINIMUM OF" or "OF AT LEAST" or "NOT LESS THAN" or "NO LESS THAN" or "=" or "" => Comparison.AtLeast,
        ">" or "GREATER THAN" or "MORE THAN" or "ABOVE" or "OVER" or "OLDER THAN" or "EXCEEDING" => Comparison.MoreThan,
        "<=" or "AT MOST" or "NO MORE THAN" or "NOT MORE THAN" or "NOT EXCEEDING" or "UP TO" or "NOT GREATER THAN" or "NO GREATER THAN" or "MAXIMUM" or "OF AT MOST" => Comparison.AtMost,
        _ => Comparison.LessThan,
    };

    private const string Ops = @"(?<op>>=|<=|>|<|=|at least|at most|greater than or equal to|less than or equal to|greater than|more than|less than|fewer than|below|above|over|under|older than|younger than|up to|no more than|not more than|no greater than|not greater than|not exceeding|exceeding|not less than|no less than|minimum of|maximum|of at least|of at most)";

    [GeneratedRegex(@"^(?:no|not|without|absence of|patients without|must not|free of|lack of|none)\b", RegexOptions.IgnoreCase)]
    private static partial Regex NegatedStart();

    [GeneratedRegex(@"\bpregnan|\bbreast[- ]?feeding|\blactat|\bnursing (?:mother|women|woman)|^nursing\b|or nursing\b", RegexOptions.IgnoreCase)]
    private static partial Regex PregnancyWords();

    [GeneratedRegex(@"\bnot (?:be )?pregnant|\bnon-?pregnant|negative (?:serum |urine )?(?:or urine |or serum )?(?:beta[- ]hcg |β-hcg )?pregnancy test|pregnancy test (?:must be |that is )?negative|\bno pregnancy|\bnot (?:be )?(?:pregnant or )?breast[- ]?feeding|must not be pregnant", RegexOptions.IgnoreCase)]
    private static partial Regex NotPregnant();

    [GeneratedRegex(@"\b(?:brain|cns|central nervous system|cerebral|intracranial|leptomeningeal)\b[^.;]{0,30}\bmetasta|\bmetasta\w*\s+(?:to|in|of)\s+the\s+(?:brain|cns|central nervous system)|\bbrain mets\b", RegexOptions.IgnoreCase)]
    private static partial Regex BrainMetastases();

    [GeneratedRegex(@"\b(?:no|without|absence of)\s+(?:known\s+|active\s+|untreated\s+|symptomatic\s+)*(?:brain|cns)", RegexOptions.IgnoreCase)]
    private static partial Regex NoBrainMetastases();

    [GeneratedRegex(@"\b(?:are|is|will be)\s+(?:allowed|eligible|permitted)|\bmay (?:participate|be (?:included|enrolled|eligible))|\bcan be (?:included|enrolled)", RegexOptions.IgnoreCase)]
    private static partial Regex Permissive();

    [GeneratedRegex(@"\b(?:other|another|second|prior|previous|concurrent|additional|secondary)\s+(?:primary\s+|active\s+|invasive\s+)?(?:malignan|cancer|primary (?:malignan|cancer|tumou?r))|\bhistory of (?:\w+\s+){0,2}malignan|\bmalignancies? (?:other than|within)", RegexOptions.IgnoreCase)]
    private static partial Regex OtherMalignancy();

    [GeneratedRegex(@"\b(?:age[ds]?\b|years? of age|years? old|yrs? old|\d+\s*(?:years|yrs)\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AgeContext();

    [GeneratedRegex(@"\b(?:male (?:and|or|&) female|female (?:and|or|&) male|men (?:and|or) women|women (?:and|or) men|both (?:sexes|genders)|either sex|either gender|all genders)\b", RegexOptions.IgnoreCase)]
    private static partial Regex BothSexes();

    [GeneratedRegex(@"^(?:(?:adult|postmenopausal|pre-?menopausal)\s+)?(?<sex>male|female|men|women|man|woman)\b(?!\s+(?:and|or)\s+(?:female|male|women|men)\b)(?:\s+(?:patients?|subjects?|participants?|only|aged|volunteers?|with))?", RegexOptions.IgnoreCase)]
    private static partial Regex SexStart();

    [GeneratedRegex(@"\b(?:ecog|eastern cooperative oncology group|zubrod|who performance status|who ps|who|performance status|ps)\b(?:\s*\(ecog\))?(?:\s*(?:performance|ps|status|score|of|scale|grade|level|is|must be|:|\(|\)|,))*", RegexOptions.IgnoreCase)]
    private static partial Regex EcogWord();

    [GeneratedRegex(@"\b(?:karnofsky|kps|lansky)\b(?:\s*(?:performance|ps|status|score|index|of|scale|is|must be|:|\(|\)|,|\(kps\)))*", RegexOptions.IgnoreCase)]
    private static partial Regex KarnofskyWord();

    [GeneratedRegex(@"\b(?:tki|tkis|tyrosine kinase inhibitor|inhibitors?|targeted therap|antibod|blockade|agent|immunotherap)", RegexOptions.IgnoreCase)]
    private static partial Regex DrugClass();

    [GeneratedRegex(@"\b(?:mutat\w*|mutant|deletion|del19|exon|l858r|t790m|insertion|rearrange\w*|fusion|amplifi\w*|translocation|alteration|altered|positive|negative|wild[- ]?type|g12c|v600|overexpress\w*|driver)", RegexOptions.IgnoreCase)]
    private static partial Regex AlterationWords();

    [GeneratedRegex(@"\b(?:wild[- ]?type|negative|without (?:\w+\s+){0,4}(?:mutation|alteration|rearrangement|fusion|aberration|driver)|no (?:known |documented |actionable |sensitizing |sensitising )*(?:\w+\s+){0,3}(?:mutation|alteration|rearrangement|fusion|aberration)|not (?:harbou?r|have|carry)|absence of)", RegexOptions.IgnoreCase)]
    private static partial Regex NegativeMarker();

    [GeneratedRegex(@"\b(?:known|available|documented|tested|testing|status|assessed|evaluable|results?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex KnownStatus();

    [GeneratedRegex(@"pd-?l1(?<pre>[^.;%\d<>=]{0,60})(?<op>>=|<=|>|<)?\s*(?<v>\d{1,3})\s*%|(?<op>>=|<=|>|<)\s*(?<v>\d{1,3})\s*%[^.;]{0,40}pd-?l1", RegexOptions.IgnoreCase)]
    private static partial Regex PdL1Threshold();

    [GeneratedRegex(@"\b(?:less than|lower than|below|under|fewer than)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex LessWords();

    [GeneratedRegex(@"\b(?:greater than|more than|above|over|higher than|exceeding)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex MoreWords();

    [GeneratedRegex(@"\b(?:at most|up to|no more than|not more than|not exceeding)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AtMostWords();

    [GeneratedRegex(@"\b(?:histolog|cytolog|patholog|diagnos|confirmed|documented|with (?:advanced|metastatic|stage)|stage|nsclc|carcinoma)", RegexOptions.IgnoreCase)]
    private static partial Regex DiagnosisWords();

    [GeneratedRegex(@"\b(?:treatment[- ]na[iï]ve|therapy[- ]na[iï]ve|chemo(?:therapy)?[- ]na[iï]ve|previously untreated|untreated (?:advanced|metastatic|stage)|no prior (?:systemic|chemotherapy|anti-?cancer|treatment|therapy)|not (?:have )?(?:previously )?received (?:any )?(?:prior )?(?:systemic|chemotherapy|anti-?cancer)|first[- ]line (?:treatment|therapy|setting))", RegexOptions.IgnoreCase)]
    private static partial Regex Naive();

    [GeneratedRegex(@"\b(?:systemic|chemotherapy|chemo|line|lines|regimens?|anti-?cancer|anti-?neoplastic|platinum)\b", RegexOptions.IgnoreCase)]
    private static partial Regex TherapyWords();

    [GeneratedRegex(@"(?:no more than|not more than|at most|maximum of|up to|<=|≤|fewer than|less than)\s*(?<n>\d|one|two|three|four)\s+(?:prior\s+|previous\s+)?(?:\w+\s+){0,3}(?:lines?|regimens?)", RegexOptions.IgnoreCase)]
    private static partial Regex AtMostLines();

    [GeneratedRegex(@"(?:at least|>=|≥|minimum of|one or more|more than)\s*(?<n>\d|one|two|three|a|1)?\s*(?:\(\d\)\s*)?(?:prior\s+|previous\s+)?(?:\w+\s+){0,4}(?:lines?|regimens?|therapy|therapies|treatments?|chemotherapy)", RegexOptions.IgnoreCase)]
    private static partial Regex AtLeastLines();

    [GeneratedRegex(@"\b(?<n>one|two|three|1|2|3)\s*(?:\(\d\)\s*)?(?:or (?<m>two|three|four|2|3|4)\s+)?(?:prior|previous)\s+(?:\w+\s+){0,3}(?:lines?|regimens?)", RegexOptions.IgnoreCase)]
    private static partial Regex ExactLines();

    [GeneratedRegex(@"\b(?:progress\w*|relapsed|refractory|recurr\w*|failed|failure)\s+(?:\w+\s+){0,3}(?:on|after|following|to|during|of)\s+(?:\w+\s+){0,4}(?:platinum|chemotherapy|systemic|first[- ]line|prior|previous|standard|therapy|treatment|regimen)", RegexOptions.IgnoreCase)]
    private static partial Regex ProgressedAfter();

    [GeneratedRegex(@"\bsecond[- ]line\b|\b2l\b", RegexOptions.IgnoreCase)]
    private static partial Regex SecondLine();

    [GeneratedRegex(@"^(?:no|without)\s+(?:\w+\s+){0,2}(?:prior|previous)\s+(?:\w+\s+){0,2}(?:systemic|chemotherapy|anti-?cancer|treatment|therapy)", RegexOptions.IgnoreCase)]
    private static partial Regex NoPrior();

    [GeneratedRegex(@"\b(?:prior|previous|previously|received|undergone|had)\s+(?:\w+\s+){0,3}(?:systemic|chemotherapy|anti-?cancer|anti-?neoplastic)\s*(?:therapy|treatment|regimen)?", RegexOptions.IgnoreCase)]
    private static partial Regex PriorSystemic();

    [GeneratedRegex(Ops + @"?\s*(?<v>\d+(?:[.,]\d+)*)\s*(?<uln>(?:x|times|fold)\s*(?:the\s+)?(?:institutional\s+)?(?:upper limit of normal|uln|upper normal limit)|uln)?\s*(?<unit>(?:x\s*)?10\s*\^?\*?\s*[39]\s*/\s*[lµμu]l?|/\s*(?:mm3|mm\^3|µl|μl|ul|mcl)|g/dl|gm/dl|g/l|mmol/l|[uµμ]mol/l|mg/dl|ml/min(?:/1\.73\s*m2)?|cells/mm3)?", RegexOptions.IgnoreCase)]
    private static partial Regex LabComparison();

    [GeneratedRegex(@"\badequate\b[^.;]{0,60}\b(?:function|reserve)", RegexOptions.IgnoreCase)]
    private static partial Regex AdequateFunction();

    [GeneratedRegex(@"\bnon[- ]?squamous\b", RegexOptions.IgnoreCase)]
    private static partial Regex NonSquamous();

    [GeneratedRegex(@"\bstages?\s+(?<list>(?:(?:IV|I{1,3}|[1-4])[ABC]?\d?(?:\s*(?:,|/|-|or|and|to)\s*)?)+)", RegexOptions.IgnoreCase)]
    private static partial Regex StagePhrase();

    [GeneratedRegex(@"IV[ABC]?|I{1,3}[ABC]?|[1-4][ABC]?", RegexOptions.IgnoreCase)]
    private static partial Regex StageToken();

    [GeneratedRegex(@"(?:between|from|aged?|age\s+range|ages?)?\s*(?<a>\d{1,3})\s*(?:-|to|and)\s*(?<b>\d{1,3})\s*(?:years?|yrs?|inclusive|\b)", RegexOptions.IgnoreCase)]
    private static partial Regex Between();

    [GeneratedRegex(@"(?<a>\d{1,3})\s*(?:-|to|and)\s*(?<b>\d{1,3})\s*(?:years|yrs|y\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AgeBetween();

    [GeneratedRegex(@"^[^a-z\d]*(?:of\s+|is\s+|:\s*|=\s*)?\d(?:\s*(?:,|or|-|to|and|/)\s*\d)+", RegexOptions.IgnoreCase)]
    private static partial Regex NumberList();

    [GeneratedRegex(@"\d+")]
    private static partial Regex NumberIn();

    [GeneratedRegex(Ops + @"\s*(?<v>\d{1,3})\b", RegexOptions.IgnoreCase)]
    private static partial Regex OpNumber();

    [GeneratedRegex(@"(?<v>\d{1,3})\s*(?:%\s*)?(?:years?|yrs?)?\s*(?:of age\s*)?(?:old\s*)?(?:or|and)\s+(?<dir>older|more|higher|above|greater|over|less|lower|younger|below|under|fewer)", RegexOptions.IgnoreCase)]
    private static partial Regex NumberSuffix();

    [GeneratedRegex(@"^\s*(?:of\s+|is\s+|:\s*|=\s*)?(?<v>\d)\b(?!\s*(?:weeks?|days?|months?|years?|%))", RegexOptions.IgnoreCase)]
    private static partial Regex SingleNumber();
}
