using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Consilium.Cli.Bench.Harness;
using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;

namespace Consilium.Cli.Bench.Crash;

/// <summary>
/// Drives realistic concurrent writes against the real server the way people make them: the patient's intake form and record
/// uploads, FHIR Bundles posted to the API by the coordinator, expert assignment on the coordinator's page (which queues the
/// expert's mail), opinion drafts and sign-offs on the expert's page (which queue the patient's mail). Each worker either starts a
/// new case or moves an earlier one a step along its story (so stories go on across kills); every step the server acknowledges
/// goes into <see cref="AcknowledgedWrites"/>. When the server dies mid-request the worker stops (that step was not acknowledged).
/// </summary>
internal sealed class WriteDriver(BenchAccountSet accounts, AcknowledgedWrites acknowledged, IReadOnlyDictionary<string, WebSession> sessions, HttpClient api)
{
    private static readonly IReadOnlyList<OpinionTemplate> AllTemplates = OpinionTemplates.ForSituations(SituationCode.All);
    private readonly System.Collections.Concurrent.ConcurrentQueue<CaseWork> _pending = new();
    private long _counter;

    /// <summary>Steps the server answered with something other than success, by step and status (a refusal is not a lost write).</summary>
    public System.Collections.Concurrent.ConcurrentDictionary<string, int> Refusals { get; } = new(StringComparer.Ordinal);

    private void Refused(string step, HttpResponseMessage response) =>
        Refusals.AddOrUpdate($"{step} {(int)response.StatusCode}", 1, (_, n) => n + 1);

    /// <summary>Signs each role in once (the sessions survive restarts: the keys are in the database).</summary>
    public static async Task<IReadOnlyDictionary<string, WebSession>> SignInAsync(Uri baseAddress, BenchAccountSet accounts, CancellationToken ct)
    {
        var sessions = new Dictionary<string, WebSession>(StringComparer.Ordinal);
        foreach (var account in new[] { accounts.Patient, accounts.Coordinator, accounts.ExpertA, accounts.ExpertB })
        {
            var session = new WebSession(baseAddress);
            await session.SignInAsync(account, ct);
            sessions[account.Id] = session;
        }
        return sessions;
    }

    /// <summary>Runs <paramref name="workers"/> story loops until <paramref name="ct"/> is cancelled or the server goes away.</summary>
    public Task RunAsync(int workers, Random random, CancellationToken ct)
    {
        var seeds = Enumerable.Range(0, workers).Select(_ => random.Next()).ToList();
        return Task.WhenAll(seeds.Select(seed => Task.Run(() => WorkerAsync(new Random(seed), ct), CancellationToken.None)));
    }

    private async Task WorkerAsync(Random random, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            // Half the time a new case comes in; otherwise an earlier case (of this round or one before the last kill) moves on.
            var work = random.Next(2) == 0 || !_pending.TryDequeue(out var next) ? null : next;
            try
            {
                var moved = work is null ? await NewCaseAsync(random, ct) : await AdvanceAsync(work, random, ct);
                if (moved is { Stage: not Stage.Signed })
                {
                    _pending.Enqueue(moved);
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or System.Net.Sockets.SocketException)
            {
                // The server was killed (or the round ended) in the middle of a request: that step was not acknowledged; the case
                // waits for the next round at the stage it had.
                if (work is not null)
                {
                    _pending.Enqueue(work);
                }
                return;
            }
        }
    }

    private async Task<CaseWork?> NewCaseAsync(Random random, CancellationToken ct)
    {
        Interlocked.Increment(ref _counter);
        if (random.Next(3) == 0)
        {
            return await ApiCaseAsync(random, ct) is { } id ? new CaseWork(id, Stage.Triaged) : null;
        }
        return await IntakeStartAsync(ct) is { } started ? new CaseWork(started, Stage.Started) : null;
    }

    /// <summary>One step further along the case's story; the same stage again when the server refused (twice at most).</summary>
    private async Task<CaseWork?> AdvanceAsync(CaseWork work, Random random, CancellationToken ct)
    {
        var id = work.CaseId;
        bool done;
        CaseWork next;
        switch (work.Stage)
        {
            case Stage.Started:
                done = await IntakeStepAsync(id, 2, ct);
                next = work with { Stage = Stage.Filled };
                break;
            case Stage.Filled when work.Uploads < 3 && random.Next(3) > 0:
                done = await UploadAsync(id, random, ct);
                next = work with { Uploads = work.Uploads + 1 };
                break;
            case Stage.Filled:
                done = await IntakeStepAsync(id, 3, ct);
                next = work with { Stage = Stage.Triaged };
                break;
            case Stage.Triaged:
                var expert = random.Next(2) == 0 ? accounts.ExpertA : accounts.ExpertB;
                done = await AssignAsync(id, expert, ct);
                next = work with { Stage = Stage.Assigned, Expert = expert };
                break;
            case Stage.Assigned:
                done = await OpinionAsync(id, work.Expert!, OpinionFields(random), "draft", ct);
                next = work with { Stage = Stage.Drafted };
                break;
            default:
                done = await OpinionAsync(id, work.Expert!, OpinionFields(random), "sign", ct);
                next = work with { Stage = Stage.Signed };
                break;
        }
        return done ? next with { Refusals = 0 } : work.Refusals < 2 ? work with { Refusals = work.Refusals + 1 } : null;
    }

    /// <summary>The patient's intake, step 1: it creates the draft case.</summary>
    private async Task<Guid?> IntakeStartAsync(CancellationToken ct)
    {
        var patient = sessions[accounts.Patient.Id];
        using var first = await patient.PostFormAsync("/intake/new", "intake-1", new Dictionary<string, string>
        {
            ["Input.SymptomsUnexplained"] = "true", ["Input.BirthDate"] = "1966-06-05", ["Input.Sex"] = "Male", ["Input.Country"] = "GB",
        }, ct);
        if (first.StatusCode != HttpStatusCode.Redirect || first.Headers.Location?.ToString().Split('/') is not { Length: >= 2 } parts || !Guid.TryParse(parts[^2], out var caseId))
        {
            Refused("intake-1", first);
            return null;
        }
        acknowledged.Cases[caseId] = CaseSource.Intake;
        return caseId;
    }

    /// <summary>Intake step 2 (the clinical picture) or 3 (the question and consent: the case is sent and triaged).</summary>
    private async Task<bool> IntakeStepAsync(Guid caseId, int step, CancellationToken ct)
    {
        var fields = step == 2
            ? new Dictionary<string, string> { ["Input.Diagnosis"] = "Reflux", ["Input.Symptoms"] = "Burning chest pain after meals and weight loss", ["Input.SymptomWeeks"] = "14" }
            : new Dictionary<string, string> { ["Input.Question"] = "Is it really reflux?", ["Input.Consent"] = "true" };
        using var response = await sessions[accounts.Patient.Id].PostFormAsync($"/intake/{caseId}/{step}", $"intake-{step}", fields, ct);
        var location = response.Headers.Location?.ToString() ?? "";
        if (response.StatusCode != HttpStatusCode.Redirect || (step == 3 && !location.Contains("sent=1", StringComparison.Ordinal)))
        {
            Refused($"intake-{step}", response);
            return false;
        }
        if (step == 3)
        {
            acknowledged.Submitted[caseId] = true;
        }
        return true;
    }

    /// <summary>A record uploaded through the case page's form, answered with the stored document (201 and its id).</summary>
    private async Task<bool> UploadAsync(Guid caseId, Random random, CancellationToken ct)
    {
        var patient = sessions[accounts.Patient.Id];
        var number = Interlocked.Increment(ref _counter);
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"Referral letter {number} for case {caseId}\n");
        for (var lines = random.Next(20, 4000); lines > 0; lines--)
        {
            text.Append(CultureInfo.InvariantCulture, $"Line {lines}: findings unchanged since the last visit, {random.Next()}.\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        var fileName = $"letter-{number}.txt";
        var page = await patient.GetPageAsync($"/cases/{caseId}", ct);
        using var form = new MultipartFormDataContent { { new StringContent(WebSession.Token(page)), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        form.Add(file, "file", fileName);
        using var response = await patient.Client.PostAsync(new Uri($"/cases/{caseId}/documents", UriKind.Relative), form, ct);
        if (response.StatusCode == HttpStatusCode.Created)
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            var id = json.RootElement.GetProperty("id").GetGuid();
            acknowledged.Documents[id] = new AcknowledgedDocument(id, caseId, fileName, Convert.ToHexStringLower(SHA256.HashData(bytes)));
            return true;
        }
        Refused("upload", response);
        return false;
    }

    /// <summary>A case from an EHR: a FHIR Bundle posted to the API with the coordinator's token (triaged on arrival).</summary>
    private async Task<Guid?> ApiCaseAsync(Random random, CancellationToken ct)
    {
        using var content = new StringContent(Bundle(random), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/fhir+json");
        using var response = await api.PostAsync(new Uri("/api/cases", UriKind.Relative), content, ct);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            Refused("api-case", response);
            return null;
        }
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var id = json.RootElement.GetProperty("id").GetGuid();
        acknowledged.Cases[id] = CaseSource.Api;
        return id;
    }

    /// <summary>The coordinator assigns the expert on the case page (the case moves to Assigned; the expert's mail is queued).</summary>
    private async Task<bool> AssignAsync(Guid caseId, BenchAccount expert, CancellationToken ct)
    {
        using var response = await sessions[accounts.Coordinator.Id].PostFormAsync($"/coordinator/cases/{caseId}", "assign-expert", new Dictionary<string, string>
        {
            ["Assignment.ExpertId"] = expert.Id, ["Assignment.Reason"] = "bench crash",
        }, ct);
        if (!Done(response))
        {
            Refused("assign", response);
            return false;
        }
        acknowledged.Assignments[(caseId, expert.Id)] = true;
        return true;
    }

    /// <summary>The expert saves a draft or signs (the case is delivered; the patient's mail is queued).</summary>
    private async Task<bool> OpinionAsync(Guid caseId, BenchAccount expert, Dictionary<string, string> fields, string action, CancellationToken ct)
    {
        using var response = await sessions[expert.Id].PostFormAsync($"/expert/cases/{caseId}", "opinion", new Dictionary<string, string>(fields) { ["Input.Action"] = action }, ct);
        if (!Done(response))
        {
            Refused(action, response);
            return false;
        }
        (action == "sign" ? acknowledged.Signatures : acknowledged.Drafts)[(caseId, expert.Id)] = true;
        return true;
    }

    /// <summary>A page form succeeded: it redirects back with <c>?done=</c> (a refusal renders the page again with the error).</summary>
    private static bool Done(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.ToString().Contains("done=", StringComparison.Ordinal) == true;

    /// <summary>Every template question answered (the form reads only the case's own situations).</summary>
    private static Dictionary<string, string> OpinionFields(Random random)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Input.DiagnosisAgreement"] = random.Next(2) == 0 ? "Confirmed" : "Refined",
            ["Input.RecommendedDiagnosis"] = "Erosive oesophagitis",
            ["Input.TreatmentAgreement"] = "Agree",
            ["Input.RecommendedPlan"] = "Endoscopy, then a proton pump inhibitor for eight weeks.",
            ["Input.AnswerToPatientQuestion"] = "Mostly, yes; an endoscopy will tell.",
        };
        foreach (var template in AllTemplates)
        {
            foreach (var q in template.Questions)
            {
                fields[$"answer.{template.Situation}.{q.Key}"] = q.IsChoice ? q.Choices![random.Next(q.Choices.Count)].Value : "Reviewed for the bench.";
            }
        }
        return fields;
    }

    private static string Bundle(Random random)
    {
        var year = random.Next(1940, 2000);
        return $$"""
            {"resourceType":"Bundle","type":"collection","entry":[
              {"fullUrl":"urn:uuid:{{Guid.NewGuid()}}","resource":{"resourceType":"Patient","gender":"{{(random.Next(2) == 0 ? "female" : "male")}}","birthDate":"{{year}}-03-14","address":[{"country":"NL"}]} },
              {"fullUrl":"urn:uuid:{{Guid.NewGuid()}}","resource":{"resourceType":"Condition",
                "clinicalStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-clinical","code":"active"}]},
                "verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"confirmed"}]},
                "code":{"coding":[{"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"K21.9","display":"Gastro-esophageal reflux disease without esophagitis"}],"text":"Reflux"} } }
            ]}
            """;
    }
}

/// <summary>Where a case's story has got to (what the server acknowledged last).</summary>
internal enum Stage
{
    Started,
    Filled,
    Triaged,
    Assigned,
    Drafted,
    Signed,
}

/// <summary>A case the driver is taking through its story; <see cref="Refusals"/> in a row at this stage.</summary>
internal sealed record CaseWork(Guid CaseId, Stage Stage, BenchAccount? Expert = null, int Uploads = 0, int Refusals = 0);
