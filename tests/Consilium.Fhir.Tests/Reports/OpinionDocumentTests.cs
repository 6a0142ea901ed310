using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;
using Consilium.Fhir.Reports;
using Firely.Fhir.Validation;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Specification.Source;
using Hl7.Fhir.Specification.Terminology;

namespace Consilium.Fhir.Tests.Reports;

public class OpinionDocumentTests
{
    private static readonly Lazy<Validator> BaseSpec = new(() =>
    {
        // specification.zip (Hl7.Fhir.Specification.Data.R4) next to the test assembly: the base R4 profiles, offline.
        var source = new CachedResolver(ZipSource.CreateValidationSource(Path.Combine(AppContext.BaseDirectory, "specification.zip")));
        return new Validator(source, new LocalTerminologyService(source));
    });

    internal static OpinionReport BoardReport(int amendments = 0)
    {
        var opinion = new Opinion(Guid.Parse("6f1c6a44-5d1e-4f6e-9a43-0b1f6f0a9a11"), Guid.Parse("0c2f7d3e-1111-4a4a-8b8b-123456789abc"), "onc");
        var cancer = new SituationSection(SituationCode.Cancer, OpinionTemplates.Cancer.Questions.ToDictionary(q => q.Key, q => q.IsChoice ? q.Choices![1].Value : $"{q.Label}: reviewed <ok> & fine."),
            [new TrialToConsider("NCT01234567", "Adjuvant immunotherapy in stage II", null)]);
        var content = new OpinionContent(DiagnosisAgreement.Refined, "Adenocarcinoma, pT2 N1", TreatmentAgreement.Modified, "Neoadjuvant chemotherapy, then surgery.", null,
            "Yes, surgery, but after chemotherapy.", null, [cancer],
            new BoardRecord(new DateOnly(2026, 11, 3), ["Dr Onco", "Dr Radio", "Dr Patho"],
                [new("onc", "Dr Onco", "Chemo first."), new("rad", "Dr Radio", "Node seen."), new("path", "Dr Patho", "Grade 2.")], "Chemotherapy, then surgery.", []));
        opinion.SaveDraft(content);
        var at = new DateTimeOffset(2026, 11, 4, 9, 30, 0, TimeSpan.FromHours(1));
        opinion.Sign("onc", at, [SituationCode.Cancer]);
        for (var i = 1; i <= amendments; i++)
        {
            opinion.Amend(content with { RecommendedPlan = content.RecommendedPlan + $" Amendment {i}." }, $"Reason {i}", "onc", at.AddDays(i));
        }
        return OpinionReport.Compose(opinion.CaseId, "Do I need surgery?", at.AddDays(-5), [SituationCode.Cancer], opinion,
            new Dictionary<string, string> { ["onc"] = "Dr Onco", ["rad"] = "Dr Radio", ["path"] = "Dr Patho" });
    }

    private static readonly PatientProfile Patient = new() { BirthDate = new DateOnly(1960, 5, 1), Sex = AdministrativeSex.Female };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void GivenABoardOpinion_WhenMappedToAFhirDocument_ThenItValidatesAgainstTheBaseR4Spec(int amendments)
    {
        var json = OpinionDocument.ToJson(BoardReport(amendments), Patient);
        var bundle = new FhirJsonDeserializer().Deserialize<Bundle>(json);

        var outcome = BaseSpec.Value.Validate(bundle);

        var problems = outcome.Issue.Where(i => i.Severity is OperationOutcome.IssueSeverity.Error or OperationOutcome.IssueSeverity.Fatal).Select(i => $"{i.Details?.Text} @ {string.Join(",", i.Expression ?? [])}").ToList();
        Assert.True(outcome.Success, string.Join(Environment.NewLine, problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void GivenADocumentBrokenOnPurpose_WhenValidated_ThenTheValidatorNamesTheProblems()
    {
        var bundle = OpinionDocument.Build(BoardReport(), Patient);
        bundle.Identifier = null;
        var composition = Assert.IsType<Composition>(bundle.Entry[0].Resource);
        composition.Author.Clear();
        composition.Section[0].Text = null;
        composition.Section[0].Entry.Clear();

        var outcome = BaseSpec.Value.Validate(bundle);

        Assert.False(outcome.Success);
        Assert.True(outcome.Issue.Count >= 3, string.Join(" | ", outcome.Issue.Select(i => i.Details?.Text)));
        var text = string.Join(" | ", outcome.Issue.Select(i => $"{i.Details?.Text} {string.Join(",", i.Expression ?? [])}"));
        Assert.Contains("bdl-9", text, StringComparison.Ordinal);
        Assert.Contains("cmp-1", text, StringComparison.Ordinal);
        Assert.Contains("author", text, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void GivenABoardOpinion_WhenMapped_ThenTheDocumentCarriesCompositionFirstTheAuthorsTheConcordanceAndTheAnswer()
    {
        var report = BoardReport();

        var bundle = OpinionDocument.Build(report, Patient);

        Assert.Equal(Bundle.BundleType.Document, bundle.Type);
        var composition = Assert.IsType<Composition>(bundle.Entry[0].Resource);
        Assert.Equal(CompositionStatus.Final, composition.Status);
        Assert.Equal(3, composition.Author.Count);
        Assert.Equal(["Dr Onco", "Dr Radio", "Dr Patho"], bundle.Entry.Select(e => e.Resource).OfType<Practitioner>().Select(p => p.Name[0].Text));
        var diagnostic = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>());
        Assert.StartsWith("Diagnosis refined; plan modified.", diagnostic.Conclusion, StringComparison.Ordinal);
        var impression = Assert.Single(bundle.Entry.Select(e => e.Resource).OfType<ClinicalImpression>());
        Assert.Contains("Yes, surgery, but after chemotherapy.", impression.Note[0].Text, StringComparison.Ordinal);
        Assert.Contains(composition.Section, s => s.Title == "Tumour board" && s.Text!.Div!.Contains("Chemotherapy, then surgery.", StringComparison.Ordinal));
        Assert.Contains(composition.Section, s => s.Text!.Div!.Contains("&lt;ok&gt; &amp; fine.", StringComparison.Ordinal));
        Assert.Equal(OpinionDocument.ToJson(report, Patient), OpinionDocument.ToJson(BoardReport(), Patient));
    }

    [Fact]
    public void GivenAnAmendedOpinion_WhenMapped_ThenTheCompositionAndReportSayAmended()
    {
        var bundle = OpinionDocument.Build(BoardReport(amendments: 1), Patient);

        Assert.Equal(CompositionStatus.Amended, Assert.IsType<Composition>(bundle.Entry[0].Resource).Status);
        Assert.Equal(DiagnosticReport.DiagnosticReportStatus.Amended, bundle.Entry.Select(e => e.Resource).OfType<DiagnosticReport>().Single().Status);
    }
}
