using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Triage;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Knowledge.Import;
using Consilium.Storage.Knowledge;
using Consilium.Web.Features.DecisionSupport;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.DecisionSupport;

/// <summary>The expert's case page shows the medication review (issue 8) and the differential diagnosis (issue 5).</summary>
[Collection(PlatformCollection.Name)]
public sealed class ExpertDecisionSupportTests(Platform platform)
{
    [Fact]
    public async Task A_treatment_not_working_case_says_how_to_import_knowledge_until_it_is_imported_then_shows_the_interaction()
    {
        using var files = new DecisionSupportFiles();
        var caseId = await AssignedCaseAsync(SituationCode.TreatmentNotWorking, file => file with
        {
            Medications =
            [
                new Medication("MedicationStatement/1", CodedConcept.Of(CodeSystems.RxNorm, "36567", "Simvastatin 40 MG Oral Tablet")) { Status = MedicationStatus.Active },
                new Medication("MedicationStatement/2", CodedConcept.Of(CodeSystems.RxNorm, "21212", "Clarithromycin 500 MG Oral Tablet")) { Status = MedicationStatus.Active },
            ],
        });
        using var expert = platform.NewSession();
        await expert.SignInAsync(platform.ExpertA);

        var before = await expert.GetPageAsync($"/expert/cases/{caseId}");
        Assert.Contains("Medication review", before, StringComparison.Ordinal);
        Assert.Contains("No medication knowledge has been imported", before, StringComparison.Ordinal);
        Assert.Contains("consilium knowledge import --interactions DIR --pgx DIR", before, StringComparison.Ordinal);

        var blobs = KnowledgeSnapshot.Export(KnowledgeImport.FromDirectories(files.Interactions, null));
        var store = new KnowledgeStore(platform.Database.CreateDbContext, TimeProvider.System);
        await store.SaveAsync(blobs.Select(b => new StoredKnowledge(b.Kind, b.Source.Name, b.Source.Version, b.Source.Sha256, b.Source.Files, DateTimeOffset.MinValue, null, b.Content)), "tests");

        var after = await expert.GetPageAsync($"/expert/cases/{caseId}");
        Assert.DoesNotContain("No medication knowledge has been imported", after, StringComparison.Ordinal);
        Assert.Contains("class=\"finding severity-high\"", after, StringComparison.Ordinal);
        Assert.Contains("Interaction", after, StringComparison.Ordinal);
        Assert.Contains("rhabdomyolysis", after, StringComparison.Ordinal);
        Assert.Contains("Simvastatin 40 MG Oral Tablet", after, StringComparison.Ordinal);
        Assert.Contains(blobs[0].Source.Sha256, after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_symptoms_unexplained_case_shows_ranked_candidates_when_the_hpo_data_is_configured_and_says_so_when_it_is_not()
    {
        using var files = new DecisionSupportFiles();
        var caseId = await AssignedCaseAsync(SituationCode.SymptomsUnexplained, file => file with
        {
            Findings = [new Finding("Observation/seizure", CodedConcept.Of(CodeSystems.Hpo, "HP:0001250", "Seizure"))],
            PatientQuestion = "Why do I have unsteady walking since the fits started?",
        });
        using var expert = platform.NewSession();
        await expert.SignInAsync(platform.ExpertA);
        var path = $"/expert/cases/{caseId}";

        var unconfigured = await expert.GetPageAsync(path);
        Assert.Contains("Differential diagnosis", unconfigured, StringComparison.Ordinal);
        Assert.Contains("not configured", unconfigured, StringComparison.Ordinal);
        Assert.Contains(PhenotypeReference.ConfigurationKey, unconfigured, StringComparison.Ordinal);

        platform.App.Configuration[PhenotypeReference.ConfigurationKey] = files.Hpo;
        try
        {
            var page = await expert.GetPageAsync(path);
            Assert.DoesNotContain("not configured", page, StringComparison.Ordinal);
            Assert.Contains("HP:0001250 Seizure", page, StringComparison.Ordinal);
            Assert.Contains("HP:0001251 Ataxia", page, StringComparison.Ordinal); // from the patient's words
            Assert.Contains("OMIM:100001 Seizure disorder", page, StringComparison.Ordinal);
            var first = page.IndexOf("OMIM:100001 Seizure disorder", StringComparison.Ordinal);
            var other = page.IndexOf("OMIM:100002", StringComparison.Ordinal);
            Assert.True(other < 0 || first < other, "the seizure disorder should rank first");
            Assert.Contains("matches Seizure", page, StringComparison.Ordinal);
            // carried into the opinion: the unexplained-symptoms differential is drafted from the ranking
            var draft = DraftedDifferential(page);
            Assert.StartsWith("1. Seizure disorder (OMIM:100001)", draft, StringComparison.Ordinal);
            Assert.Contains("For: Seizure", draft, StringComparison.Ordinal);
        }
        finally
        {
            platform.App.Configuration[PhenotypeReference.ConfigurationKey] = null;
        }
    }

    [Fact]
    public async Task An_expert_who_wrote_the_differential_keeps_their_words_over_the_drafted_ranking()
    {
        using var files = new DecisionSupportFiles();
        var caseId = await AssignedCaseAsync(SituationCode.SymptomsUnexplained, file => file with
        {
            Findings = [new Finding("Observation/seizure", CodedConcept.Of(CodeSystems.Hpo, "HP:0001250", "Seizure"))],
        });
        using var expert = platform.NewSession();
        await expert.SignInAsync(platform.ExpertA);
        var path = $"/expert/cases/{caseId}";
        platform.App.Configuration[PhenotypeReference.ConfigurationKey] = files.Hpo;
        try
        {
            Assert.StartsWith("1. Seizure disorder", DraftedDifferential(await expert.GetPageAsync(path)), StringComparison.Ordinal);
            var fields = new Dictionary<string, string>
            {
                ["Input.DiagnosisAgreement"] = "Refined", ["Input.TreatmentAgreement"] = "Agree", ["Input.Action"] = "draft",
                ["answer.symptoms-unexplained.differential"] = "1. Functional seizures, my own reading.",
            };
            using (var saved = await expert.PostFormAsync(path, "opinion", fields))
            {
                Assert.Equal(System.Net.HttpStatusCode.Redirect, saved.StatusCode);
            }

            var again = await expert.GetPageAsync(path);
            Assert.Equal("1. Functional seizures, my own reading.", DraftedDifferential(again));
        }
        finally
        {
            platform.App.Configuration[PhenotypeReference.ConfigurationKey] = null;
        }
    }

    /// <summary>The text of the opinion form's unexplained-symptoms differential field.</summary>
    private static string DraftedDifferential(string page)
    {
        var field = System.Text.RegularExpressions.Regex.Match(page, "<textarea[^>]*name=\"answer\\.symptoms-unexplained\\.differential\"[^>]*>([^<]*)</textarea>");
        Assert.True(field.Success, "the opinion form has no differential field");
        return System.Net.WebUtility.HtmlDecode(field.Groups[1].Value);
    }

    private Task<Guid> AssignedCaseAsync(string situation, Func<CaseFile, CaseFile> shape) => AssignedCaseAsync(platform, situation, shape);

    /// <summary>A case of patient A in the given situation, triaged and assigned to expert A.</summary>
    internal static async Task<Guid> AssignedCaseAsync(Platform platform, string situation, Func<CaseFile, CaseFile> shape)
    {
        var now = DateTimeOffset.UtcNow;
        var actor = $"patient A ({platform.PatientA.Id})";
        var file = shape(new CaseFile
        {
            Patient = new PatientProfile { BirthDate = new DateOnly(1970, 1, 1), Sex = AdministrativeSex.Female, Jurisdiction = "GB" },
            PatientQuestion = "Is this the right treatment?",
        });
        var c = new SecondOpinionCase(Guid.NewGuid(), file, actor, now, platform.PatientA.Id);
        c.MoveTo(CaseStatus.Submitted, actor, now, "test");
        c.MoveTo(CaseStatus.RecordsReview, "test", now, "test");
        c.RecordTriage(new TriageResult
        {
            Situations = [new SituationFinding(situation, [], ["set by the test"])],
            Urgency = Urgency.Standard,
            UrgencyReasons = [],
            Expertise = [],
            ImagingReread = false,
            TumorBoard = false,
            RedFlags = [],
        }, "test", now);
        c.AssignExpert(platform.ExpertA.Id, "coordinator", now, "test");
        await platform.Database.Cases.AddAsync(c);
        return c.Id;
    }
}
