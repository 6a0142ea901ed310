using System.Net;
using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Web.Tests.Support;

namespace Consilium.Web.Tests.Cases;

/// <summary>The portals over HTTP, form by form: intake to triage, red flags, the coordinator's actions, signing and amending.</summary>
[Collection(PlatformCollection.Name)]
public sealed class CaseWorkflowTests(Platform platform)
{
    [Fact]
    public async Task A_red_flag_in_the_patients_own_words_shows_seek_emergency_care_now()
    {
        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientB);
        var caseId = await IntakeAsync(session, symptoms: "Crushing chest pain spreading to my left arm", weeks: "0");
        var page = await session.GetPageAsync($"/cases/{caseId}");
        Assert.Contains("Seek emergency care now", page, StringComparison.Ordinal);
        var stored = (await platform.Database.Cases.GetAsync(caseId))!;
        Assert.Equal(CaseStatus.Triaged, stored.Status);
        Assert.Equal(Urgency.Emergency, stored.Triage!.Urgency);
    }

    [Fact]
    public async Task A_draft_is_resumable_and_is_not_sent_until_the_question_and_consent_are_there()
    {
        using var session = platform.NewSession();
        await session.SignInAsync(platform.PatientB);
        using var first = await session.PostFormAsync("/intake/new?situation=cancer", "intake-1", new Dictionary<string, string> { ["Input.Cancer"] = "true", ["Input.BirthDate"] = "1970-01-01" });
        var step2 = first.Headers.Location!.ToString();
        var caseId = Guid.Parse(step2.Split('/')[^2]);
        Assert.Equal(CaseStatus.Draft, (await platform.Database.Cases.GetAsync(caseId))!.Status);
        using var missing = await session.PostFormAsync($"/intake/{caseId}/3", "intake-3", new Dictionary<string, string> { ["Input.Question"] = "" });
        var page = await missing.Content.ReadAsStringAsync();
        Assert.Contains("not sent yet", page, StringComparison.Ordinal);
        Assert.Contains("consent", page, StringComparison.Ordinal);
        var resumed = await session.GetPageAsync($"/intake/{caseId}/1");
        Assert.Contains("value=\"1970-01-01\"", resumed, StringComparison.Ordinal);
        Assert.Equal(CaseStatus.Draft, (await platform.Database.Cases.GetAsync(caseId))!.Status);
    }

    [Fact]
    public async Task The_coordinator_corrects_triage_with_who_and_why_asks_for_information_and_the_patient_is_told()
    {
        using var patient = platform.NewSession();
        await patient.SignInAsync(platform.PatientB);
        var caseId = await IntakeAsync(patient, symptoms: "Tiredness", weeks: "10");

        using var coordinator = platform.NewSession();
        await coordinator.SignInAsync(platform.Coordinator);
        var queue = await coordinator.GetPageAsync("/coordinator");
        Assert.Contains($"/coordinator/cases/{caseId}", queue, StringComparison.Ordinal);

        var path = $"/coordinator/cases/{caseId}";
        using (var correct = await coordinator.PostFormAsync(path, "correct-triage", new Dictionary<string, string>
        {
            ["Correction.RareOrComplex"] = "true", ["Correction.Urgency"] = "Expedited", ["Correction.Why"] = "several organ systems in the letters",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, correct.StatusCode);
        }
        var corrected = (await platform.Database.Cases.GetAsync(caseId))!;
        var correction = Assert.Single(corrected.TriageCorrections);
        Assert.Equal("several organ systems in the letters", correction.Why);
        Assert.Contains(platform.Coordinator.Id, correction.Actor, StringComparison.Ordinal);
        Assert.Equal(Urgency.Expedited, corrected.Triage!.Urgency);
        Assert.True(corrected.Triage.Has(SituationCode.RareOrComplex));

        using (var ask = await coordinator.PostFormAsync(path, "request-information", new Dictionary<string, string> { ["Request.WhatIsMissing"] = "Please upload your latest blood test results." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, ask.StatusCode);
        }
        Assert.Equal(CaseStatus.NeedsInformation, (await platform.Database.Cases.GetAsync(caseId))!.Status);
        var patientPage = await patient.GetPageAsync($"/cases/{caseId}");
        Assert.Contains("Please upload your latest blood test results.", patientPage, StringComparison.Ordinal);
        Assert.True(await MailArrivesAsync(platform.PatientB.Email, "We need more information"));
    }

    [Fact]
    public async Task A_signed_opinion_is_immutable_and_a_change_is_a_signed_amendment_with_a_reason()
    {
        using var coordinator = platform.NewSession();
        await coordinator.SignInAsync(platform.Coordinator);
        using var patient = platform.NewSession();
        await patient.SignInAsync(platform.PatientB);
        var caseId = await IntakeAsync(patient, symptoms: "Back pain", weeks: "12");
        using (var assign = await coordinator.PostFormAsync($"/coordinator/cases/{caseId}", "assign-expert", new Dictionary<string, string> { ["Assignment.ExpertId"] = platform.ExpertB.Id }))
        {
            Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);
        }

        using var expert = platform.NewSession();
        await expert.SignInAsync(platform.ExpertB);
        var path = $"/expert/cases/{caseId}";
        var fields = new Dictionary<string, string>
        {
            ["Input.DiagnosisAgreement"] = "Confirmed", ["Input.TreatmentAgreement"] = "Agree", ["Input.RecommendedPlan"] = "Physiotherapy.",
            ["Input.AnswerToPatientQuestion"] = "No surgery is needed.", ["Input.Action"] = "sign",
        };
        // The template of each situation the case was triaged into: without its answers the opinion is not signed, and the page names the field.
        var templates = Consilium.Domain.Opinions.OpinionTemplates.ForSituations((await platform.Database.Cases.GetAsync(caseId))!.Triage!.Situations.Select(s => s.Code));
        Assert.NotEmpty(templates);
        using (var noTemplate = await expert.PostFormAsync(path, "opinion", fields))
        {
            var first = templates[0].Questions.First(q => q.Required);
            Assert.Contains($"{templates[0].Situation}.{first.Key} is required", await noTemplate.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        foreach (var t in templates)
        {
            foreach (var q in t.Questions)
            {
                fields[$"answer.{t.Situation}.{q.Key}"] = q.IsChoice ? q.Choices![0].Value : "Reviewed.";
            }
        }
        using (var incomplete = await expert.PostFormAsync(path, "opinion", new Dictionary<string, string>(fields) { ["Input.AnswerToPatientQuestion"] = "" }))
        {
            Assert.Contains("answerToPatientQuestion is required", await incomplete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var sign = await expert.PostFormAsync(path, "opinion", fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, sign.StatusCode);
        }
        Assert.Equal(CaseStatus.OpinionDelivered, (await platform.Database.Cases.GetAsync(caseId))!.Status);

        using (var noReason = await expert.PostFormAsync(path, "opinion", new Dictionary<string, string>(fields) { ["Input.RecommendedPlan"] = "Physiotherapy, then review." }))
        {
            Assert.Contains("needs a reason", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
        using (var amend = await expert.PostFormAsync(path, "opinion", new Dictionary<string, string>(fields) { ["Input.RecommendedPlan"] = "Physiotherapy, then review.", ["Input.AmendmentReason"] = "MRI report arrived" }))
        {
            Assert.Equal(HttpStatusCode.Redirect, amend.StatusCode);
        }
        var opinion = Assert.Single(await platform.Database.Opinions.GetForCaseAsync(caseId));
        Assert.Equal(2, opinion.Versions.Count);
        Assert.Equal("Physiotherapy.", opinion.Versions[0].Content.RecommendedPlan);
        Assert.Equal("MRI report arrived", opinion.Versions[1].AmendmentReason);
        // Each signature's content hash is in the audit trail; the patient is told about the amendment.
        var signed = await platform.Database.Audit.QueryAsync(new Consilium.Storage.Audit.AuditQuery(CaseId: caseId, Action: "opinion.sign"));
        Assert.Contains($"sha256 {opinion.Versions[0].ContentHash}", Assert.Single(signed).Detail, StringComparison.Ordinal);
        var amended = await platform.Database.Audit.QueryAsync(new Consilium.Storage.Audit.AuditQuery(CaseId: caseId, Action: "opinion.amend"));
        Assert.Contains($"version 2, sha256 {opinion.Versions[1].ContentHash}", Assert.Single(amended).Detail, StringComparison.Ordinal);
        Assert.True(await MailArrivesAsync(platform.PatientB.Email, "Your second opinion was updated"));
        var patientPage = await patient.GetPageAsync($"/cases/{caseId}");
        Assert.Contains("Physiotherapy, then review.", patientPage, StringComparison.Ordinal);
        Assert.Contains("MRI report arrived", patientPage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_patient_message_reaches_the_coordinator_on_the_case_page_and_is_audited()
    {
        using var patient = platform.NewSession();
        await patient.SignInAsync(platform.PatientB);
        var caseId = await IntakeAsync(patient, symptoms: "Headache", weeks: "8");
        using (var sent = await patient.PostFormAsync($"/cases/{caseId}", "case-message", new Dictionary<string, string> { ["Message.Text"] = "My scan is booked for Friday." }))
        {
            Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        }
        using var coordinator = platform.NewSession();
        await coordinator.SignInAsync(platform.Coordinator);
        Assert.Contains("My scan is booked for Friday.", await coordinator.GetPageAsync($"/cases/{caseId}"), StringComparison.Ordinal);
        Assert.Equal(1, await platform.Database.Audit.CountAsync(new Consilium.Storage.Audit.AuditQuery(CaseId: caseId, Action: "message.send")));
    }

    /// <summary>Runs the three intake steps as a patient and returns the sent case.</summary>
    private static async Task<Guid> IntakeAsync(Session session, string symptoms, string weeks)
    {
        using var first = await session.PostFormAsync("/intake/new", "intake-1", new Dictionary<string, string>
        {
            ["Input.SymptomsUnexplained"] = "true", ["Input.BirthDate"] = "1966-06-05", ["Input.Sex"] = "Male", ["Input.Country"] = "GB",
        });
        var caseId = Guid.Parse(first.Headers.Location!.ToString().Split('/')[^2]);
        using (var second = await session.PostFormAsync($"/intake/{caseId}/2", "intake-2", new Dictionary<string, string>
        {
            ["Input.Diagnosis"] = "Reflux", ["Input.Symptoms"] = symptoms, ["Input.SymptomWeeks"] = weeks,
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }
        using var third = await session.PostFormAsync($"/intake/{caseId}/3", "intake-3", new Dictionary<string, string>
        {
            ["Input.Question"] = "Is it really reflux?", ["Input.Consent"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.Contains("sent=1", third.Headers.Location!.ToString(), StringComparison.Ordinal);
        return caseId;
    }

    private async Task<bool> MailArrivesAsync(string to, string subject)
    {
        var folder = Path.Combine(platform.DataDirectory, "mail");
        for (var i = 0; i < 100; i++)
        {
            if (Directory.Exists(folder) && Directory.EnumerateFiles(folder, "*.eml").Any(f =>
                File.ReadAllText(f) is var text && text.Contains("To: " + to, StringComparison.Ordinal) && text.Contains(subject, StringComparison.Ordinal)))
            {
                return true;
            }
            await Task.Delay(100);
        }
        return false;
    }
}
