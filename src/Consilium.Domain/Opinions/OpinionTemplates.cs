using Consilium.Domain.Triage;

namespace Consilium.Domain.Opinions;

/// <summary>One question an opinion template asks: its key (the field name inside the situation's section), the label the expert sees, whether
/// an opinion can be signed without it, and, for a choice, the allowed answers (by value, with the words shown).</summary>
public sealed record TemplateQuestion(string Key, string Label, bool Required, IReadOnlyList<TemplateChoice>? Choices = null)
{
    public bool IsChoice => Choices is { Count: > 0 };

    /// <summary>The words for a choice value (the value itself when it is not a choice).</summary>
    public string Words(string value) => Choices?.FirstOrDefault(c => c.Value == value)?.Label ?? value;
}

/// <summary>An allowed answer to a choice question: stored value and the words shown.</summary>
public sealed record TemplateChoice(string Value, string Label);

/// <summary>What a second opinion must answer for one situation (<see cref="SituationCode"/>).</summary>
public sealed record OpinionTemplate(string Situation, string Title, IReadOnlyList<TemplateQuestion> Questions)
{
    public TemplateQuestion? Question(string key) => Questions.FirstOrDefault(q => q.Key == key);
}

/// <summary>
/// The structured opinion templates, one per situation. An opinion on a case triaged into several situations answers each of their
/// templates (<see cref="ForSituations"/>). The cancer template's clinical trials are a list of <see cref="TrialToConsider"/>, not a question.
/// </summary>
public static class OpinionTemplates
{
    public static OpinionTemplate SurgeryPlanned { get; } = new(SituationCode.SurgeryPlanned, "Planned surgery",
    [
        new("surgeryNecessary", "Is the surgery necessary now?", true, [new("yes", "Yes, now"), new("not-yet", "Not yet"), new("no", "No")]),
        new("conservativeOptions", "Conservative options (medication, physical therapy, lifestyle, watchful waiting) and their expected outcome", true),
        new("lessInvasiveTechniques", "Less invasive techniques (laparoscopic, robotic, endoscopic, endovascular, percutaneous) and where they are offered", true),
        new("timing", "Timing", true, [new("urgent", "Urgent"), new("can-wait", "Can wait"), new("optimal-window", "Optimal window")]),
        new("timingNote", "Timing: details (the window, what to watch for)", false),
        new("guidelines", "Alignment with current guidelines (name them)", true),
    ]);

    public static OpinionTemplate Cancer { get; } = new(SituationCode.Cancer, "Cancer",
    [
        new("diagnosisAndStage", "Diagnosis and stage confirmed?", true, [new("confirmed", "Confirmed"), new("refined", "Refined"), new("changed", "Changed")]),
        new("stage", "Stage (as the reviewers see it)", false),
        new("pathologyReview", "Pathology review", true),
        new("imagingReview", "Imaging review", true),
        new("biomarkers", "Biomarkers and tumour genetics considered", true),
        new("recommendedTests", "What is missing: recommended tests", false),
        new("treatmentOptions", "Treatment options, ranked (surgery, chemotherapy regimens, immunotherapy, radiation, targeted therapy)", true),
        new("treatmentIntent", "Intent of the recommended treatment", true, [new("curative", "Curative"), new("life-prolonging", "Life-prolonging"), new("palliative", "Palliative (comfort)")]),
    ]);

    public static OpinionTemplate SymptomsUnexplained { get; } = new(SituationCode.SymptomsUnexplained, "Unexplained symptoms",
    [
        new("differential", "Differential diagnosis, ranked, with the findings for and against each", true),
        new("coexistingConditions", "Co-existing conditions", false),
        new("discriminatingTests", "Tests that would tell the possibilities apart", true),
    ]);

    public static OpinionTemplate RareOrComplex { get; } = new(SituationCode.RareOrComplex, "Rare or complex condition",
    [
        new("prognosis", "Prognosis", true),
        new("expertCentres", "Expert centres", true),
        new("experimentalTherapies", "Experimental therapies", false),
        new("patientOrganisations", "Patient organisations and resources", true),
        new("integratedView", "How the specialists' views fit together", true),
    ]);

    public static OpinionTemplate TreatmentNotWorking { get; } = new(SituationCode.TreatmentNotWorking, "Treatment not working",
    [
        new("diagnosisRevised", "Diagnosis revised?", true, [new("no", "No, the diagnosis stands"), new("yes", "Yes, revised")]),
        new("doseAdjustment", "Dose adjustment", true),
        new("interactions", "Interactions found", true),
        new("pharmacogenomics", "Pharmacogenomic factors", false),
        new("adherenceAndLifestyle", "Adherence and lifestyle factors", true),
        new("alternativeTherapies", "Alternative therapies", true),
    ]);

    /// <summary>All five, in <see cref="SituationCode.All"/> order.</summary>
    public static IReadOnlyList<OpinionTemplate> All { get; } = [SurgeryPlanned, Cancer, SymptomsUnexplained, RareOrComplex, TreatmentNotWorking];

    /// <summary>Where <paramref name="situation"/> comes in the standard order (unknown codes last).</summary>
    public static int OrderOf(string situation)
    {
        var i = SituationCode.All.ToList().IndexOf(situation);
        return i < 0 ? int.MaxValue : i;
    }

    public static OpinionTemplate? For(string situation) => All.FirstOrDefault(t => t.Situation == situation);

    /// <summary>The templates an opinion on a case triaged into <paramref name="situations"/> answers, in the standard order; unknown codes are skipped.</summary>
    public static IReadOnlyList<OpinionTemplate> ForSituations(IEnumerable<string> situations)
    {
        ArgumentNullException.ThrowIfNull(situations);
        var wanted = situations.ToHashSet(StringComparer.Ordinal);
        return All.Where(t => wanted.Contains(t.Situation)).ToList();
    }
}
