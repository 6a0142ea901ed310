using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Consilium.Cli.Bench.Harness;
using Consilium.Domain.Opinions;
using Consilium.Storage.Database;
using Consilium.Web.Features.Coordinator;
using Consilium.Web.Features.Jobs;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;

namespace Consilium.Cli.Tests.TwoNodes;

/// <summary>
/// Two nodes on one PostgreSQL and one document store, behind nginx round-robin: a session started on one node goes on on the other
/// (Data Protection keys in the database), the same case assigned on both at once gives one assignment and one conflict, background
/// jobs (outbox mail, turnaround reminders) deliver each mail exactly once, and the web-platform journey works through the balancer.
/// </summary>
public sealed partial class TwoNodeTests(TwoNodeCluster cluster, ITestOutputHelper output) : IClassFixture<TwoNodeCluster>
{
    private const string AssignedSubject = "A case has been assigned to you";

    [SkippableFact]
    public async Task GivenASignInOnNodeA_WhenTheUserGoesOnOnNodeB_ThenTheCookieAndTheAntiforgeryTokenOfNodeAWorkThere()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        using var session = new WebSession(cluster.NodeA.BaseAddress);
        await session.SignInAsync(cluster.Accounts.Patient);

        // The page (and its antiforgery token) from node A, the form post to node B.
        var page = await session.GetPageAsync(On(cluster.NodeA, "/intake/new"));
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "intake-1", ["__RequestVerificationToken"] = WebSession.Token(page),
            ["Input.SymptomsUnexplained"] = "true", ["Input.BirthDate"] = "1971-03-04", ["Input.Sex"] = "Female", ["Input.Country"] = "NL",
        });
        using var posted = await session.Client.PostAsync(new Uri(On(cluster.NodeB, "/intake/new")), form);

        Assert.Equal(HttpStatusCode.Redirect, posted.StatusCode);
        Assert.Matches("/intake/[0-9a-f-]{36}/2$", posted.Headers.Location!.ToString());
        var cases = await session.GetPageAsync(On(cluster.NodeB, "/cases"));
        Assert.Contains(cluster.Accounts.Patient.Name, cases, StringComparison.Ordinal);
    }

    [SkippableFact]
    public async Task GivenOneCaseVersion_WhenBothNodesAssignItAtOnceOverTheApi_ThenExactlyOneSucceedsAndTheOther409s()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        using var onA = WebSession.ApiClient(cluster.NodeA.BaseAddress, cluster.Accounts.Coordinator);
        using var onB = WebSession.ApiClient(cluster.NodeB.BaseAddress, cluster.Accounts.Coordinator);
        for (var round = 0; round < 5; round++)
        {
            var (caseId, version) = await NewCaseAsync(round % 2 == 0 ? onA : onB);

            var answers = await Task.WhenAll(
                onA.PostAsJsonAsync($"/api/cases/{caseId}/assignments", new { expertId = cluster.Accounts.ExpertA.Id, version }),
                onB.PostAsJsonAsync($"/api/cases/{caseId}/assignments", new { expertId = cluster.Accounts.ExpertB.Id, version }));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            var conflict = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
            Assert.Contains(Coordination.ChangedMeanwhile, await conflict.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            var winner = answers[0].StatusCode == HttpStatusCode.OK ? cluster.Accounts.ExpertA : cluster.Accounts.ExpertB;
            using var read = await onA.GetAsync(new Uri($"/api/cases/{caseId}", UriKind.Relative));
            using var json = JsonDocument.Parse(await read.Content.ReadAsStringAsync());
            Assert.Equal(version + 1, json.RootElement.GetProperty("version").GetInt32());
            await using var db = ConsiliumDatabase.Open(cluster.Storage);
            Assert.Equal([winner.Id], (await db.Cases.GetAsync(caseId))!.AssignedExperts);
            foreach (var answer in answers)
            {
                answer.Dispose();
            }
        }
    }

    [SkippableFact]
    public async Task GivenTheCoordinatorPageOpenOnBothNodes_WhenBothAssignFormsArePostedAtOnce_ThenOneAssignsAndTheOtherSaysReload()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        using var api = WebSession.ApiClient(cluster.Balancer.BaseAddress, cluster.Accounts.Coordinator);
        var (caseId, version) = await NewCaseAsync(api);
        using var coordinator = new WebSession(cluster.NodeA.BaseAddress);
        await coordinator.SignInAsync(cluster.Accounts.Coordinator);
        var path = $"/coordinator/cases/{caseId}";
        var pageA = await coordinator.GetPageAsync(On(cluster.NodeA, path));
        var pageB = await coordinator.GetPageAsync(On(cluster.NodeB, path));
        Assert.Contains($"name=\"Assignment.Version\" value=\"{version}\"", pageB, StringComparison.Ordinal);

        FormUrlEncodedContent Form(string page, BenchAccount expert) => new(new Dictionary<string, string>
        {
            ["_handler"] = "assign-expert", ["__RequestVerificationToken"] = WebSession.Token(page),
            ["Assignment.ExpertId"] = expert.Id, ["Assignment.Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        using var formA = Form(pageA, cluster.Accounts.ExpertA);
        using var formB = Form(pageB, cluster.Accounts.ExpertB);
        var answers = await Task.WhenAll(
            coordinator.Client.PostAsync(new Uri(On(cluster.NodeA, path)), formA),
            coordinator.Client.PostAsync(new Uri(On(cluster.NodeB, path)), formB));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Redirect], answers.Select(a => a.StatusCode).Order());
        var refused = answers.Single(a => a.StatusCode == HttpStatusCode.OK);
        Assert.Contains(WebUtility.HtmlEncode(Coordination.ChangedMeanwhile), await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await using var db = ConsiliumDatabase.Open(cluster.Storage);
        Assert.Single((await db.Cases.GetAsync(caseId))!.AssignedExperts);
        foreach (var answer in answers)
        {
            answer.Dispose();
        }
    }

    [SkippableFact]
    public async Task GivenAssignmentsThroughBothNodes_WhenBothRunTheBackgroundJobs_ThenEachReminderAndEachMailIsDeliveredExactlyOnce()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        using var onA = WebSession.ApiClient(cluster.NodeA.BaseAddress, cluster.Accounts.Coordinator);
        using var onB = WebSession.ApiClient(cluster.NodeB.BaseAddress, cluster.Accounts.Coordinator);
        var assigned = new List<Guid>();
        for (var i = 0; i < 12; i++)
        {
            var api = i % 2 == 0 ? onA : onB;
            var (caseId, version) = await NewCaseAsync(api);
            using var response = await api.PostAsJsonAsync($"/api/cases/{caseId}/assignments", new { expertId = cluster.Accounts.ExpertB.Id, version });
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            assigned.Add(caseId);
        }

        await using var db = ConsiliumDatabase.Open(cluster.Storage);
        await using var context = db.CreateDbContext();
        async Task<bool> SettledAsync() =>
            await context.TurnaroundReminders.CountAsync(r => assigned.Contains(r.CaseId) && r.Kind == TurnaroundTimer.DueSoon) == assigned.Count
            && await db.Outbox.CountPendingAsync() == 0;
        for (var wait = 0; wait < 600 && !await SettledAsync(); wait++)
        {
            await Task.Delay(100);
        }
        Assert.True(await SettledAsync(), "every assigned case got its due-soon reminder and the outbox was delivered within 60 s");

        // Every outbox mail is one file (named by its id), whichever node delivered it; nothing twice, nothing lost.
        var outbox = await context.OutboxMail.AsNoTracking().ToListAsync();
        var files = Directory.GetFiles(Path.Combine(cluster.DataDirectory, "mail"), "*.eml").Select(MailHeaders).ToList();
        Assert.Equal(outbox.Select(m => $"{m.Id}|{m.To}|{m.Subject}").Order(), files.Order());
        Assert.All(outbox, m => Assert.Equal(1, m.Attempts));
        foreach (var caseId in assigned)
        {
            var reference = caseId.ToString("N")[..8];
            Assert.Single(outbox, m => m.To == cluster.Accounts.ExpertB.Email && m.Subject.StartsWith($"Case {reference}: the opinion is due", StringComparison.Ordinal));
        }
        Assert.True(outbox.Count(m => m.Subject == AssignedSubject) >= assigned.Count);
        var claimers = outbox.Select(m => m.ClaimedBy!.Split(':')[1]).GroupBy(pid => pid).ToDictionary(g => g.Key, g => g.Count());
        var nodes = new[] { cluster.NodeA, cluster.NodeB }.Select(n => n.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToHashSet();
        Assert.Subset(nodes, claimers.Keys.ToHashSet());
        output.WriteLine($"{outbox.Count} mails, delivered by process: {string.Join(", ", claimers.Select(c => $"{c.Key}={c.Value}"))}");
    }

    [SkippableFact]
    public async Task GivenTheBalancer_WhenThePatientSubmitsAndUploads_AndTheCoordinatorAssigns_AndTheExpertSigns_ThenThePatientDownloadsBoth()
    {
        Skip.If(cluster.SkipReason is not null, cluster.SkipReason);
        var through = cluster.Balancer.BaseAddress;
        using var patient = new WebSession(through);
        await patient.SignInAsync(cluster.Accounts.Patient);
        var caseId = await IntakeAsync(patient);
        var record = System.Text.Encoding.UTF8.GetBytes("Discharge letter, 2026-10-02: persistent cough, CT chest ordered.\n");
        using (var upload = await patient.UploadAsync(caseId, $"/cases/{caseId}", "letter.txt", record, "text/plain"))
        {
            Assert.Equal(HttpStatusCode.Redirect, upload.StatusCode);
            Assert.Contains("uploaded=", upload.Headers.Location!.ToString(), StringComparison.Ordinal);
        }

        using var coordinator = new WebSession(through);
        await coordinator.SignInAsync(cluster.Accounts.Coordinator);
        using (var assign = await coordinator.PostFormAsync($"/coordinator/cases/{caseId}", "assign-expert", new Dictionary<string, string> { ["Assignment.ExpertId"] = cluster.Accounts.ExpertA.Id }))
        {
            Assert.Equal(HttpStatusCode.Redirect, assign.StatusCode);
        }

        using var expert = new WebSession(through);
        await expert.SignInAsync(cluster.Accounts.ExpertA);
        await using (var db = ConsiliumDatabase.Open(cluster.Storage))
        {
            var fields = new Dictionary<string, string>
            {
                ["Input.DiagnosisAgreement"] = "Confirmed", ["Input.TreatmentAgreement"] = "Agree", ["Input.RecommendedPlan"] = "Watchful waiting.",
                ["Input.AnswerToPatientQuestion"] = "The diagnosis holds.", ["Input.Action"] = "sign",
            };
            foreach (var template in OpinionTemplates.ForSituations((await db.Cases.GetAsync(caseId))!.Triage!.Situations.Select(s => s.Code)))
            {
                foreach (var question in template.Questions)
                {
                    fields[$"answer.{template.Situation}.{question.Key}"] = question.IsChoice ? question.Choices![0].Value : "Reviewed.";
                }
            }
            using var sign = await expert.PostFormAsync($"/expert/cases/{caseId}", "opinion", fields);
            Assert.Equal(HttpStatusCode.Redirect, sign.StatusCode);
            Assert.Equal(Domain.Cases.CaseStatus.OpinionDelivered, (await db.Cases.GetAsync(caseId))!.Status);
        }

        var casePage = await patient.GetPageAsync($"/cases/{caseId}");
        var documentId = DocumentLink().Match(casePage).Groups[1].Value;
        using (var download = await patient.GetAsync($"/cases/{caseId}/documents/{documentId}"))
        {
            Assert.Equal(HttpStatusCode.OK, download.StatusCode);
            Assert.Equal(record, await download.Content.ReadAsByteArrayAsync());
        }
        using (var pdf = await patient.GetAsync($"/cases/{caseId}/opinion.pdf"))
        {
            Assert.Equal(HttpStatusCode.OK, pdf.StatusCode);
            Assert.Equal("%PDF"u8.ToArray(), (await pdf.Content.ReadAsByteArrayAsync())[..4]);
        }
        var perNode = await cluster.Balancer.RequestsPerNodeAsync();
        output.WriteLine("requests per node: " + string.Join(", ", perNode.Select(p => $"{p.Key}={p.Value}")));
        Assert.Equal(2, perNode.Count);
        Assert.All(perNode.Values, count => Assert.True(count >= 5, "round robin sends a fair share to each node"));
    }

    private static string On(ServerProcess node, string path) => new Uri(node.BaseAddress, path).ToString();

    private static async Task<(Guid CaseId, int Version)> NewCaseAsync(HttpClient api)
    {
        using var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "cancer-surgery-planned.json")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var created = await api.PostAsync(new Uri("/api/cases", UriKind.Relative), content);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var json = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("id").GetGuid(), json.RootElement.GetProperty("version").GetInt32());
    }

    private static async Task<Guid> IntakeAsync(WebSession patient)
    {
        using var first = await patient.PostFormAsync("/intake/new", "intake-1", new Dictionary<string, string>
        {
            ["Input.SymptomsUnexplained"] = "true", ["Input.BirthDate"] = "1962-09-14", ["Input.Sex"] = "Male", ["Input.Country"] = "GB",
        });
        var caseId = Guid.Parse(first.Headers.Location!.ToString().Split('/')[^2]);
        using (var second = await patient.PostFormAsync($"/intake/{caseId}/2", "intake-2", new Dictionary<string, string>
        {
            ["Input.Diagnosis"] = "Asthma", ["Input.Symptoms"] = "A cough that has not gone away", ["Input.SymptomWeeks"] = "10",
        }))
        {
            Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        }
        using var third = await patient.PostFormAsync($"/intake/{caseId}/3", "intake-3", new Dictionary<string, string>
        {
            ["Input.Question"] = "Is it really asthma?", ["Input.Consent"] = "true",
        });
        Assert.Equal(HttpStatusCode.Redirect, third.StatusCode);
        Assert.Contains("sent=1", third.Headers.Location!.ToString(), StringComparison.Ordinal);
        return caseId;
    }

    /// <summary>"OutboxId|To|Subject" of an .eml file the mail drop wrote.</summary>
    private static string MailHeaders(string file)
    {
        var lines = File.ReadLines(file).TakeWhile(l => l.Length > 0).ToList();
        string Header(string name) => lines.First(l => l.StartsWith(name + ": ", StringComparison.Ordinal))[(name.Length + 2)..];
        return $"{Header("X-Consilium-Outbox-Id")}|{Header("To")}|{Header("Subject")}";
    }

    [GeneratedRegex("/cases/[0-9a-f-]{36}/documents/([0-9a-f-]{36})")]
    private static partial Regex DocumentLink();
}
