using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;
using static Consilium.Domain.Tests.Opinions.StructuredOpinionSamples;

namespace Consilium.Domain.Tests.Opinions;

public class OpinionReportTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 5, 14, 0, 0, TimeSpan.Zero);

    private static OpinionReport Report(OpinionContent content)
    {
        var opinion = new Opinion(Guid.NewGuid(), Guid.NewGuid(), "expert-a");
        opinion.SaveDraft(content);
        opinion.Sign("expert-a", T0);
        return OpinionReport.Compose(opinion.CaseId, "Do I need the operation?", T0.AddDays(-6), [SituationCode.Cancer], opinion, new Dictionary<string, string> { ["expert-a"] = "Dr Ada Expert" });
    }

    [Fact]
    public void GivenARefinedDiagnosisAndModifiedPlan_WhenComposed_ThenTheConcordanceAnswerAndSignerAreInTheClinicianReport()
    {
        var report = Report(WithSections(SituationCode.Cancer));

        Assert.Equal("refined", report.DiagnosisConcordance);
        Assert.Equal("modified", report.PlanConcordance);
        var lines = report.Clinician.SelectMany(s => s.Lines).ToList();
        Assert.Contains(lines, l => l.Label == "Answer" && l.Text == OpinionTests.Complete().AnswerToPatientQuestion);
        Assert.Contains(lines, l => l.Label == "Question" && l.Text == "Do I need the operation?");
        Assert.Contains(report.Clinician, s => s.Heading == "Cancer");
        Assert.Equal([new Reviewer("expert-a", "Dr Ada Expert")], report.Reviewers);
        Assert.Equal("Dr Ada Expert", Assert.Single(report.Signatures).SignerName);
    }

    [Theory]
    [InlineData(Consilium.Domain.Imaging.RadpeerScore.Concur, "They agreed with the first report of your scans.")]
    [InlineData(Consilium.Domain.Imaging.RadpeerScore.Score2B, "They read them differently from the first report. Ask your doctor what this changes.")]
    public void GivenAFiledImagingReread_WhenAddedToTheReport_ThenItIsASectionWithItsScoreAndTheRadiologistIsAReviewer(Consilium.Domain.Imaging.RadpeerScore score, string patientSentence)
    {
        var report = Report(WithSections(SituationCode.Cancer));
        var reread = Consilium.Domain.Imaging.ImagingReread.File(report.CaseId, "radiologist-r", ["1.2.3.4"],
            new Consilium.Domain.Imaging.ImagingRereadContent("Spiculated 2 cm nodule, right upper lobe.", "Suspicious for malignancy.", "The first report called it benign.", score), T0);

        var withReread = report.WithImagingRereads([reread], new Dictionary<string, string> { ["radiologist-r"] = "Dr Rae Radiologist" });

        var section = Assert.Single(withReread.Clinician, s => s.Heading == "Imaging re-read");
        Assert.Contains(section.Lines, l => l.Label == "RADPEER" && l.Text.StartsWith(Consilium.Domain.Imaging.Radpeer.Code(score) + ": ", StringComparison.Ordinal));
        Assert.Contains(section.Lines, l => l.Label == "Impression" && l.Text == "Suspicious for malignancy.");
        Assert.Contains(new Reviewer("radiologist-r", "Dr Rae Radiologist"), withReread.Reviewers);
        Assert.Contains(patientSentence, withReread.Patient.Sentences);
        Assert.Contains(withReread.Patient.Words, w => w.Word == "radiologist");
        Assert.Equal(report.Clinician.Count + 1, withReread.Clinician.Count);
        Assert.Same(report, report.WithImagingRereads([], new Dictionary<string, string>()));
    }

    [Fact]
    public void GivenAnyOpinion_WhenSummarisedForThePatient_ThenSentencesAreShortAndMedicalWordsAreExplained()
    {
        var content = WithSections(SituationCode.Cancer) with
        {
            PlainLanguageSummary = null,
            RecommendedPlan = "Neoadjuvant chemotherapy, then laparoscopic resection.",
            Sections = [Complete(OpinionTemplates.Cancer) with { Trials = [new("NCT01234567", "A trial", null)] }],
        };

        var summary = Report(content).Patient;

        Assert.All(summary.Sentences.Concat(summary.AskYourDoctor), s => Assert.True(s.Split(' ').Length <= 20, $"Too long for a patient: {s}"));
        Assert.Contains("The experts agree with your diagnosis. They made it more exact.", summary.Sentences);
        Assert.Contains("Could I take part in a clinical trial, such as NCT01234567?", summary.AskYourDoctor);
        Assert.Contains(summary.Words, w => w.Word == "chemotherapy");
        Assert.Contains(summary.Words, w => w.Word == "laparoscopic");
        Assert.Contains(summary.Words, w => w.Word == "clinical trial");
    }
}
