using System.Net;
using System.Text.Json;
using Consilium.Domain.Opinions;
using Consilium.Tests.Shared;
using Consilium.Web.Features.Identity;
using Consilium.Web.Tests.Support;
using Xunit.Abstractions;

namespace Consilium.Web.Tests.Security;

/// <summary>
/// Stored cross-site scripting: script, attribute-breaking, <c>javascript:</c> and SVG payloads typed into every field a person
/// fills in — the intake answers, case messages, the coordinator's correction and request, the opinion's fields, account names,
/// a document's file name, an API token's name — come back as text on every page that shows them, and as text in the PDF and
/// the FHIR document.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class StoredXssTests(Platform platform, ITestOutputHelper output)
{
    /// <summary>What must never reach a page unescaped: each one runs script when a browser parses it as markup.</summary>
    private static readonly string[] Payloads =
    [
        "<script>alert('xss')</script>",
        "\"><img src=x onerror=alert('xss')>",
        "javascript:alert('xss')",
        "<svg onload=alert('xss')><a xlink:href=\"javascript:alert(1)\">x</a></svg>",
        "'><iframe srcdoc=\"<script>alert(1)</script>\">",
    ];

    /// <summary>A tag of a payload as markup: only possible with an unescaped "<" (an escaped payload keeps "onerror=" as harmless text).</summary>
    private static readonly string[] Markup = ["<script", "<img", "<svg", "<iframe"];

    [SkippableFact]
    public async Task GivenScriptPayloadsInEveryUserField_WhenEveryPageExportAndListShowingThemIsRead_ThenTheyAreTextNeverMarkup()
    {
        var tag = Guid.NewGuid().ToString("N")[..6];
        string P(string field, int i) => $"{field}-{tag} {Payloads[i % Payloads.Length]}";

        // Accounts whose names are payloads: the patient registers with one, the admin invites an expert with one.
        var patient = await platform.AccountAsync(P("patient-name", 0), ConsiliumRoles.Patient, $"xss-patient-{tag}@test.example", twoFactor: false);
        var expert = await platform.AccountAsync(P("expert-name", 1), ConsiliumRoles.Expert, $"xss-expert-{tag}@test.example", twoFactor: true);
        var fields = new Dictionary<string, string>();
        string Field(string name, int i) => fields[name] = P(name, i);

        using var patientSession = platform.NewSession();
        await patientSession.SignInAsync(patient);
        using var first = await patientSession.PostFormAsync("/intake/new", "intake-1", new Dictionary<string, string>
        {
            ["Input.SurgeryPlanned"] = "true", ["Input.TreatmentNotWorking"] = "true", ["Input.BirthDate"] = "1960-02-03", ["Input.Sex"] = "Female", ["Input.Country"] = "GB",
        });
        var caseId = Guid.Parse(first.Headers.Location!.ToString().Split('/')[^2]);
        await ExpectRedirectAsync(patientSession.PostFormAsync($"/intake/{caseId}/2", "intake-2", new Dictionary<string, string>
        {
            ["Input.Diagnosis"] = Field("diagnosis", 0), ["Input.ProposedTreatment"] = Field("treatment", 1), ["Input.TreatmentIsSurgery"] = "true",
            ["Input.Symptoms"] = Field("symptoms", 2), ["Input.SymptomWeeks"] = "3", ["Input.Medications"] = Field("medications", 3), ["Input.MedicationWeeks"] = "8",
        }));
        await ExpectRedirectAsync(patientSession.PostFormAsync($"/intake/{caseId}/3", "intake-3", new Dictionary<string, string>
        {
            ["Input.Question"] = Field("question", 4), ["Input.Consent"] = "true",
        }));
        var casePath = $"/cases/{caseId}";
        using (var upload = await patientSession.UploadAsync(caseId, casePath, Field("file-name", 1) + ".txt", System.Text.Encoding.UTF8.GetBytes(Payloads[0]), "text/plain"))
        {
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
        }
        await ExpectRedirectAsync(patientSession.PostFormAsync(casePath, "case-message", new Dictionary<string, string> { ["Message.Text"] = Field("message", 2) }));

        using var coordinator = platform.NewSession();
        await coordinator.SignInAsync(platform.Coordinator);
        var coordinatorPath = $"/coordinator/cases/{caseId}";
        await ExpectRedirectAsync(coordinator.PostFormAsync(coordinatorPath, "correct-triage", new Dictionary<string, string>
        {
            ["Correction.SurgeryPlanned"] = "true", ["Correction.TreatmentNotWorking"] = "true", ["Correction.Urgency"] = "Standard", ["Correction.Why"] = Field("correction-why", 3),
        }));
        await ExpectRedirectAsync(coordinator.PostFormAsync(coordinatorPath, "request-information", new Dictionary<string, string> { ["Request.WhatIsMissing"] = Field("request", 4) }));
        await ExpectRedirectAsync(patientSession.PostFormAsync($"/intake/{caseId}/3", "intake-3", new Dictionary<string, string> { ["Input.Question"] = fields["question"], ["Input.Consent"] = "true" }));
        // The expert to choose from, by name.
        await AssertEscapedAsync("coordinator's case before assignment", await coordinator.GetPageAsync(coordinatorPath), [expert.Name]);
        await ExpectRedirectAsync(coordinator.PostFormAsync(coordinatorPath, "assign-expert", new Dictionary<string, string> { ["Assignment.ExpertId"] = expert.Id }));

        using var expertSession = platform.NewSession();
        await expertSession.SignInAsync(expert);
        var expertPath = $"/expert/cases/{caseId}";
        var opinion = new Dictionary<string, string>
        {
            ["Input.DiagnosisAgreement"] = "Refined", ["Input.RecommendedDiagnosis"] = Field("recommended-diagnosis", 0), ["Input.TreatmentAgreement"] = "Modify",
            ["Input.RecommendedPlan"] = Field("plan", 1), ["Input.Alternatives"] = Field("alternatives", 2), ["Input.PlainLanguageSummary"] = Field("summary", 3),
            ["Input.AnswerToPatientQuestion"] = Field("answer", 4), ["Input.Action"] = "sign",
        };
        var templates = OpinionTemplates.ForSituations((await platform.Database.Cases.GetAsync(caseId))!.Triage!.Situations.Select(s => s.Code));
        var i = 0;
        foreach (var t in templates)
        {
            foreach (var q in t.Questions)
            {
                opinion[$"answer.{t.Situation}.{q.Key}"] = q.IsChoice ? q.Choices![0].Value : Field($"template-{q.Key}", i++);
            }
        }
        await ExpectRedirectAsync(expertSession.PostFormAsync(expertPath, "opinion", opinion));
        await ExpectRedirectAsync(patientSession.PostFormAsync(casePath, "followup-question", new Dictionary<string, string> { ["Question"] = Field("follow-up", 0) }));

        using var admin = platform.NewSession();
        await admin.SignInAsync(platform.Admin);
        using (var issued = await admin.PostFormAsync("/admin/tokens", "issue-token", new Dictionary<string, string> { ["Issue.Email"] = patient.Email, ["Issue.Name"] = Field("token-name", 1) }))
        {
            await AssertEscapedAsync("/admin/tokens (issued)", await issued.Content.ReadAsStringAsync(), ["token-name"]);
        }
        fields["patient-name"] = patient.Name;
        fields["expert-name"] = expert.Name;

        // Every page that shows these, as each of its readers sees it.
        var pages = new (string What, Session Session, string Path, string[] Shows)[]
        {
            ("patient's case page", patientSession, casePath, ["diagnosis", "question", "file-name", "message", "request", "plan", "summary", "answer", "follow-up"]),
            ("patient's case list", patientSession, "/cases", []),
            ("coordinator's case page", coordinator, casePath, ["diagnosis", "message", "file-name", "patient-name"]),
            ("coordinator's case", coordinator, coordinatorPath, ["diagnosis", "treatment", "symptoms", "correction-why"]),
            ("coordinator's queue", coordinator, "/coordinator", []),
            ("expert's review", expertSession, expertPath, ["diagnosis", "question", "medications", "plan", "alternatives", "file-name"]),
            ("expert's list", expertSession, "/expert", []),
            ("expert's imaging page", expertSession, $"{expertPath}/imaging", []),
            ("admin's tokens", admin, "/admin/tokens", ["token-name", "patient-name"]),
            ("admin's accounts", admin, "/admin/accounts", ["expert-name"]),
            ("admin's audit", admin, "/admin/audit", []),
            ("admin's audit of the case", admin, $"/admin/audit?case={caseId}", ["file-name"]),
        };
        foreach (var (what, session, path, shows) in pages)
        {
            await AssertEscapedAsync($"{what} ({path})", await session.GetPageAsync(path), shows.Select(s => fields[s]).ToArray());
        }

        // The exports carry the same words as text.
        using var pdf = await patientSession.GetAsync($"{casePath}/opinion.pdf");
        Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
        var pdfText = PdfText.Extract(await pdf.Content.ReadAsByteArrayAsync());
        foreach (var f in new[] { "plan", "summary", "answer" })
        {
            Assert.Contains(Fold(fields[f]), pdfText, StringComparison.Ordinal);
        }
        var fhir = await patientSession.GetPageAsync($"{casePath}/opinion.fhir.json");
        var strings = new List<string>();
        Strings(JsonDocument.Parse(fhir).RootElement, strings);
        foreach (var f in new[] { "plan", "answer", "expert-name" })
        {
            Assert.Contains(strings, s => s.Contains(fields[f], StringComparison.Ordinal));
        }
        output.WriteLine($"{fields.Count} fields with payloads, {pages.Length} pages, the PDF and the FHIR document checked");
    }

    /// <summary>The page contains each value HTML-encoded and no payload as markup (and no link to <c>javascript:</c>).</summary>
    private static Task AssertEscapedAsync(string what, string html, string[] shown)
    {
        // The platform's own scripts (same origin, files under /assets) are not payloads.
        html = System.Text.RegularExpressions.Regex.Replace(html, "<script src=\"/assets/[a-z-]+\\.js\"( defer)?></script>", "");
        foreach (var payload in Payloads)
        {
            Assert.False(html.Contains(payload, StringComparison.Ordinal) && payload.Contains('<', StringComparison.Ordinal), $"{what}: the payload {payload} is in the page as markup");
        }
        foreach (var markup in Markup)
        {
            Assert.False(html.Contains(markup, StringComparison.OrdinalIgnoreCase), $"{what}: '{markup}' is in the page: …{Around(html, markup)}…");
        }
        Assert.False(html.Contains("href=\"javascript:", StringComparison.OrdinalIgnoreCase) || html.Contains("src=\"javascript:", StringComparison.OrdinalIgnoreCase), $"{what}: a javascript: link");
        foreach (var value in shown)
        {
            Assert.True(html.Contains(WebUtility.HtmlEncode(value), StringComparison.Ordinal) || html.Contains(System.Text.Encodings.Web.HtmlEncoder.Default.Encode(value), StringComparison.Ordinal),
                $"{what}: does not show '{value}' as text");
        }
        return Task.CompletedTask;
    }

    private static string Around(string text, string word)
    {
        var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase);
        return text[Math.Max(0, at - 80)..Math.Min(text.Length, at + 80)];
    }

    private static string Fold(string s) => string.Join(' ', s.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static void Strings(JsonElement element, List<string> into)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                into.Add(element.GetString()!);
                break;
            case JsonValueKind.Object:
                foreach (var p in element.EnumerateObject())
                {
                    Strings(p.Value, into);
                }
                break;
            case JsonValueKind.Array:
                foreach (var e in element.EnumerateArray())
                {
                    Strings(e, into);
                }
                break;
        }
    }

    private static async Task ExpectRedirectAsync(Task<HttpResponseMessage> post)
    {
        using var response = await post;
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
