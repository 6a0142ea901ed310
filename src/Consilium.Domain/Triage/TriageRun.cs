using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Specialties;

namespace Consilium.Domain.Triage;

/// <summary>The situation rules, one method each, over one case file at one moment.</summary>
internal sealed class TriageRun(CaseFile file, DateTimeOffset asOf)
{
    private readonly List<string> _disagreements = [];
    private string IntakeSource => file.Intake?.Source ?? "QuestionnaireResponse";

    /// <summary>The patient's own words (their question, in the case and in the intake answers), one line each.</summary>
    private readonly string _patientWords = string.Join("\n",
        new[] { file.PatientQuestion, file.Intake?.Question }.Where(s => !string.IsNullOrWhiteSpace(s)).Distinct());

    /// <summary>A concept's text and displays as one lower-case string, for the word rules.</summary>
    private static string Text(CodedConcept concept) => string.Join(" | ", concept.Words()).ToLowerInvariant();

    public IReadOnlyList<string> Disagreements => _disagreements;

    private IEnumerable<Condition> StandingActiveConditions => file.Conditions.Where(c => c.IsActive && c.IsStanding);

    private bool PatientTicked(string situation) => file.Intake?.Situations.Contains(situation) == true;

    // ---------------------------------------------------------------- surgery-planned
    /// <summary>
    /// A surgery has been recommended: a proposed procedure in the surgical category (ServiceRequest plan/proposal/order
    /// or Procedure in preparation), or the patient says so with a date.
    /// </summary>
    public SurgerySignal PlannedSurgery()
    {
        var evidence = new Evidence();
        var planned = file.Procedures.Where(p => p.Status == ProcedureStatus.Proposed && p.IsSurgical).ToList();
        var dates = new List<PlannedSurgery>();
        foreach (var p in planned)
        {
            var when = p.PlannedFor is { } d ? $" planned for {d:yyyy-MM-dd}" : " (no date yet)";
            evidence.Add(p.Source, $"Surgery recommended: {p.Code.Label}{when}.");
            if (p.PlannedFor is { } date)
            {
                dates.Add(new PlannedSurgery(p.Source, p.Code.Label, DateOnly.FromDateTime(date.UtcDateTime)));
            }
        }
        if (PatientTicked(SituationCode.SurgeryPlanned) || file.Intake?.SurgeryDate is not null)
        {
            var date = file.Intake?.SurgeryDate;
            evidence.Add(IntakeSource, date is { } d ? $"The patient says surgery is planned for {d:yyyy-MM-dd}." : "The patient says a surgery has been recommended.");
            if (date is { } sd)
            {
                dates.Add(new PlannedSurgery(IntakeSource, "surgery reported by the patient", sd));
            }
        }
        var today = DateOnly.FromDateTime(asOf.UtcDateTime);
        var windowEnd = today.AddDays(TriageVocabulary.ExpeditedSurgeryWindow.Days);
        var soonest = dates.Where(d => d.Date >= today && d.Date <= windowEnd).OrderBy(d => d.Date).ThenBy(d => d.Source == IntakeSource).ThenBy(d => d.Source, StringComparer.Ordinal).FirstOrDefault();

        OrganSystem? system = null;
        foreach (var p in planned)
        {
            system ??= ReasonSystem(p.ReasonReferences, p.ReasonCodes) ?? ClinicalTaxonomy.SystemOf(p.Code);
        }
        return new SurgerySignal(evidence, planned, soonest, system);
    }

    // ---------------------------------------------------------------- cancer
    /// <summary>
    /// A cancer diagnosis: ICD-10 C00–C96 (malignant) or D00–D09 (in situ); SNOMED CT malignant concepts by code or by
    /// their words (carcinoma, lymphoma, leukaemia, melanoma, sarcoma, myeloma, ...). D37–D48 (uncertain behaviour)
    /// is flagged for review, not counted. Refuted or entered-in-error diagnoses never count.
    /// </summary>
    public CancerSignal Cancer()
    {
        var evidence = new Evidence();
        var cancers = new List<Condition>();
        var forReview = new List<string>();
        foreach (var c in StandingActiveConditions)
        {
            switch (ClassifyNeoplasm(c.Code))
            {
                case NeoplasmKind.Malignant(var why):
                    cancers.Add(c);
                    evidence.Add(c.Source, $"{c.Code.Label}: {why}.");
                    break;
                case NeoplasmKind.Uncertain(var why):
                    forReview.Add($"{c.Source}: {c.Code.Label} ({why}) — check pathology before ruling cancer in or out.");
                    break;
            }
        }
        if (PatientTicked(SituationCode.Cancer))
        {
            evidence.Add(IntakeSource, "The patient says they have been diagnosed with cancer.");
            if (cancers.Count == 0)
            {
                _disagreements.Add("The patient reports a cancer diagnosis that the records sent do not contain; ask for the pathology report.");
            }
        }
        var untreated = cancers.Where(c => !HasCancerTreatment(c)).Select(c => $"{c.Code.Label} ({c.Source})").ToList();
        return new CancerSignal(evidence, cancers, untreated, forReview);
    }

    private abstract record NeoplasmKind
    {
        public sealed record Malignant(string Why) : NeoplasmKind;
        public sealed record Uncertain(string Why) : NeoplasmKind;
        public sealed record None : NeoplasmKind;
    }

    private static NeoplasmKind ClassifyNeoplasm(CodedConcept code)
    {
        foreach (var c in code.Codings.Where(c => CodeSystems.IsIcd10(c.System)))
        {
            if (ClinicalTaxonomy.Icd10InRange(c.Code, "C00", "C96"))
            {
                return new NeoplasmKind.Malignant($"ICD-10 {c.Code} is a malignant neoplasm (C00–C96)");
            }
            if (ClinicalTaxonomy.Icd10InRange(c.Code, "D00", "D09"))
            {
                return new NeoplasmKind.Malignant($"ICD-10 {c.Code} is a neoplasm in situ (D00–D09)");
            }
            if (ClinicalTaxonomy.Icd10InRange(c.Code, "D37", "D48"))
            {
                return new NeoplasmKind.Uncertain($"ICD-10 {c.Code} is a neoplasm of uncertain behaviour (D37–D48)");
            }
        }
        var words = Text(code);
        if (TriageVocabulary.UncertainBehaviour.Any(words.Contains))
        {
            return new NeoplasmKind.Uncertain("neoplasm of uncertain behaviour");
        }
        var negated = TriageVocabulary.NotACancerDiagnosis.Any(words.Contains);
        if (!negated)
        {
            if (TriageVocabulary.MalignantContains.FirstOrDefault(words.Contains) is { } word)
            {
                return new NeoplasmKind.Malignant($"a malignant diagnosis (\"{word}\")");
            }
        }
        foreach (var c in code.Codings.Where(c => c.System == CodeSystems.Snomed))
        {
            if (!negated && TriageVocabulary.MalignantSnomed.Contains(c.Code))
            {
                return new NeoplasmKind.Malignant($"SNOMED CT {c.Code} is a malignant neoplasm concept");
            }
        }
        if (!negated && TriageVocabulary.UnspecifiedNeoplasm.Any(w => TextMatch.StartsWord(words, w)))
        {
            return new NeoplasmKind.Malignant("a neoplasm of unspecified behaviour, treated as cancer until pathology says otherwise");
        }
        return new NeoplasmKind.None();
    }

    private static bool IsCancerConcept(CodedConcept code) => ClassifyNeoplasm(code) is NeoplasmKind.Malignant;

    /// <summary>Has any treatment for this cancer started: a cancer-directed procedure or an antineoplastic medicine, after (or without) the onset date.</summary>
    private bool HasCancerTreatment(Condition cancer)
    {
        var onset = cancer.Onset ?? cancer.Recorded;
        var site = ClinicalTaxonomy.SystemOf(cancer.Code);
        bool AfterOnset(DateTimeOffset? at) => onset is null || at is null || at >= onset.Value.AddDays(-1);
        bool ForThisCancer(IReadOnlyList<string> refs, IReadOnlyList<CodedConcept> codes) => refs.Contains(cancer.Source) || codes.Any(IsCancerConcept);

        foreach (var p in file.Procedures.Where(p => p.Status is ProcedureStatus.Completed or ProcedureStatus.InProgress))
        {
            if (!AfterOnset(p.Performed))
            {
                continue;
            }
            var words = Text(p.Code);
            var cancerDirected = TriageVocabulary.CancerTreatmentProcedures.Any(w => TextMatch.StartsWord(words, w));
            var excisionOnSite = site is not null && TriageVocabulary.ExcisionContains.Any(words.Contains) && ClinicalTaxonomy.SystemOf(p.Code) == site;
            if (cancerDirected || excisionOnSite || ForThisCancer(p.ReasonReferences, p.ReasonCodes) && !words.Contains("biopsy", StringComparison.Ordinal))
            {
                return true;
            }
        }
        foreach (var m in file.Medications.Where(m => m.Status is not (MedicationStatus.EnteredInError or MedicationStatus.Draft)))
        {
            if (!AfterOnset(m.Start))
            {
                continue;
            }
            var words = Text(m.Code);
            if (TriageVocabulary.Antineoplastics.Any(words.Contains) || ForThisCancer(m.ReasonReferences, m.ReasonCodes))
            {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- symptoms-unexplained
    /// <summary>
    /// Symptoms do not match the diagnosis: the working diagnosis is provisional, differential or unconfirmed; or
    /// active findings sit in an organ system that no standing diagnosis accounts for; or the patient says the
    /// symptoms persist.
    /// </summary>
    public Evidence UnexplainedSymptoms()
    {
        var evidence = new Evidence();
        foreach (var c in StandingActiveConditions.Where(c => c.IsUncertain))
        {
            evidence.Add(c.Source, $"The working diagnosis \"{c.Code.Label}\" is {c.VerificationStatus.ToString().ToLowerInvariant()}, not confirmed.");
        }
        var diagnosed = StandingActiveConditions.Where(c => !c.IsUncertain).ToList();
        var explainedSystems = diagnosed.Select(c => ClinicalTaxonomy.SystemOf(c.Code)).OfType<OrganSystem>().ToHashSet();
        foreach (var f in file.Findings.Where(f => f.Present && !f.Resolved))
        {
            var system = ClinicalTaxonomy.SystemOf(f.Code);
            if (system is not null && !explainedSystems.Contains(system))
            {
                evidence.Add(f.Source, $"\"{f.Code.Label}\" ({system.Name}) is not accounted for by any confirmed diagnosis.");
            }
            else if (system is null && diagnosed.Count == 0)
            {
                evidence.Add(f.Source, $"\"{f.Code.Label}\" has no confirmed diagnosis to explain it.");
            }
        }
        if (file.Intake?.SymptomsPersist == true)
        {
            evidence.Add(IntakeSource, "The patient says their symptoms persist despite the diagnosis.");
        }
        else if (file.Intake?.SymptomsPersist == false && !evidence.IsEmpty)
        {
            _disagreements.Add("The patient says the symptoms do not persist, but the records show an unconfirmed diagnosis or unexplained findings.");
        }
        if (PatientTicked(SituationCode.SymptomsUnexplained))
        {
            evidence.Add(IntakeSource, "The patient says their symptoms don't match the diagnosis.");
        }
        return evidence;
    }

    // ---------------------------------------------------------------- rare-or-complex
    /// <summary>A rare disease (an ORPHA- or OMIM-coded condition) or a complex picture (active chronic conditions in three or more organ systems).</summary>
    public Evidence RareOrComplex()
    {
        var evidence = new Evidence();
        foreach (var c in StandingActiveConditions)
        {
            if (c.Code.Codings.FirstOrDefault(x => x.System is CodeSystems.Orphanet or CodeSystems.Omim) is { } rare)
            {
                evidence.Add(c.Source, $"{c.Code.Label} is a rare disease ({CodeSystems.ShortName(rare.System)}:{rare.Code}).");
            }
        }
        var chronicBySystem = ChronicConditions()
            .Select(c => (Condition: c, System: ClinicalTaxonomy.SystemOf(c.Code)))
            .Where(x => x.System is not null)
            .GroupBy(x => x.System!)
            .ToList();
        if (chronicBySystem.Count >= TriageVocabulary.ComplexOrganSystems)
        {
            var systems = chronicBySystem.Select(g => g.Key.Name).Order(StringComparer.Ordinal).ToList();
            var reason = $"Active chronic conditions in {systems.Count} organ systems ({string.Join(", ", systems)}): one integrated opinion across specialists.";
            foreach (var g in chronicBySystem)
            {
                foreach (var (c, _) in g)
                {
                    evidence.Add(c.Source, reason);
                }
            }
        }
        if (PatientTicked(SituationCode.RareOrComplex))
        {
            evidence.Add(IntakeSource, "The patient says they have a rare or complex condition.");
        }
        return evidence;
    }

    public IEnumerable<Condition> ChronicConditions()
    {
        foreach (var c in StandingActiveConditions)
        {
            var words = Text(c.Code);
            if (TextMatch.StartsWord(words, "chronic"))
            {
                yield return c;
                continue;
            }
            if (TriageVocabulary.AcuteEpisode.Any(words.Contains))
            {
                continue;
            }
            var since = c.Onset ?? c.Recorded;
            if (since is null || asOf - since.Value >= TriageVocabulary.ChronicAfter)
            {
                yield return c;
            }
        }
    }

    // ---------------------------------------------------------------- treatment-not-working
    /// <summary>
    /// A goal shows no improvement (worsening, no change, no progress, not achieved) while a treatment for the
    /// condition it addresses has run for at least four weeks; or the patient reports four or more weeks of
    /// treatment without improvement.
    /// </summary>
    public Evidence TreatmentNotWorking()
    {
        var evidence = new Evidence();
        var minimum = TriageVocabulary.MinimumTreatmentTrial;
        var recordsShowFailure = false;
        foreach (var goal in file.Goals.Where(g => g.Active && g.ShowsNoImprovement))
        {
            var conditions = file.Conditions.Where(c => goal.Addresses.Contains(c.Source)).ToList();
            foreach (var m in file.Medications.Where(m => m.Status is not (MedicationStatus.EnteredInError or MedicationStatus.Draft)))
            {
                var forGoal = goal.Addresses.Count == 0
                    || m.ReasonReferences.Any(goal.Addresses.Contains)
                    || conditions.Any(c => m.ReasonCodes.Any(rc => SameConcept(rc, c.Code)));
                if (!forGoal || m.Start is not { } start)
                {
                    continue;
                }
                var end = m.End is { } e && e < asOf ? e : asOf;
                if (end - start >= minimum)
                {
                    recordsShowFailure = true;
                    var target = conditions.Count > 0 ? string.Join(", ", conditions.Select(c => c.Code.Label)) : goal.Description;
                    evidence.Add(goal.Source, $"Goal \"{goal.Description}\" is {Describe(goal.Achievement)}.");
                    evidence.Add(m.Source, $"{m.Code.Label} for {target} has been taken for {(int)(end - start).TotalDays / 7} weeks without improvement.");
                    foreach (var c in conditions)
                    {
                        evidence.Add(c.Source, $"Condition under treatment: {c.Code.Label}.");
                    }
                }
            }
        }
        var intake = file.Intake;
        if (intake?.TreatmentWeeks is { } weeks && intake.Improving == false)
        {
            if (weeks * 7 >= minimum.TotalDays)
            {
                evidence.Add(IntakeSource, $"The patient reports {weeks} weeks of treatment without improvement.");
            }
        }
        if (intake?.Improving == true && recordsShowFailure)
        {
            _disagreements.Add("The patient says they are improving, but the records show a treatment goal not being met.");
        }
        if (PatientTicked(SituationCode.TreatmentNotWorking))
        {
            evidence.Add(IntakeSource, "The patient says their treatment isn't working.");
        }
        return evidence;
    }

    private static string Describe(GoalAchievement a) => a switch
    {
        GoalAchievement.NoChange => "not changing",
        GoalAchievement.NoProgress => "making no progress",
        GoalAchievement.NotAchieved => "not achieved",
        GoalAchievement.Worsening => "worsening",
        _ => a.ToString().ToLowerInvariant(),
    };

    private static bool SameConcept(CodedConcept a, CodedConcept b) =>
        a.Codings.Any(x => b.Codings.Any(y => x.System == y.System && string.Equals(x.Code, y.Code, StringComparison.OrdinalIgnoreCase)));

    // ---------------------------------------------------------------- red flags
    /// <summary>Recent, acute findings from the reviewed red-flag list, in records or in the patient's own words.</summary>
    public IReadOnlyList<RedFlag> RedFlags(RedFlagList list)
    {
        var found = new List<RedFlag>();
        foreach (var flag in list.Flags)
        {
            var evidence = new List<string>();
            bool Recent(DateTimeOffset? at) => at is null || (at.Value <= asOf.AddDays(1) && asOf - at.Value <= TimeSpan.FromDays(flag.RecentDays));
            foreach (var c in StandingActiveConditions.Where(c => Matches(flag, c.Code) && Recent(c.Onset ?? c.Recorded)))
            {
                evidence.Add(c.Source);
            }
            foreach (var f in file.Findings.Where(f => f.Present && !f.Resolved && Matches(flag, f.Code) && Recent(f.Onset ?? f.Recorded)))
            {
                evidence.Add(f.Source);
            }
            foreach (var o in file.Observations.Where(o => Matches(flag, o.Code) && o.Effective is not null && Recent(o.Effective)))
            {
                evidence.Add(o.Source);
            }
            if (_patientWords.Length > 0 && flag.Phrases.Any(p => TextMatch.MentionsAffirmed(_patientWords, p)))
            {
                evidence.Add(IntakeSource + "#question");
            }
            if (evidence.Count > 0)
            {
                found.Add(new RedFlag(flag.Code, flag.Label, evidence.Distinct().ToList(), list.Advice));
            }
        }
        return found;
    }

    private static bool Matches(RedFlagDefinition flag, CodedConcept concept)
    {
        foreach (var c in concept.Codings)
        {
            if (c.System == CodeSystems.Snomed && flag.Snomed.Contains(c.Code))
            {
                return true;
            }
            if (c.System == CodeSystems.Hpo && flag.Hpo.Contains(c.Code, StringComparer.OrdinalIgnoreCase))
            {
                return true;
            }
            if (CodeSystems.IsIcd10(c.System))
            {
                if (flag.Icd10.Any(r => ClinicalTaxonomy.Icd10InRange(c.Code, r[0], r[1])) ||
                    flag.Icd10Codes.Any(p => c.Code.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
                {
                    return true;
                }
            }
        }
        var words = Text(concept);
        return words.Length > 0 && !words.Contains("history of", StringComparison.OrdinalIgnoreCase) && flag.Phrases.Any(p => TextMatch.StartsWord(words, p));
    }

    // ---------------------------------------------------------------- imaging and expertise
    public ImagingSignal ImagingReread()
    {
        if (file.ImagingStudies.Count > 0)
        {
            var study = file.ImagingStudies[0];
            var desc = string.Join(", ", file.ImagingStudies.SelectMany(s => s.Modalities).Distinct().Order(StringComparer.Ordinal));
            return new ImagingSignal(true, $"{file.ImagingStudies.Count} imaging stud{(file.ImagingStudies.Count == 1 ? "y" : "ies")} ({desc}) in the records.", RadiologyFor(study));
        }
        if (file.Documents.FirstOrDefault(d => d.Kind == DocumentKind.ImagingReport) is { } report)
        {
            return new ImagingSignal(true, $"Imaging report \"{report.Title}\" in the records.", null);
        }
        if (_patientWords.Length > 0 && TriageVocabulary.ImagingWords.FirstOrDefault(w => TextMatch.StartsWord(_patientWords, w)) is { } word)
        {
            return new ImagingSignal(true, $"The patient's question concerns images (\"{word.TrimEnd('$')}\").", null);
        }
        return new ImagingSignal(false, null, null);
    }

    private static string? RadiologyFor(ImagingStudyRecord study)
    {
        if (study.Modalities.Contains("MG"))
        {
            return "breast imaging";
        }
        if (study.Modalities.Any(m => m is "PT" or "NM"))
        {
            return "nuclear medicine";
        }
        var words = string.Join(" ", new[] { study.BodySite, study.Description }.Where(s => s is not null));
        return words.Length > 0 ? ClinicalTaxonomy.SystemOfWords(words)?.RadiologySubspecialty : null;
    }

    private OrganSystem? ReasonSystem(IReadOnlyList<string> refs, IReadOnlyList<CodedConcept> codes)
    {
        foreach (var r in refs)
        {
            if (file.Conditions.FirstOrDefault(c => c.Source == r) is { } c && ClinicalTaxonomy.SystemOf(c.Code) is { } s)
            {
                return s;
            }
        }
        return codes.Select(ClinicalTaxonomy.SystemOf).FirstOrDefault(s => s is not null);
    }

    public IReadOnlyList<ExpertiseNeed> Expertise(IReadOnlyList<SituationFinding> situations, SurgerySignal surgery, CancerSignal cancer, ImagingSignal imaging)
    {
        var needs = new List<ExpertiseNeed>();
        void Need(string specialty, string? sub, string reason)
        {
            if (!needs.Any(n => n.Specialty == specialty && n.Subspecialty == sub))
            {
                needs.Add(new ExpertiseNeed(specialty, sub, reason));
            }
        }
        bool Has(string code) => situations.Any(s => s.Code == code);

        if (Has(SituationCode.Cancer))
        {
            foreach (var c in cancer.Cancers)
            {
                var site = ClinicalTaxonomy.SystemOf(c.Code);
                if (site is not null)
                {
                    Need(Specialty.Oncology, site.OncologySubspecialty, $"{c.Code.Label}: a {site.OncologySubspecialty} specialist for this site.");
                }
            }
            if (surgery.Procedures.Count > 0)
            {
                Need(Specialty.Oncology, Specialty.SurgicalOncology, $"Cancer surgery is planned ({string.Join(", ", surgery.Procedures.Select(p => p.Code.Label))}): is it the right operation, and are there alternatives?");
            }
            Need(Specialty.Oncology, Specialty.MedicalOncology, "Regimen alternatives, biomarkers and targeted therapy, clinical trials.");
            var heme = cancer.Cancers.Any(c => ClinicalTaxonomy.SystemOf(c.Code) == ClinicalTaxonomy.Blood);
            Need(Specialty.Pathology, heme ? Specialty.Hematopathology : Specialty.SurgicalPathology, "Confirm the diagnosis and stage on the pathology.");
        }
        if (Has(SituationCode.SurgeryPlanned))
        {
            var system = surgery.System;
            var what = surgery.Procedures.Count > 0 ? string.Join(", ", surgery.Procedures.Select(p => p.Code.Label)) : "the recommended surgery";
            Need(Specialty.Surgery, system?.SurgicalSpecialty ?? "general surgery", $"Second surgical opinion on {what}: is it necessary now, and what are the alternatives?");
            if (system?.LessInvasive is { } li)
            {
                Need(li.Specialty, li.Subspecialty, $"Whether a less invasive technique can replace {what}.");
            }
        }
        if (Has(SituationCode.SymptomsUnexplained))
        {
            Need(Specialty.InternalMedicine, Specialty.DiagnosticMedicine, "Symptoms that the diagnosis does not explain: review the diagnosis, look for co-existing or rare conditions.");
            foreach (var f in file.Findings.Where(f => f.Present && !f.Resolved))
            {
                if (ClinicalTaxonomy.SystemOf(f.Code) is { } s)
                {
                    Need(s.Specialty, null, $"Unexplained {s.Name} findings (e.g. {f.Code.Label}).");
                }
            }
        }
        if (Has(SituationCode.RareOrComplex))
        {
            var rare = StandingActiveConditions.Where(c => c.Code.Codings.Any(x => x.System is CodeSystems.Orphanet or CodeSystems.Omim)).ToList();
            if (rare.Count > 0)
            {
                Need(Specialty.MedicalGenetics, Specialty.RareDiseases, $"Rare disease ({string.Join(", ", rare.Select(c => c.Code.Label))}): an expert with real volume in this condition.");
            }
            var systems = ChronicConditions().Select(c => ClinicalTaxonomy.SystemOf(c.Code)).OfType<OrganSystem>().Distinct().ToList();
            if (systems.Count >= TriageVocabulary.ComplexOrganSystems)
            {
                Need(Specialty.InternalMedicine, Specialty.ComplexCare, $"Chronic conditions across {systems.Count} organ systems need one integrated opinion.");
            }
            if (rare.Count == 0 && systems.Count < TriageVocabulary.ComplexOrganSystems)
            {
                Need(Specialty.MedicalGenetics, Specialty.RareDiseases, "The patient reports a rare or complex condition.");
            }
        }
        if (Has(SituationCode.TreatmentNotWorking))
        {
            var treated = file.Goals.Where(g => g.Active && g.ShowsNoImprovement)
                .SelectMany(g => file.Conditions.Where(c => g.Addresses.Contains(c.Source)))
                .Select(c => ClinicalTaxonomy.SystemOf(c.Code)).OfType<OrganSystem>().Distinct();
            foreach (var s in treated)
            {
                Need(s.Specialty, null, $"Treatment for a {s.Name} condition is not working: diagnosis and treatment review.");
            }
            Need(Specialty.ClinicalPharmacology, null, "Medication review: dose, interactions, pharmacogenomics, adherence.");
        }
        if (imaging.Needed)
        {
            Need(Specialty.Radiology, imaging.Subspecialty ?? surgery.System?.RadiologySubspecialty ?? cancer.Cancers.Select(c => ClinicalTaxonomy.SystemOf(c.Code)?.RadiologySubspecialty).FirstOrDefault(s => s is not null) ?? "diagnostic radiology",
                $"Imaging re-read by a subspecialist radiologist: {imaging.Reason}");
        }
        return needs;
    }
}
