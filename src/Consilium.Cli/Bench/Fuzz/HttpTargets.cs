using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Consilium.Domain.Cases;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Consilium.Web;
using Consilium.Web.Features.Api;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Imaging;
using Consilium.Web.Features.Intake;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Consilium.Cli.Bench.Harness;

namespace Consilium.Cli.Bench.Fuzz;

/// <summary>An account of the fuzzed platform, signed in as a browser would be, with its API token.</summary>
internal sealed record FuzzAccount(BenchAccount Account, WebSession Browser)
{
    public string Token => Account.ApiToken;
}

/// <summary>
/// The real platform in this process on loopback (a free port, a fresh SQLite data directory, its private Orthanc when
/// installed), with one account per role signed in through the login pages, and the targets that attack it over HTTP:
/// the case API body, document and imaging uploads, and every form found on the pages each role sees. A refused
/// request must be a 4xx or a form validation message, and must leave every row count and stored file as it was.
/// </summary>
internal sealed partial class HttpTargets : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly List<WebSession> _sessions = [];

    private HttpTargets(WebApplication app) => _app = app;

    public IReadOnlyList<FuzzTarget> Targets { get; private set; } = [];

    public Uri BaseUri => new(_app.Urls.First());

    public static async Task<HttpTargets> StartAsync(FuzzSeeds seeds, string scratch, CancellationToken cancellationToken)
    {
        var storage = StorageOptions.ForDataDirectory(Path.Combine(scratch, "platform"));
        var accounts = await BenchAccounts.SeedAsync(storage, cancellationToken);
        var app = await ConsiliumWebHost.BuildAsync(new ConsiliumWebSettings
        {
            Urls = "http://127.0.0.1:0",
            Storage = storage,
            Overrides = new Dictionary<string, string?>
            {
                ["Consilium:Web:SignInAttemptsPerMinute"] = "1000000",
                ["Consilium:Web:MaxUploadBytes"] = (8 * 1024 * 1024).ToString(CultureInfo.InvariantCulture),
                // Standard output carries only the result; what the host logs goes to standard error, and only when it is critical.
                ["Logging:LogLevel:Default"] = Environment.GetEnvironmentVariable("CONSILIUM_FUZZ_LOG") ?? "Critical",
                ["Logging:Console:LogToStandardErrorThreshold"] = "Trace",
            },
        }, cancellationToken);
        var targets = new HttpTargets(app);
        try
        {
            await app.StartAsync(cancellationToken);
            await targets.PrepareAsync(accounts, seeds, scratch, cancellationToken);
            return targets;
        }
        catch
        {
            await targets.DisposeAsync();
            throw;
        }
    }

    private FuzzAccount _patient = null!;
    private FuzzAccount _coordinator = null!;
    private FuzzAccount _expert = null!;
    private FuzzAccount _admin = null!;
    private WebSession _anonymous = null!;
    private Guid _inReview;
    private Guid _draft;
    private string _uploadToken = "";
    private Dictionary<string, FormSpec> _forms = new(StringComparer.Ordinal);

    private async Task PrepareAsync(BenchAccountSet accounts, FuzzSeeds seeds, string scratch, CancellationToken cancellationToken)
    {
        _patient = await SignInAsync(accounts.Patient, cancellationToken);
        _coordinator = await SignInAsync(accounts.Coordinator, cancellationToken);
        _expert = await SignInAsync(accounts.ExpertA, cancellationToken);
        _admin = await SignInAsync(accounts.Admin, cancellationToken);
        _anonymous = NewBrowser();
        await FreshCasesAsync(cancellationToken);
        var dicom = await FuzzSeeds.DicomAsync(scratch, cancellationToken);
        Targets =
        [
            new HttpTarget(this, "http-api-cases", InputShape.Json, seeds.FhirBundles(), (input, ct) => PostCaseAsync(_coordinator, input, ct)),
            new HttpTarget(this, "http-upload-document", InputShape.Json, [.. FuzzSeeds.DocumentHeads(), .. seeds.FhirBundles().Take(2)],
                (input, ct) => UploadDocumentAsync(_patient, _draft, _uploadToken, input, ct)),
            new HttpTarget(this, "http-upload-imaging", InputShape.Archive, dicom, (input, ct) => UploadImagingAsync(_patient, _inReview, input, ct)),
            .. _forms.Select(f => new HttpTarget(this, "http-form-" + f.Key, InputShape.Field, [Encoding.UTF8.GetBytes(f.Value.Fields.FirstOrDefault().Value ?? "")],
                (input, ct) => PostFormAsync(_forms[f.Key], input, ct))),
        ];
    }

    /// <summary>
    /// New cases to attack (one in review, one draft) and the forms on their pages. Called now and then during a long run,
    /// so that what earlier inputs were allowed to add (messages, documents, studies) or change (a case sent back to the
    /// patient) does not pile up on one case: the run measures hostile input, not a case page with thousands of entries.
    /// </summary>
    public async Task FreshCasesAsync(CancellationToken cancellationToken)
    {
        var (inReview, draft) = await CasesAsync(_patient.Account, _expert.Account, cancellationToken);
        var forms = new List<FormSpec>();
        foreach (var (who, path) in new (WebSession, string)[]
        {
            (_anonymous, "/account/login"), (_anonymous, "/account/register"), (_anonymous, "/account/forgot-password"),
            (_patient.Browser, "/intake/new"), (_patient.Browser, $"/cases/{inReview}"), (_patient.Browser, $"/cases/{draft}"),
            (_coordinator.Browser, $"/coordinator/cases/{inReview}"), (_coordinator.Browser, $"/coordinator/cases/{draft}"),
            (_expert.Browser, $"/expert/cases/{inReview}"), (_expert.Browser, $"/expert/cases/{inReview}/imaging"),
            (_admin.Browser, "/admin/accounts"), (_admin.Browser, "/admin/tokens"),
        })
        {
            forms.AddRange(await FormsOnAsync(who, path, cancellationToken));
        }
        var uploadToken = WebSession.Token(await _patient.Browser.GetPageAsync($"/cases/{draft}", cancellationToken));
        var byName = new Dictionary<string, FormSpec>(_forms, StringComparer.Ordinal);
        foreach (var g in forms.GroupBy(f => GuidPattern().Replace(f.Handler, "id"), StringComparer.Ordinal))
        {
            // A form first seen now (none should be: the fresh cases are in the states the first ones were) is not
            // attacked, so that the targets stay the ones the run started with.
            if (_forms.Count == 0 || byName.ContainsKey(g.Key))
            {
                byName[g.Key] = g.First();
            }
        }
        (_inReview, _draft, _uploadToken, _forms) = (inReview, draft, uploadToken, byName);
    }

    private WebSession NewBrowser()
    {
        var session = new WebSession(BaseUri);
        session.Client.Timeout = Timeout.InfiniteTimeSpan;
        _sessions.Add(session);
        return session;
    }

    private async Task<FuzzAccount> SignInAsync(BenchAccount account, CancellationToken cancellationToken)
    {
        var browser = NewBrowser();
        await browser.SignInAsync(account, cancellationToken);
        return new FuzzAccount(account, browser);
    }

    /// <summary>A case in review (assigned to the expert) and a draft, both the patient's, as the intake wizard makes them.</summary>
    private async Task<(Guid InReview, Guid Draft)> CasesAsync(BenchAccount patient, BenchAccount expert, CancellationToken cancellationToken)
    {
        var database = _app.Services.GetRequiredService<ConsiliumDatabase>();
        var now = DateTimeOffset.UtcNow;
        var form = new IntakeForm
        {
            Cancer = true, BirthDate = new DateOnly(1958, 3, 14), Sex = AdministrativeSex.Male, Country = "NL",
            Diagnosis = "Non-small cell lung cancer, stage IIIA", ProposedTreatment = "Lobectomy", TreatmentIsSurgery = true,
            TreatmentDate = DateOnly.FromDateTime(now.AddDays(30).UtcDateTime), Question = "Is surgery the best option?", Consent = true,
        };
        var actor = $"patient ({patient.Id})";
        var inReview = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), now), actor, now, patient.Id);
        IntakeSubmission.Send(inReview, actor, now);
        inReview.AssignExpert(expert.Id, "coordinator", now, "bench fuzz");
        inReview.MoveTo(CaseStatus.InReview, "expert", now, "review");
        await database.Cases.AddAsync(inReview, cancellationToken);
        var draft = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), now), actor, now, patient.Id);
        await database.Cases.AddAsync(draft, cancellationToken);
        return (inReview.Id, draft.Id);
    }

    /// <summary>Every count a refused request must leave as it was: cases, documents, opinions, messages, boards, slots, imaging, accounts, files.</summary>
    internal async Task<string> StateAsync(CancellationToken cancellationToken)
    {
        var database = _app.Services.GetRequiredService<ConsiliumDatabase>();
        await using var db = database.CreateDbContext();
        var counts = new List<long>
        {
            await db.Cases.LongCountAsync(cancellationToken), await db.Documents.LongCountAsync(cancellationToken),
            await db.Opinions.LongCountAsync(cancellationToken), await db.OpinionVersions.LongCountAsync(cancellationToken),
            await db.CaseMessages.LongCountAsync(cancellationToken), await db.CaseExperts.LongCountAsync(cancellationToken),
            await db.TumourBoards.LongCountAsync(cancellationToken), await db.FollowUpSlots.LongCountAsync(cancellationToken),
            await db.CaseImagingStudies.LongCountAsync(cancellationToken), await db.ImagingRereads.LongCountAsync(cancellationToken),
            await db.CaseTrialSelections.LongCountAsync(cancellationToken),
        };
        await using (var scope = _app.Services.CreateAsyncScope())
        {
            counts.Add(await scope.ServiceProvider.GetRequiredService<UserManager<ConsiliumUser>>().Users.LongCountAsync(cancellationToken));
        }
        // The store's folder: the parent of the two-letter shard folders its files live in.
        var documents = Path.GetDirectoryName(Path.GetDirectoryName(_app.Services.GetRequiredService<DocumentStore>().FinalPath(Guid.Empty)))!;
        counts.Add(Directory.Exists(documents) ? Directory.EnumerateFiles(documents, "*", SearchOption.AllDirectories).LongCount() : 0);
        var spool = Path.Combine(_app.Services.GetRequiredService<StorageOptions>().DataDirectory, "imaging-spool");
        counts.Add(Directory.Exists(spool) ? Directory.EnumerateFiles(spool, "*", SearchOption.AllDirectories).LongCount() : 0);
        counts.Add(await OrthancInstancesAsync(cancellationToken));
        return "cases,documents,opinions,versions,messages,assignments,boards,slots,studies,rereads,trials,accounts,files,spool,instances=" + string.Join(',', counts);
    }

    private async Task<long> OrthancInstancesAsync(CancellationToken cancellationToken)
    {
        var archive = _app.Services.GetRequiredService<ImagingArchive>();
        if (!archive.IsAvailable)
        {
            return -1;
        }
        using var doc = JsonDocument.Parse(await archive.Client.Http.GetStringAsync(new Uri("statistics", UriKind.Relative), cancellationToken));
        return doc.RootElement.GetProperty("CountInstances").GetInt64();
    }

    private static async Task<Verdict> PostCaseAsync(FuzzAccount coordinator, FuzzInput input, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/cases") { Content = new ByteArrayContent(input.Bytes) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(new Random(input.Seed).Next(4) switch { 0 => "application/json", 1 => "text/plain", _ => "application/fhir+json" });
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", coordinator.Token);
        using var response = await coordinator.Browser.Client.SendAsync(request, cancellationToken);
        return await JudgeAsync(response, cancellationToken);
    }

    private static readonly string[] DeclaredTypes = ["application/pdf", "image/png", "application/fhir+json", "application/json", "text/plain", "text/html", "image/svg+xml", "application/octet-stream", "application/x-msdownload", "multipart/mixed"];
    private static readonly string[] Extensions = [".pdf", ".png", ".json", ".fhir.json", ".txt", ".html", ".svg", ".exe", ".dcm", ""];

    private static async Task<Verdict> UploadDocumentAsync(FuzzAccount patient, Guid caseId, string token, FuzzInput input, CancellationToken cancellationToken)
    {
        var rnd = new Random(input.Seed);
        var name = rnd.Next(4) == 0 ? HostileValues.String(input.Seed) : (rnd.Next(3) == 0 ? "../../" : "") + "record" + Extensions[rnd.Next(Extensions.Length)];
        using var form = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(input.Bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(DeclaredTypes[rnd.Next(DeclaredTypes.Length)]);
        form.Add(FilePart(file, "file", name));
        using var response = await patient.Browser.Client.PostAsync(new Uri($"/cases/{caseId}/documents", UriKind.Relative), form, cancellationToken);
        return await JudgeAsync(response, cancellationToken);
    }

    private static async Task<Verdict> UploadImagingAsync(FuzzAccount patient, Guid caseId, FuzzInput input, CancellationToken cancellationToken)
    {
        var rnd = new Random(input.Seed);
        var name = input.Mutation.StartsWith("zip-", StringComparison.Ordinal) ? "study.zip" : rnd.Next(4) == 0 ? HostileValues.String(input.Seed) : "IM0001.dcm";
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(input.Bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue(name.EndsWith(".zip", StringComparison.Ordinal) ? "application/zip" : "application/dicom");
        form.Add(FilePart(file, "files", name));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/cases/{caseId}/imaging") { Content = form };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", patient.Token);
        using var response = await patient.Browser.Client.SendAsync(request, cancellationToken);
        return await JudgeAsync(response, cancellationToken);
    }

    /// <summary>
    /// The file's part with the name as a browser or script would send it, empty and traversal names included: ASCII in
    /// filename (quotes and line breaks, which cannot go into a header, as '_'), anything else in filename* (RFC 5987).
    /// </summary>
    private static ByteArrayContent FilePart(ByteArrayContent file, string field, string name)
    {
        var ascii = name.All(c => c is >= ' ' and < (char)127);
        var safe = new string(name.Select(c => c is '"' or '\\' || char.IsControl(c) || char.IsSurrogate(c) ? '_' : c).ToArray());
        file.Headers.ContentDisposition = ascii
            ? new ContentDispositionHeaderValue("form-data") { Name = $"\"{field}\"", FileName = $"\"{safe}\"" }
            : new ContentDispositionHeaderValue("form-data") { Name = $"\"{field}\"", FileNameStar = safe };
        return file;
    }

    private static async Task<Verdict> PostFormAsync(FormSpec form, FuzzInput input, CancellationToken cancellationToken)
    {
        var rnd = new Random(input.Seed);
        var hostile = form.Fields.Count == 0 ? new HashSet<string>() : Enumerable.Range(0, rnd.Next(1, 4)).Select(_ => form.Fields[rnd.Next(form.Fields.Count)].Key).ToHashSet(StringComparer.Ordinal);
        var body = new StringBuilder();
        void Add(string key, byte[] value)
        {
            if (body.Length > 0)
            {
                body.Append('&');
            }
            body.Append(Uri.EscapeDataString(key)).Append('=').Append(PercentEncode(value));
        }
        Add("_handler", Encoding.UTF8.GetBytes(form.Handler));
        Add("__RequestVerificationToken", Encoding.UTF8.GetBytes(form.Token));
        foreach (var (key, value) in form.Fields)
        {
            Add(key, hostile.Contains(key) ? input.Bytes : Encoding.UTF8.GetBytes(value ?? ""));
        }
        using var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body.ToString()));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/x-www-form-urlencoded");
        using var response = await form.Session.Client.PostAsync(new Uri(form.Path, UriKind.RelativeOrAbsolute), content, cancellationToken);
        return await JudgeAsync(response, cancellationToken);
    }

    private static string PercentEncode(byte[] bytes)
    {
        var s = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'_' or (byte)'.' or (byte)'~')
            {
                s.Append((char)b);
            }
            else
            {
                s.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
            }
        }
        return s.ToString();
    }

    /// <summary>5xx: a crash. 4xx: refused (its problem detail). 2xx/3xx: accepted, unless the page came back with a validation message.</summary>
    private static async Task<Verdict> JudgeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (status >= 500)
        {
            return Verdict.Crash($"HTTP {status}: {Snippet(body)}");
        }
        if (status >= 400)
        {
            return Verdict.Reject($"HTTP {status}: {Snippet(body)}");
        }
        var location = response.Headers.Location?.ToString() ?? "";
        if (location.Contains("/account/login", StringComparison.Ordinal) || location.Contains("access-denied", StringComparison.Ordinal))
        {
            return Verdict.Reject($"HTTP {status} to {location}");
        }
        if (ValidationMessage().Match(body) is { Success: true } m)
        {
            return Verdict.Reject("validation: " + WebUtility.HtmlDecode(m.Groups[1].Value));
        }
        if (AlertError().Match(body) is { Success: true } alert)
        {
            return Verdict.Reject("error: " + WebUtility.HtmlDecode(alert.Groups[1].Value));
        }
        if (location.Contains("error=", StringComparison.OrdinalIgnoreCase))
        {
            return Verdict.Reject($"HTTP {status} to {location}");
        }
        return Verdict.Accept($"HTTP {status}");
    }

    private static string Snippet(string body)
    {
        if (body.StartsWith('{'))
        {
            try
            {
                using var problem = JsonDocument.Parse(body);
                var r = problem.RootElement;
                if (r.ValueKind == JsonValueKind.Object && r.TryGetProperty("title", out var title))
                {
                    return $"{title} — {(r.TryGetProperty("detail", out var detail) ? detail.ToString() : "")}";
                }
            }
            catch (JsonException)
            {
                // Not problem details: shown as it is.
            }
        }
        else if (body.Contains('<', StringComparison.Ordinal))
        {
            body = WebUtility.HtmlDecode(Tags().Replace(HeadOrScript().Replace(body, " "), " "));
        }
        var oneLine = string.Join(' ', body.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= 300 ? oneLine : oneLine[..300] + "…";
    }

    // ---- the forms each role sees ----

    internal sealed record FormSpec(WebSession Session, string Path, string Handler, string Token, List<KeyValuePair<string, string?>> Fields);

    /// <summary>The Blazor forms on a page (those posting back to it with a _handler; not sign-out), with their fields and the values the page gave them.</summary>
    private static async Task<IReadOnlyList<FormSpec>> FormsOnAsync(WebSession session, string path, CancellationToken cancellationToken)
    {
        var page = await session.GetPageAsync(path, cancellationToken);
        var forms = new List<FormSpec>();
        foreach (Match form in FormPattern().Matches(page))
        {
            var html = form.Value;
            if (HandlerPattern().Match(html) is not { Success: true } handler || html.Contains("logout", StringComparison.OrdinalIgnoreCase) || html.Contains("sign-out", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var fields = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (Match field in FieldPattern().Matches(html))
            {
                var tag = field.Value;
                var name = WebUtility.HtmlDecode(NamePattern().Match(tag).Groups[1].Value);
                if (name is "" or "_handler" or "__RequestVerificationToken" || fields.ContainsKey(name))
                {
                    continue;
                }
                fields[name] = ValuePattern().Match(tag) is { Success: true } v ? WebUtility.HtmlDecode(v.Groups[1].Value) : "";
            }
            var token = html.Contains("__RequestVerificationToken", StringComparison.Ordinal) ? WebSession.Token(html) : WebSession.Token(page);
            forms.Add(new FormSpec(session, path, WebUtility.HtmlDecode(handler.Groups[1].Value), token, [.. fields]));
        }
        return forms;
    }

    [GeneratedRegex("<(?:head|script|style)\\b.*?</(?:head|script|style)>", RegexOptions.Singleline | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 2000)]
    private static partial Regex HeadOrScript();

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tags();

    [GeneratedRegex("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")]
    private static partial Regex GuidPattern();

    [GeneratedRegex("<form\\b[^>]*>.*?</form>", RegexOptions.Singleline | RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 2000)]
    private static partial Regex FormPattern();

    [GeneratedRegex("name=\"_handler\"[^>]*value=\"([^\"]*)\"")]
    private static partial Regex HandlerPattern();

    [GeneratedRegex("<(?:input|select|textarea)\\b[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex FieldPattern();

    [GeneratedRegex("\\bname=\"([^\"]*)\"")]
    private static partial Regex NamePattern();

    [GeneratedRegex("\\bvalue=\"([^\"]*)\"")]
    private static partial Regex ValuePattern();

    [GeneratedRegex("class=\"alert error\"[^>]*>([^<]*)<")]
    private static partial Regex AlertError();

    [GeneratedRegex("class=\"[^\"]*validation-message[^\"]*\"[^>]*>([^<]*)<")]
    private static partial Regex ValidationMessage();

    public async ValueTask DisposeAsync()
    {
        foreach (var session in _sessions)
        {
            session.Dispose();
        }
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One HTTP attack surface; stateful (rows and files compared around every refusal).</summary>
    private sealed class HttpTarget(HttpTargets platform, string name, InputShape shape, IReadOnlyList<byte[]> seeds, Func<FuzzInput, CancellationToken, Task<Verdict>> send) : FuzzTarget
    {
        public override string Name => name;

        public override InputShape Shape => shape;

        public override IReadOnlyList<byte[]> Seeds => seeds;

        public override Task<Verdict> RunAsync(FuzzInput input, CancellationToken cancellationToken) => send(input, cancellationToken);

        // Over HTTP every refusal is a status code or a validation message; an exception is the client's, never a refusal.
        public override bool IsRejection(Exception exception) => false;

        public override async Task<string?> StateAsync(CancellationToken cancellationToken) => await platform.StateAsync(cancellationToken);
    }
}
