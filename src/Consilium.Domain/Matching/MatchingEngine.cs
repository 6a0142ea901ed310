using System.Globalization;
using Consilium.Domain.Clinical;
using Consilium.Domain.Experts;
using Consilium.Domain.Specialties;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Matching;

/// <summary>
/// Ranks the experts of a network for each expertise a triaged case needs. Pure and deterministic: the same request,
/// network and options give the same result. Only experts holding the need's specialty or subspecialty are considered;
/// each of them is checked against every hard constraint (licensure, conflict of interest, capacity, turnaround,
/// language, availability) and either excluded, with the constraints that failed, or scored from six named parts
/// (condition experience, subspecialty fit, technique fit, language, turnaround, load). Candidates are ordered by score,
/// highest first, ties broken by expert id (ordinal).
/// </summary>
public sealed class MatchingEngine
{
    private readonly ExpertFacts[] _facts;
    private readonly Dictionary<string, int[]> _byLicence;
    private readonly Dictionary<string, int[]> _byLicenceCountry;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int[]> _licensedIn = new(StringComparer.Ordinal);
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string?, string?), int[]> _relevantLicensed = new();

    public MatchingEngine(ExpertNetwork network, MatchingOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(network);
        Network = network;
        Options = options ?? MatchingOptions.Default;
        _facts = [.. network.Experts.Select(e => new ExpertFacts(e))];
        _byLicence = _facts.SelectMany((f, i) => f.Licensures.Select(l => (l, i))).GroupBy(x => x.l, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.i).Distinct().Order().ToArray(), StringComparer.Ordinal);
        _byLicenceCountry = _facts.SelectMany((f, i) => f.Licensures.Select(l => (l: CaseProfile.Country(l), i))).GroupBy(x => x.l, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(x => x.i).Distinct().Order().ToArray(), StringComparer.Ordinal);
    }

    public ExpertNetwork Network { get; }
    public MatchingOptions Options { get; }

    /// <summary>A score in [0, 1] as integer points (0–1000), the unit batch assignment maximises.</summary>
    public static int ToPoints(double score) => (int)Math.Round(Math.Clamp(score, 0, 1) * 1000, MidpointRounding.AwayFromZero);

    /// <summary>Candidates and exclusions for every expertise need of the case, in triage order.</summary>
    public MatchResult Match(MatchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var profile = new CaseProfile(request);
        return new MatchResult(request.CaseId, request.Triage.Urgency, [.. request.Triage.Expertise.Select(n => MatchNeed(profile, n))]);
    }

    /// <summary>Candidates and exclusions for one expertise need of the case.</summary>
    public NeedMatch MatchNeed(MatchRequest request, ExpertiseNeed need) => MatchNeed(new CaseProfile(request), need);

    private NeedMatch MatchNeed(CaseProfile profile, ExpertiseNeed need)
    {
        ArgumentNullException.ThrowIfNull(need);
        var relevant = Network.Holding(need.Specialty, need.Subspecialty);
        var scored = new List<(int Index, IReadOnlyList<ConstraintCheck> Checks, IReadOnlyList<ScorePart> Parts, double Score, bool Interpreter)>(relevant.Count);
        var excluded = new List<ExcludedExpert>();
        foreach (var i in relevant)
        {
            var (checks, parts, score, interpreter) = Explain(profile, need, i);
            if (parts is null)
            {
                excluded.Add(new ExcludedExpert(Network.Experts[i], checks));
            }
            else
            {
                scored.Add((i, checks, parts, score, interpreter));
            }
        }
        // Experts are in id order, so a stable sort by score keeps ties in id order.
        var candidates = scored
            .OrderByDescending(s => s.Score)
            .Select((s, rank) => new Candidate(Network.Experts[s.Index], rank + 1, s.Score, s.Parts, s.Checks) { InterpreterNeeded = s.Interpreter })
            .ToList();
        return new NeedMatch(need, candidates, excluded) { NotRelevant = Network.Count - relevant.Count };
    }

    /// <summary>
    /// The eligible experts for a need as (expert index, points), without explanations: the fast path batch assignment
    /// uses. When none is eligible, <paramref name="excludedBy"/> counts, per constraint, the relevant experts it excluded
    /// first (constraints checked in <see cref="MatchConstraint.All"/> order).
    /// </summary>
    internal List<(int Expert, int Points)> Eligible(CaseProfile profile, ExpertiseNeed need, Dictionary<string, int>? excludedBy)
    {
        var result = new List<(int, int)>();
        foreach (var i in RelevantAndLicensed(profile, need))
        {
            if (FirstFailure(profile, _facts[i]) is null)
            {
                result.Add((i, ToPoints(Combine(PartValues(profile, need, _facts[i])))));
            }
        }
        if (result.Count == 0 && excludedBy is not null)
        {
            foreach (var i in Network.Holding(need.Specialty, need.Subspecialty))
            {
                if (FirstFailure(profile, _facts[i]) is { } failed)
                {
                    excludedBy[failed] = excludedBy.GetValueOrDefault(failed) + 1;
                }
            }
        }
        return result;
    }

    /// <summary>Experts holding the need's expertise whom the licensure rule allows for the case (cached per expertise and jurisdiction).</summary>
    private int[] RelevantAndLicensed(CaseProfile profile, ExpertiseNeed need) =>
        _relevantLicensed.GetOrAdd((need.Specialty.ToUpperInvariant(), need.Subspecialty?.ToUpperInvariant(), profile.Jurisdiction), _ =>
        {
            var relevant = Network.Holding(need.Specialty, need.Subspecialty);
            var licensed = LicensedExperts(profile);
            return licensed is null ? [.. relevant] : [.. relevant.Where(i => Array.BinarySearch(licensed, i) >= 0)];
        });

    internal int RelevantCount(ExpertiseNeed need) => Network.Holding(need.Specialty, need.Subspecialty).Count;

    /// <summary>Experts (ascending index) the licensure rule allows for the case's jurisdiction; null when it allows everyone.</summary>
    private int[]? LicensedExperts(CaseProfile c) =>
        c.Jurisdiction is not { } j || Options.Licensure == LicensurePolicy.CrossBorder ? null : _licensedIn.GetOrAdd(j, LicensedExperts);

    private int[] LicensedExperts(string j)
    {
        var country = CaseProfile.Country(j);
        if (Options.Licensure == LicensurePolicy.SameCountry)
        {
            return _byLicenceCountry.GetValueOrDefault(country) ?? [];
        }
        var exact = _byLicence.GetValueOrDefault(j) ?? [];
        var national = j == country ? [] : _byLicence.GetValueOrDefault(country) ?? [];
        return national.Length == 0 ? exact : [.. exact.Union(national).Order()];
    }

    /// <summary>The first hard constraint (in <see cref="MatchConstraint.All"/> order) the expert fails, or null.</summary>
    private string? FirstFailure(CaseProfile c, ExpertFacts x)
    {
        if (!IsLicensed(c, x))
        {
            return MatchConstraint.Licensure;
        }
        if (c.Request.FirstOpinion is not null && Conflict(c, x) is not null)
        {
            return MatchConstraint.ConflictOfInterest;
        }
        if (x.Expert.FreeCapacity <= 0)
        {
            return MatchConstraint.Capacity;
        }
        if (!TurnaroundFits(c, x))
        {
            return MatchConstraint.Turnaround;
        }
        if (LanguageMatch(c, x) == -1 && !Options.InterpreterAvailable)
        {
            return MatchConstraint.Language;
        }
        return IsAvailable(c, x) ? null : MatchConstraint.Availability;
    }

    private bool TurnaroundFits(CaseProfile c, ExpertFacts x) => c.Urgency == Urgency.Standard || x.Expert.TypicalTurnaroundDays <= Options.TurnaroundTarget(c.Urgency);

    private static bool IsAvailable(CaseProfile c, ExpertFacts x)
    {
        var windows = x.Expert.Availability;
        if (windows.Count == 0)
        {
            return true;
        }
        foreach (var w in windows)
        {
            if (w.Covers(c.Request.AsOf))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Values of the six parts (null: not applicable), in <see cref="ScorePartName.All"/> order.</summary>
    private PartValueSet PartValues(CaseProfile c, ExpertiseNeed need, ExpertFacts x)
    {
        var language = LanguageMatch(c, x);
        var e = x.Expert;
        return new PartValueSet(
            ConditionExperience(c, x).Value,
            SubspecialtyFit(need, x),
            TechniqueFit(c, need, x).Value,
            language switch { -2 => null, 0 => 1.0, >= 0 => 0.7, _ => 0.2 },
            Math.Clamp(1 - (e.TypicalTurnaroundDays / (2 * Options.TurnaroundTarget(c.Urgency))), 0, 1),
            e.WeeklyCapacity <= 0 ? 0 : (double)e.FreeCapacity / e.WeeklyCapacity);
    }

    private readonly record struct PartValueSet(double? Condition, double Subspecialty, double? Technique, double? Language, double Turnaround, double Load);

    /// <summary>Weighted mean over the applicable parts, rounded to 6 decimals.</summary>
    private double Combine(PartValueSet v)
    {
        var w = Options.Weights;
        double total = (w.SubspecialtyFit * v.Subspecialty) + (w.Turnaround * v.Turnaround) + (w.Load * v.Load);
        double weights = w.SubspecialtyFit + w.Turnaround + w.Load;
        void Add(double weight, double? value)
        {
            if (value is { } x)
            {
                total += weight * x;
                weights += weight;
            }
        }
        Add(w.ConditionExperience, v.Condition);
        Add(w.TechniqueFit, v.Technique);
        Add(w.Language, v.Language);
        return weights <= 0 ? 0 : Math.Round(total / weights, 6, MidpointRounding.AwayFromZero);
    }

    /// <summary>Every constraint and every part, with the words a coordinator reads.</summary>
    private (IReadOnlyList<ConstraintCheck> Checks, IReadOnlyList<ScorePart>? Parts, double Score, bool Interpreter) Explain(CaseProfile c, ExpertiseNeed need, int index)
    {
        var x = _facts[index];
        var e = x.Expert;
        var target = Options.TurnaroundTarget(c.Urgency);
        var language = LanguageMatch(c, x);
        var conflict = c.Request.FirstOpinion is null ? null : Conflict(c, x);
        var free = e.FreeCapacity;
        var fits = TurnaroundFits(c, x);
        var available = IsAvailable(c, x);
        var checks = new List<ConstraintCheck>
        {
            new(MatchConstraint.Licensure, IsLicensed(c, x), LicensureReason(c, x)),
            new(MatchConstraint.ConflictOfInterest, conflict is null, conflict ?? (c.Request.FirstOpinion is null ? "No first-opinion physician named for the case." : "Independent of the first opinion (different physician and institution).")),
            new(MatchConstraint.Capacity, free > 0, free > 0
                ? $"Has capacity: {e.CurrentLoad} of {e.WeeklyCapacity} opinions this week."
                : $"At capacity: {e.CurrentLoad} of {e.WeeklyCapacity} opinions this week."),
            new(MatchConstraint.Turnaround, fits, c.Urgency == Urgency.Standard
                ? $"Standard case: typical turnaround {Days(e.TypicalTurnaroundDays)} is not a constraint."
                : fits
                    ? $"{c.Urgency} case: typical turnaround {Days(e.TypicalTurnaroundDays)} is within {Days(target)}."
                    : $"{c.Urgency} case needs an opinion within {Days(target)}; typical turnaround is {Days(e.TypicalTurnaroundDays)}."),
            new(MatchConstraint.Language, language != -1 || Options.InterpreterAvailable, language switch
            {
                -2 => "Patient language not recorded.",
                >= 0 => $"Speaks {c.Languages[language]}, the patient's {(language == 0 ? "preferred " : string.Empty)}language.",
                _ when Options.InterpreterAvailable => $"Does not speak {string.Join(" or ", c.Languages)}: an interpreter is needed.",
                _ => $"Does not speak {string.Join(" or ", c.Languages)} and no interpreter is available.",
            }),
            new(MatchConstraint.Availability, available, available
                ? (e.Availability.Count == 0 ? "No availability limits recorded." : "Available now.")
                : $"Not available on {c.Request.AsOf:yyyy-MM-dd}."),
        };
        if (checks.Any(k => !k.Passed))
        {
            return (checks, null, 0, false);
        }

        var v = PartValues(c, need, x);
        var w = Options.Weights;
        var (_, patients, condition) = ConditionExperience(c, x);
        var (_, technique) = TechniqueFit(c, need, x);
        var parts = new List<ScorePart>
        {
            new(ScorePartName.ConditionExperience, v.Condition ?? 0, w.ConditionExperience, v.Condition.HasValue, v.Condition is null
                ? "No coded condition in the case to compare."
                : patients > 0
                    ? $"Has treated {patients} patients with {condition} (volume counts on a log scale, full credit from {Options.VolumeSaturation})."
                    : $"No recorded experience with {string.Join(", ", c.ConditionLabels.Take(3))}."),
            new(ScorePartName.SubspecialtyFit, v.Subspecialty, w.SubspecialtyFit, true, v.Subspecialty switch
            {
                1 => need.Subspecialty is null ? $"Specialist in {need.Specialty}." : $"Subspecialist in {need.Subspecialty}.",
                0.5 => $"{need.Specialty} specialist, but not in {need.Subspecialty}.",
                _ => $"Holds {need.Subspecialty ?? need.Specialty} only through a related area.",
            }),
            new(ScorePartName.TechniqueFit, v.Technique ?? 0, w.TechniqueFit, v.Technique.HasValue, technique),
            new(ScorePartName.Language, v.Language ?? 0, w.Language, v.Language.HasValue, language switch
            {
                -2 => "Patient language not recorded.",
                0 => $"Speaks the patient's preferred language ({c.Languages[0]}).",
                >= 0 => $"Speaks {c.Languages[language]}, not the patient's preferred {c.Languages[0]}.",
                _ => "Needs an interpreter.",
            }),
            new(ScorePartName.Turnaround, v.Turnaround, w.Turnaround, true, $"Typical turnaround {Days(e.TypicalTurnaroundDays)} against a target of {Days(target)} (faster scores higher, zero at twice the target)."),
            new(ScorePartName.Load, v.Load, w.Load, true, $"{free} of {e.WeeklyCapacity} weekly slots free."),
        };
        return (checks, parts, Combine(v), language == -1);
    }

    private static string Days(double d) => $"{d.ToString("0.#", CultureInfo.InvariantCulture)} day{(d == 1 ? string.Empty : "s")}";

    private bool IsLicensed(CaseProfile c, ExpertFacts x)
    {
        if (c.Jurisdiction is not { } j || Options.Licensure == LicensurePolicy.CrossBorder)
        {
            return true;
        }
        var country = CaseProfile.Country(j);
        foreach (var l in x.Licensures)
        {
            if (l == j || l == country || (Options.Licensure == LicensurePolicy.SameCountry && CaseProfile.Country(l) == country))
            {
                return true;
            }
        }
        return false;
    }

    private string LicensureReason(CaseProfile c, ExpertFacts x)
    {
        var held = x.Licensures.Length == 0 ? "no licensure recorded" : $"licensed in {string.Join(", ", x.Licensures)}";
        if (c.Jurisdiction is not { } j)
        {
            return $"Patient jurisdiction not recorded ({held}): check before assigning.";
        }
        var country = CaseProfile.Country(j);
        if (x.Licensures.Any(l => l == j || l == country))
        {
            return $"Licensed in {j} ({held}).";
        }
        if (IsLicensed(c, x))
        {
            return Options.Licensure == LicensurePolicy.SameCountry
                ? $"Not licensed in {j} but in {country}; the service allows any licence in the same country ({held})."
                : $"Not licensed in {j} ({held}); the service allows opinions across borders.";
        }
        return $"Not licensed in the patient's jurisdiction {j} ({held}).";
    }

    private string? Conflict(CaseProfile c, ExpertFacts x)
    {
        if (c.Request.FirstOpinion is not { } first)
        {
            return null;
        }
        var e = x.Expert;
        if (!string.IsNullOrWhiteSpace(first.PractitionerId) && (string.Equals(e.Id, first.PractitionerId.Trim(), StringComparison.OrdinalIgnoreCase)
            || e.Identifiers.Any(i => string.Equals(i, first.PractitionerId.Trim(), StringComparison.OrdinalIgnoreCase))))
        {
            return $"Gave the first opinion (practitioner {first.PractitionerId}).";
        }
        if (c.FirstOpinionName is { } name && name == x.Name)
        {
            return $"Gave the first opinion ({first.PractitionerName}).";
        }
        if (Options.ExcludeFirstOpinionInstitution && c.FirstOpinionInstitution is { } institution && x.Institutions.Contains(institution))
        {
            return $"Works at or is affiliated with {first.Institution}, the institution of the first opinion.";
        }
        return null;
    }

    /// <summary>Index into the case languages of the best shared language; -1 none shared; -2 the case records none.</summary>
    private static int LanguageMatch(CaseProfile c, ExpertFacts x)
    {
        if (c.Languages.Count == 0)
        {
            return -2;
        }
        for (var i = 0; i < c.Languages.Count; i++)
        {
            if (Array.IndexOf(x.Languages, c.Languages[i]) >= 0)
            {
                return i;
            }
        }
        return -1;
    }

    private (double? Value, int Patients, string? Condition) ConditionExperience(CaseProfile c, ExpertFacts x)
    {
        if (c.ConditionKeys.Count == 0)
        {
            return (null, 0, null);
        }
        var best = -1;
        for (var i = 0; i < x.ConditionKeys.Length; i++)
        {
            if (c.ConditionKeys.Contains(x.ConditionKeys[i]) && (best < 0 || x.Expert.Conditions[i].PatientsTreated > x.Expert.Conditions[best].PatientsTreated))
            {
                best = i;
            }
        }
        if (best < 0)
        {
            return (0, 0, null);
        }
        var ce = x.Expert.Conditions[best];
        return (Volume(ce.PatientsTreated), ce.PatientsTreated, ce.Display ?? $"{CodeSystems.ShortName(CodeSystems.Normalize(ce.System))} {ce.Code}");
    }

    /// <summary>Diminishing returns: log(1 + n) / log(1 + saturation), capped at 1 (100 patients ≈ 0.74 of 500).</summary>
    public double Volume(int n) => n <= 0 ? 0 : Math.Min(1, Math.Log(1 + n) / Math.Log(1 + Math.Max(1, Options.VolumeSaturation)));

    /// <summary>1: holds the subspecialty asked for (or the specialty when none is); 0.5: only the specialty; 0: neither.</summary>
    private static double SubspecialtyFit(ExpertiseNeed need, ExpertFacts x)
    {
        var hasSpecialty = x.Areas.Contains(need.Specialty);
        if (need.Subspecialty is null)
        {
            return hasSpecialty ? 1 : 0;
        }
        return x.Areas.Contains(need.Subspecialty) ? 1 : hasSpecialty ? 0.5 : 0;
    }

    /// <summary>
    /// Radiology: the share of the case's modalities the expert reads. Otherwise, when a procedure is proposed: the
    /// expert's volume (log scale) in that procedure or in a minimally invasive technique for the same organ system.
    /// </summary>
    private (double? Value, string Reason) TechniqueFit(CaseProfile c, ExpertiseNeed need, ExpertFacts x)
    {
        if (string.Equals(need.Specialty, Specialty.Radiology, StringComparison.OrdinalIgnoreCase))
        {
            if (c.Modalities.Count == 0)
            {
                return (null, "No imaging modality in the records to compare.");
            }
            var read = 0;
            foreach (var m in c.Modalities)
            {
                read += Array.IndexOf(x.Modalities, m) >= 0 ? 1 : 0;
            }
            return ((double)read / c.Modalities.Count, read == 0
                ? $"Reads none of {string.Join(", ", c.Modalities)}."
                : $"Reads {string.Join(", ", c.Modalities.Where(m => Array.IndexOf(x.Modalities, m) >= 0))} of the case's {string.Join(", ", c.Modalities)}.");
        }
        if (c.ProposedProcedureKeys.Count == 0)
        {
            return (null, "No procedure proposed in the case.");
        }
        ProcedureExperience? best = null;
        var bestIsAlternative = false;
        for (var i = 0; i < x.Expert.Procedures.Count; i++)
        {
            var p = x.Expert.Procedures[i];
            var same = false;
            foreach (var key in x.ProcedureKeys[i])
            {
                same |= c.ProposedProcedureKeys.Contains(key);
            }
            var alternative = !same && p.MinimallyInvasive && c.SurgicalSystem is { } s && string.Equals(p.OrganSystem, s.Code, StringComparison.OrdinalIgnoreCase);
            if ((same || alternative) && (best is null || p.Volume > best.Volume))
            {
                best = p;
                bestIsAlternative = alternative;
            }
        }
        if (best is null)
        {
            return (0, $"No recorded volume in {string.Join(", ", c.ProposedProcedureLabels)} or a less invasive alternative.");
        }
        return (Volume(best.Volume), bestIsAlternative
            ? $"Performs {best.Name} ({best.Volume} cases), a less invasive alternative to {string.Join(", ", c.ProposedProcedureLabels)}."
            : $"Performs {best.Name} ({best.Volume} cases){(best.MinimallyInvasive ? ", minimally invasive" : string.Empty)}.");
    }

    /// <summary>An expert's profile in the shapes matching compares, computed once per network.</summary>
    private sealed class ExpertFacts(ExpertProfile expert)
    {
        public ExpertProfile Expert { get; } = expert;
        public string Name { get; } = CaseProfile.NormalizeName(expert.Name);
        public string[] Licensures { get; } = [.. expert.Licensures.Select(CaseProfile.Normalize).OfType<string>()];
        public string[] Languages { get; } = [.. expert.Languages.Select(CaseProfile.PrimaryLanguage)];
        public string[] ConditionKeys { get; } = [.. expert.Conditions.Select(c => CaseProfile.ConditionKey(c.System, c.Code))];
        public string[][] ProcedureKeys { get; } = [.. expert.Procedures.Select(p => p.Codes.Select(c => CaseProfile.ConditionKey(c.System, c.Code)).ToArray())];
        public string[] Modalities { get; } = [.. (expert.Imaging?.Modalities ?? []).Select(m => m.Trim().ToUpperInvariant())];
        public HashSet<string> Areas { get; } = new(expert.Specialties.Concat(expert.Subspecialties).Append(expert.Imaging?.Subspecialty ?? string.Empty).Select(a => a.Trim()), StringComparer.OrdinalIgnoreCase);
        public HashSet<string> Institutions { get; } = [.. expert.Affiliations.Append(expert.Institution ?? string.Empty).Where(i => i.Length > 0).Select(CaseProfile.NormalizeName)];
    }
}
