using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Consilium.Domain.Cases;
using Consilium.Storage.Audit;
using Consilium.Web.Features.Intake;
using Consilium.Web.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Web.Tests.Cases;

/// <summary>
/// A change and what goes with it (its audit entry, the mail it queues, a document's row and file) are stored together or not at
/// all. The last step is made to fail for real, by a database trigger that refuses the insert, as a crash between two steps would
/// leave it; before the fix the first steps stayed stored (an assignment nobody was told about, a document with no audit entry).
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class AtomicChangeTests(Platform platform)
{
    [Fact]
    public async Task GivenTheOutboxRefusesMail_WhenTheCoordinatorAssignsAnExpert_ThenNeitherTheAssignmentNorItsAuditEntryIsStored()
    {
        var caseId = await TriagedCaseAsync();
        using var coordinator = platform.NewSession();
        await coordinator.SignInAsync(platform.Coordinator);
        var fields = new Dictionary<string, string> { ["Assignment.ExpertId"] = platform.ExpertB.Id };

        await using (await RefuseInsertsAsync("outbox_mail"))
        {
            using var refused = await coordinator.PostFormAsync($"/coordinator/cases/{caseId}", "assign-expert", fields);
            Assert.NotEqual(HttpStatusCode.Redirect, refused.StatusCode);
        }

        var stored = (await platform.Database.Cases.GetAsync(caseId))!;
        Assert.Equal(CaseStatus.Triaged, stored.Status);
        Assert.Empty(stored.AssignedExperts);
        Assert.Equal(0, await platform.Database.Audit.CountAsync(new AuditQuery(CaseId: caseId, Action: "case.assign")));

        using (var assigned = await coordinator.PostFormAsync($"/coordinator/cases/{caseId}", "assign-expert", fields))
        {
            Assert.Equal(HttpStatusCode.Redirect, assigned.StatusCode);
        }
        Assert.Equal([platform.ExpertB.Id], (await platform.Database.Cases.GetAsync(caseId))!.AssignedExperts);
        Assert.Equal(1, await platform.Database.Audit.CountAsync(new AuditQuery(CaseId: caseId, Action: "case.assign")));
    }

    [Fact]
    public async Task GivenTheAuditTrailRefusesEntries_WhenThePatientUploadsARecord_ThenNeitherTheDocumentRowNorItsFileIsLeft()
    {
        using var patient = platform.NewSession();
        await patient.SignInAsync(platform.PatientA);
        var page = await patient.GetPageAsync($"/cases/{platform.DraftA}");
        var before = await platform.Documents.ListAsync(platform.DraftA);
        var files = DocumentFiles();

        await using (await RefuseInsertsAsync("audit_entries"))
        {
            using var form = new MultipartFormDataContent { { new StringContent(Session.Token(page)), "__RequestVerificationToken" } };
            var file = new ByteArrayContent(Encoding.UTF8.GetBytes("Blood results: haemoglobin 131 g/L."));
            file.Headers.ContentType = new MediaTypeHeaderValue("text/plain");
            form.Add(file, "file", "blood-results.txt");
            using var refused = await patient.Client.PostAsync(new Uri($"/cases/{platform.DraftA}/documents", UriKind.Relative), form);
            Assert.NotEqual(HttpStatusCode.Created, refused.StatusCode);
        }

        Assert.Equal(before.Select(d => d.Id), (await platform.Documents.ListAsync(platform.DraftA)).Select(d => d.Id));
        Assert.Equal(files, DocumentFiles());
    }

    private async Task<Guid> TriagedCaseAsync()
    {
        var now = DateTimeOffset.UtcNow;
        var form = new IntakeForm
        {
            SymptomsUnexplained = true, BirthDate = new DateOnly(1970, 5, 6), Sex = AdministrativeSex.Male, Country = "GB",
            Diagnosis = "Reflux", Symptoms = "Burning chest pain after meals", SymptomWeeks = 12, Question = "Is it reflux?", Consent = true,
        };
        var actor = $"patient B ({platform.PatientB.Id})";
        var c = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), now), actor, now, platform.PatientB.Id);
        IntakeSubmission.Send(c, actor, now);
        await platform.Database.Cases.AddAsync(c);
        return c.Id;
    }

    private IReadOnlyList<string> DocumentFiles()
    {
        var directory = Path.Combine(platform.DataDirectory, "documents");
        return Directory.Exists(directory) ? [.. Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)] : [];
    }

    /// <summary>Until disposed, the database refuses every insert into <paramref name="table"/> (a SQLite trigger).</summary>
    private async Task<IAsyncDisposable> RefuseInsertsAsync(string table)
    {
        var trigger = $"refuse_{table}_for_test";
        // Names of the test's own making (no input): fixed table names and the trigger named after them.
        var sql = "CREATE TRIGGER " + trigger + " BEFORE INSERT ON " + table + " BEGIN SELECT RAISE(ABORT, 'refused by the test'); END;";
        await using (var db = platform.Database.CreateDbContext())
        {
            await db.Database.ExecuteSqlRawAsync(sql);
        }
        return new DropTrigger(platform, trigger);
    }

    private sealed class DropTrigger(Platform platform, string trigger) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            var sql = "DROP TRIGGER IF EXISTS " + trigger + ";";
            await using var db = platform.Database.CreateDbContext();
            await db.Database.ExecuteSqlRawAsync(sql);
        }
    }
}
