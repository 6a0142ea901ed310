using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;
using Consilium.Web.Features.Reports;

using Consilium.Tests.Shared;

namespace Consilium.Web.Tests.Reports;

public sealed class OpinionPdfTests
{
    internal static OpinionReport SurgeryReport(string answer = "No, not now: try physiotherapy for three months first.")
    {
        var opinion = new Opinion(Guid.NewGuid(), Guid.NewGuid(), "expert-1");
        var section = new SituationSection(SituationCode.SurgeryPlanned, new Dictionary<string, string>
        {
            ["surgeryNecessary"] = "not-yet",
            ["conservativeOptions"] = "Physiotherapy and weight loss; most patients improve within 12 weeks.",
            ["lessInvasiveTechniques"] = "Arthroscopy is not advised; a partial (unicompartmental) replacement is offered at the Üniversität clinic.",
            ["timing"] = "can-wait",
            ["guidelines"] = "NICE NG226 (2022) – osteoarthritis in over 16s.",
        });
        opinion.SaveDraft(new OpinionContent(DiagnosisAgreement.Refined, "Medial compartment osteoarthritis, right knee", TreatmentAgreement.Disagree,
            "Physiotherapy for 12 weeks, then review. " + string.Concat(Enumerable.Repeat("A long plan paragraph that must wrap over many lines and pages. ", 120)),
            null, answer, null, [section]));
        opinion.Sign("expert-1", new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero), [SituationCode.SurgeryPlanned]);
        return OpinionReport.Compose(opinion.CaseId, "Do I need the operation now?", new DateTimeOffset(2026, 11, 14, 8, 0, 0, TimeSpan.Zero),
            [SituationCode.SurgeryPlanned], opinion, new Dictionary<string, string> { ["expert-1"] = "Dr Zoë Knee" });
    }

    [SkippableFact]
    public void GivenADeliveredOpinion_WhenRenderedAsPdf_ThenItsTextHasTheCaseReviewerConcordanceAnswerAndSignature()
    {
        var report = SurgeryReport();
        ReportFonts.Install();

        var text = PdfText.Extract(OpinionPdf.Render(report));

        Assert.Contains($"Case: {report.CaseId}", text, StringComparison.Ordinal);
        Assert.Contains("Reviewers: Dr Zoë Knee", text, StringComparison.Ordinal);
        Assert.Contains("Diagnosis: refined: Medial compartment osteoarthritis, right knee", text, StringComparison.Ordinal);
        Assert.Contains("Plan: changed", text, StringComparison.Ordinal);
        Assert.Contains("No, not now: try physiotherapy for three months first.", text, StringComparison.Ordinal);
        Assert.Contains("Is the surgery necessary now? Not yet", text, StringComparison.Ordinal);
        Assert.Contains("Üniversität", text, StringComparison.Ordinal);
        Assert.Contains("What to ask your doctor next", text, StringComparison.Ordinal);
        Assert.Contains("Signed electronically by Dr Zoë Knee on 20 November 2026, 10:00 UTC", text, StringComparison.Ordinal);
        Assert.Contains(report.Current.ContentHash[..20], text, StringComparison.Ordinal);
        Assert.Matches(@"page 1 of [2-9]", text);
    }

    [Fact]
    public void GivenNoDejaVuFontsWhereItLooks_WhenLoaded_ThenTheErrorNamesThePlacesAndThePackage()
    {
        var empty = Directory.CreateTempSubdirectory("consilium-no-fonts-").FullName;
        try
        {
            var e = Assert.Throws<ReportFontsMissingException>(() => ReportFonts.Load(Path.Combine(empty, "configured"), [empty]));

            Assert.Contains(Path.Combine(empty, "configured"), e.Message, StringComparison.Ordinal);
            Assert.Contains("fonts-dejavu-core", e.Message, StringComparison.Ordinal);
            Assert.Contains("Consilium:Reports:FontDirectory", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, true);
        }
    }
}
