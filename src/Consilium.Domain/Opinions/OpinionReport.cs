using System.Globalization;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Opinions;

/// <summary>A labelled line of a report (label may be null for running text).</summary>
public sealed record ReportLine(string? Label, string Text);

/// <summary>A headed part of the clinician report.</summary>
public sealed record ReportSection(string Heading, IReadOnlyList<ReportLine> Lines);

/// <summary>A word the patient summary uses, explained.</summary>
public sealed record ExplainedWord(string Word, string Meaning);

/// <summary>
/// The plain-language summary for the patient: short sentences, every medical word that appears explained in <see cref="Words"/>,
/// and what to ask their doctor next.
/// </summary>
public sealed record PatientSummary(IReadOnlyList<string> Sentences, IReadOnlyList<string> AskYourDoctor, IReadOnlyList<ExplainedWord> Words);

/// <summary>A reviewer named in the report (the signer of any version, and every board member).</summary>
public sealed record Reviewer(string AccountId, string Name);

/// <summary>Who signed a version, and when.</summary>
public sealed record ReportSignature(int Version, string SignerName, DateTimeOffset SignedAt, string ContentHash, string? AmendmentReason);

/// <summary>
/// The report of a delivered opinion, composed from the signed content: the clinician report (<see cref="Clinician"/>), the plain
/// patient summary (<see cref="Patient"/>), and the signature block. Renderers (PDF, web, FHIR) lay it out; they add no content.
/// </summary>
public sealed record OpinionReport(
    Guid CaseId,
    Guid OpinionId,
    DateTimeOffset? SubmittedAt,
    OpinionVersion Current,
    IReadOnlyList<string> Situations,
    IReadOnlyList<Reviewer> Reviewers,
    string DiagnosisConcordance,
    string PlanConcordance,
    IReadOnlyList<ReportSection> Clinician,
    PatientSummary Patient,
    IReadOnlyList<ReportSignature> Signatures)
{
    /// <summary>"confirmed", "refined", "changed" or "not determined".</summary>
    public static string DiagnosisWord(DiagnosisAgreement a) => a switch
    {
        DiagnosisAgreement.Confirmed => "confirmed",
        DiagnosisAgreement.Refined => "refined",
        DiagnosisAgreement.Changed => "changed",
        _ => "not determined",
    };

    /// <summary>"confirmed", "modified", "changed" or "not determined".</summary>
    public static string PlanWord(TreatmentAgreement a) => a switch
    {
        TreatmentAgreement.Agree => "confirmed",
        TreatmentAgreement.Modified => "modified",
        TreatmentAgreement.Disagree => "changed",
        _ => "not determined",
    };

    /// <summary>
    /// Composes the report of <paramref name="opinion"/>'s current signed version. <paramref name="names"/> gives people's names by account
    /// id (the id is shown where a name is missing); <paramref name="situations"/> are the case's triaged situations.
    /// </summary>
    public static OpinionReport Compose(Guid caseId, string? patientQuestion, DateTimeOffset? submittedAt, IReadOnlyList<string> situations,
        Opinion opinion, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(opinion);
        ArgumentNullException.ThrowIfNull(names);
        ArgumentNullException.ThrowIfNull(situations);
        var current = opinion.Current ?? throw new ArgumentException($"Opinion {opinion.Id} is not signed: there is no report yet.", nameof(opinion));
        var c = current.Content;
        string Name(string id) => names.TryGetValue(id, out var n) && !string.IsNullOrWhiteSpace(n) ? n : id;
        var reviewers = opinion.Versions.Select(v => new Reviewer(v.SignedBy, Name(v.SignedBy)))
            .Concat(c.Board?.MemberSections.Select(m => new Reviewer(m.MemberAccountId, m.MemberName)) ?? [])
            .DistinctBy(r => r.AccountId, StringComparer.Ordinal).ToList();
        var sections = new List<ReportSection>
        {
            new("Concordance with the first opinion",
            [
                new("Diagnosis", DiagnosisWord(c.DiagnosisAgreement) + (c.RecommendedDiagnosis is { } d ? $": {d}" : "")),
                new("Plan", PlanWord(c.TreatmentAgreement)),
            ]),
            new("Recommendation",
            [
                new("Recommended plan", c.RecommendedPlan),
                .. c.Alternatives is { } alt ? [new ReportLine("Alternatives", alt)] : Array.Empty<ReportLine>(),
            ]),
            new("The patient's question",
            [
                new("Question", string.IsNullOrWhiteSpace(patientQuestion) ? "The patient did not write a question." : patientQuestion),
                new("Answer", c.AnswerToPatientQuestion),
            ]),
        };
        foreach (var section in c.Sections ?? [])
        {
            if (section.Template is not { } template)
            {
                continue;
            }
            var lines = template.Questions.Where(q => section.Answer(q.Key) is not null)
                .Select(q => new ReportLine(q.Label, q.Words(section.Answer(q.Key)!))).ToList();
            lines.AddRange((section.Trials ?? []).Select(t => new ReportLine("Clinical trial to consider", $"{t.NctId} {t.Title}" + (t.Note is { Length: > 0 } n ? $" ({n})" : ""))));
            sections.Add(new(template.Title, lines));
        }
        if (c.Board is { } board)
        {
            var lines = new List<ReportLine>
            {
                new("Discussed on", board.DiscussedOn.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)),
                new("Attendees", string.Join(", ", board.Attendees)),
            };
            lines.AddRange(board.MemberSections.Select(m => new ReportLine(m.MemberName, m.Text)));
            lines.Add(new("Consensus", board.Consensus));
            lines.AddRange(board.Dissents.Select(d => new ReportLine($"Dissent ({d.MemberName})", d.Text)));
            sections.Add(new("Tumour board", lines));
        }
        var signatures = opinion.Versions.Select(v => new ReportSignature(v.Number, Name(v.SignedBy), v.SignedAt, v.ContentHash, v.AmendmentReason)).ToList();
        return new OpinionReport(caseId, opinion.Id, submittedAt, current, situations, reviewers,
            DiagnosisWord(c.DiagnosisAgreement), PlanWord(c.TreatmentAgreement), sections, PlainSummary.Write(c), signatures);
    }

    /// <summary>
    /// The report with the case's imaging re-reads as part of the opinion: a clinician section per re-read (radiologist, RADPEER score and
    /// its meaning, findings, comparison with the original report, impression), the radiologists among the reviewers, and a plain sentence
    /// for the patient. <paramref name="names"/> gives the radiologists' names by account id.
    /// </summary>
    public OpinionReport WithImagingRereads(IReadOnlyList<Imaging.ImagingReread> rereads, IReadOnlyDictionary<string, string> names)
    {
        ArgumentNullException.ThrowIfNull(rereads);
        ArgumentNullException.ThrowIfNull(names);
        if (rereads.Count == 0)
        {
            return this;
        }
        string Name(string id) => names.TryGetValue(id, out var n) && !string.IsNullOrWhiteSpace(n) ? n : id;
        var sections = rereads.OrderBy(r => r.FiledAt).Select(r => new ReportSection("Imaging re-read",
        [
            new("Radiologist", Name(r.RadiologistAccountId)),
            new("Filed", r.FiledAt.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)),
            new("RADPEER", $"{Imaging.Radpeer.Code(r.Content.Score)}: {Imaging.Radpeer.Meaning(r.Content.Score)}"),
            new("Findings", r.Content.Findings),
            new("Comparison with the original report", r.Content.ComparisonWithOriginal),
            new("Impression", r.Content.Impression),
        ])).ToList();
        var reviewers = Reviewers.Concat(rereads.Select(r => new Reviewer(r.RadiologistAccountId, Name(r.RadiologistAccountId))))
            .DistinctBy(r => r.AccountId, StringComparer.Ordinal).ToList();
        var differs = rereads.Any(r => r.Content.Score != Imaging.RadpeerScore.Concur);
        var sentences = Patient.Sentences.Append("A radiologist looked at your scans again.")
            .Append(differs ? "They read them differently from the first report. Ask your doctor what this changes." : "They agreed with the first report of your scans.")
            .ToList();
        var words = Patient.Words.Any(w => w.Word == "radiologist") ? Patient.Words
            : [.. Patient.Words, new ExplainedWord("radiologist", "a doctor who specialises in reading scans and x-rays")];
        return this with { Clinician = [.. Clinician, .. sections], Reviewers = reviewers, Patient = Patient with { Sentences = sentences, Words = words } };
    }
}

/// <summary>Writes the patient summary in plain words.</summary>
internal static class PlainSummary
{
    private static readonly ExplainedWord[] Glossary =
    [
        new("biopsy", "a small piece of tissue taken to look at under a microscope"),
        new("pathology", "the study of tissue and cells under a microscope"),
        new("stage", "how big a cancer is and how far it has spread"),
        new("tumour", "a lump made by cells growing when they should not"),
        new("tumor", "a lump made by cells growing when they should not"),
        new("biomarker", "something measured in blood or tissue that tells doctors about a disease"),
        new("chemotherapy", "medicine that kills fast-growing cells such as cancer cells"),
        new("immunotherapy", "medicine that helps your own immune system fight the disease"),
        new("radiation", "treatment with strong, targeted x-rays"),
        new("radiotherapy", "treatment with strong, targeted x-rays"),
        new("targeted therapy", "medicine aimed at a particular change in the cancer cells"),
        new("metastasis", "cancer that has spread to another part of the body"),
        new("metastatic", "spread to another part of the body"),
        new("laparoscopic", "surgery through a few small cuts, with a camera"),
        new("robotic", "surgery where the surgeon guides robot arms through small cuts"),
        new("endoscopic", "done with a thin tube and camera passed into the body"),
        new("endovascular", "done from inside a blood vessel, through a small tube"),
        new("percutaneous", "done through the skin with a needle or thin tube"),
        new("differential diagnosis", "the list of possible causes the doctors are considering"),
        new("pharmacogenomic", "how your genes change the way your body handles medicines"),
        new("adherence", "taking medicines as they were prescribed"),
        new("clinical trial", "a research study that tests a new treatment"),
        new("prognosis", "what is likely to happen with the illness"),
        new("palliative", "care that eases symptoms and improves comfort"),
        new("curative", "meant to cure the disease"),
        new("adjuvant", "treatment given after the main treatment to lower the chance of the disease coming back"),
        new("neoadjuvant", "treatment given before the main treatment, often to shrink a tumour"),
        new("carcinoma", "a kind of cancer that starts in the lining of organs"),
        new("adenocarcinoma", "a kind of cancer that starts in gland cells"),
    ];

    public static PatientSummary Write(OpinionContent c)
    {
        var sentences = new List<string>
        {
            c.DiagnosisAgreement switch
            {
                DiagnosisAgreement.Confirmed => "The experts agree with the diagnosis you were given.",
                DiagnosisAgreement.Refined => "The experts agree with your diagnosis. They made it more exact.",
                DiagnosisAgreement.Changed => "The experts think the diagnosis is different from the one you were given.",
                _ => "The experts could not confirm or change your diagnosis from the records they had.",
            },
        };
        if (c.DiagnosisAgreement is DiagnosisAgreement.Refined or DiagnosisAgreement.Changed && c.RecommendedDiagnosis is { } d)
        {
            sentences.Add($"Their diagnosis: {d}.");
        }
        sentences.Add(c.TreatmentAgreement switch
        {
            TreatmentAgreement.Agree => "They agree with the treatment plan you were offered.",
            TreatmentAgreement.Modified => "They suggest some changes to the treatment plan.",
            TreatmentAgreement.Disagree => "They suggest a different treatment plan.",
            _ => "They could not judge the treatment plan from the records they had.",
        });
        if (c.Board is not null)
        {
            sentences.Add($"A team of {c.Board.MemberSections.Count} specialists discussed your case together.");
            if (c.Board.Dissents.Count > 0)
            {
                sentences.Add("Not every specialist agreed. Your doctor can explain the different views.");
            }
        }
        if (c.PlainLanguageSummary is { } summary)
        {
            sentences.Add(summary);
        }
        var ask = new List<string>();
        if (c.TreatmentAgreement is TreatmentAgreement.Modified or TreatmentAgreement.Disagree)
        {
            ask.Add("Which changes to my plan do you agree with, and why?");
        }
        if (c.DiagnosisAgreement is DiagnosisAgreement.Refined or DiagnosisAgreement.Changed)
        {
            ask.Add("What does the new diagnosis mean for me?");
        }
        var cancer = c.Section(SituationCode.Cancer);
        if (cancer?.Answer("recommendedTests") is not null)
        {
            ask.Add("Should I have the extra tests the experts recommend?");
        }
        if (cancer?.Trials is { Count: > 0 } trials)
        {
            ask.Add($"Could I take part in a clinical trial, such as {trials[0].NctId}?");
        }
        if (c.Section(SituationCode.SurgeryPlanned) is { } surgery)
        {
            ask.Add(surgery.Answer("surgeryNecessary") == "yes" ? "When should I have the surgery, and where?" : "What can I try before surgery?");
        }
        if (c.Section(SituationCode.SymptomsUnexplained) is not null)
        {
            ask.Add("Which test should I have first to find the cause?");
        }
        if (c.Section(SituationCode.TreatmentNotWorking) is not null)
        {
            ask.Add("Should my medicine or its dose change?");
        }
        if (c.Section(SituationCode.RareOrComplex) is not null)
        {
            ask.Add("Which expert centre or patient group can help me?");
        }
        ask.Add("What is the next step, and when?");
        var text = string.Join(" ", sentences.Concat(ask).Append(c.RecommendedPlan).Append(c.AnswerToPatientQuestion)).ToLowerInvariant();
        var words = Glossary.Where(w => text.Contains(w.Word, StringComparison.Ordinal)).DistinctBy(w => w.Meaning).ToList();
        return new PatientSummary(sentences, ask, words);
    }
}
