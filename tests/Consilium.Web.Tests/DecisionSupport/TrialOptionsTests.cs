using System.Net;
using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Triage;
using Consilium.Storage.Audit;
using Consilium.Storage.Trials;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.DecisionSupport;

/// <summary>Issue 9: the expert's page lists trial options for a cancer case; the chosen ones reach the patient's report with contacts.</summary>
[Collection(PlatformCollection.Name)]
public sealed class TrialOptionsTests(Platform platform)
{
    private static string Study(string nct, string condition, string eligibility, string phone) => $$$"""
        {"protocolSection":{"identificationModule":{"nctId":"{{{nct}}}","briefTitle":"Study {{{nct}}} of osimertinib in {{{condition}}}"},
          "statusModule":{"overallStatus":"RECRUITING","lastUpdatePostDateStruct":{"date":"2025-11-06"}},
          "conditionsModule":{"conditions":["{{{condition}}}"]},
          "armsInterventionsModule":{"interventions":[{"type":"DRUG","name":"Osimertinib"}]},
          "eligibilityModule":{"eligibilityCriteria":"{{{eligibility}}}","sex":"ALL","minimumAge":"18 Years"},
          "contactsLocationsModule":{"centralContacts":[{"name":"Study desk","phone":"{{{phone}}}","email":"desk@example.org"}],
            "locations":[{"facility":"Institut Test","status":"RECRUITING","city":"Paris","country":"France","geoPoint":{"lat":48.85,"lon":2.35} } ] } },
         "derivedSection":{"miscInfoModule":{"versionHolder":"2025-12-09"} } }
        """;

    [Fact]
    public async Task A_cancer_case_lists_trial_options_the_expert_selects_one_and_the_patient_report_shows_it_with_contacts()
    {
        const string Lung = "NCT09000001";
        const string Breast = "NCT09000002";
        var caseId = await CancerCaseAsync();
        using var expert = platform.NewSession();
        await expert.SignInAsync(platform.ExpertA);
        var path = $"/expert/cases/{caseId}";

        var before = await expert.GetPageAsync(path);
        Assert.Contains("Clinical trial options", before, StringComparison.Ordinal);

        await new TrialRegistry(platform.Database.CreateDbContext, TimeProvider.System).ImportAsync(
        [
            new StoredTrial(Lung, "lung", "RECRUITING", new DateOnly(2025, 11, 6), null, Study(Lung, "Non-small Cell Lung Cancer", "Inclusion Criteria:\\n* EGFR exon 19 deletion or L858R\\n\\nExclusion Criteria:\\n* Pregnant", "+33 1 00 00 00 01")),
            new StoredTrial(Breast, "breast", "RECRUITING", new DateOnly(2025, 11, 6), null, Study(Breast, "Breast Cancer", "Inclusion Criteria:\\n* HER2 positive", "+33 1 00 00 00 02")),
        ]);

        var after = await expert.GetPageAsync(path);
        Assert.Contains(Lung, after, StringComparison.Ordinal);
        Assert.DoesNotContain(Breast, after, StringComparison.Ordinal);
        Assert.Contains("Observation/egfr", after, StringComparison.Ordinal);
        Assert.Contains("Add to the opinion&#x27;s trials", after, StringComparison.Ordinal);

        using var posted = await expert.PostFormAsync(path, "trial-selection", new Dictionary<string, string> { ["Selection.NctId"] = Lung });
        Assert.True(posted.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect or HttpStatusCode.SeeOther, posted.StatusCode.ToString());
        var chosen = await new CaseTrialSelections(platform.Database.CreateDbContext, TimeProvider.System).ForCaseAsync(caseId);
        Assert.Equal([Lung], chosen.Select(s => s.NctId));
        Assert.Equal(platform.ExpertA.Id, chosen[0].SelectedBy);
        var audit = await platform.Database.Audit.QueryAsync(new AuditQuery(CaseId: caseId, Action: "trials.select", Take: 1));
        Assert.Equal($"Trial/{Lung}", Assert.Single(audit).Resource);
        // the selection is drafted into the cancer opinion's trials field (NCT id | title | note) for the expert to edit
        var drafted = System.Text.RegularExpressions.Regex.Match(await expert.GetPageAsync(path), "<textarea id=\"trials\"[^>]*>([^<]*)</textarea>");
        Assert.True(drafted.Success, "the opinion form has no trials field");
        Assert.StartsWith($"{Lung} | lung", System.Net.WebUtility.HtmlDecode(drafted.Groups[1].Value), StringComparison.Ordinal);

        // the patient sees chosen trials with the opinion (case A has a signed opinion)
        await new CaseTrialSelections(platform.Database.CreateDbContext, TimeProvider.System).SelectAsync(platform.CaseA, Lung, platform.ExpertA.Id, "Ask your oncologist about this one.");
        using var patient = platform.NewSession();
        await patient.SignInAsync(platform.PatientA);
        var report = await patient.GetPageAsync($"/cases/{platform.CaseA}");
        Assert.Contains("Clinical trials you could ask about", report, StringComparison.Ordinal);
        Assert.Contains("33 1 00 00 00 01", report, StringComparison.Ordinal);
        Assert.Contains("Institut Test, Paris, France", report, StringComparison.Ordinal);
        Assert.Contains("taking new participants", report, StringComparison.Ordinal);
        Assert.Contains("Ask your oncologist about this one.", report, StringComparison.Ordinal);
        await new CaseTrialSelections(platform.Database.CreateDbContext, TimeProvider.System).RemoveAsync(platform.CaseA, Lung);
    }

    private Task<Guid> CancerCaseAsync() => ExpertDecisionSupportTests.AssignedCaseAsync(platform, SituationCode.Cancer, file => file with
    {
        Patient = new PatientProfile { BirthDate = new DateOnly(1962, 1, 1), Sex = AdministrativeSex.Male, Jurisdiction = "FR" },
        Conditions = [new Condition("Condition/nsclc", CodedConcept.Of(CodeSystems.Snomed, "254637007", "Non-small cell lung cancer (disorder)")) { ClinicalStatus = ClinicalStatus.Active }],
        Observations = [new ObservationRecord("Observation/egfr", CodedConcept.Of(CodeSystems.Loinc, "41103-3", "EGFR gene mutations found")) { ValueText = "EGFR exon 19 deletion detected" }],
    });
}
