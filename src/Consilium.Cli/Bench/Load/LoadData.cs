using Consilium.Cli.Bench.Harness;
using System.Globalization;
using System.Text;
using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Experts.Synthetic;
using Consilium.Fhir.Intake;
using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;
using Consilium.Storage.Experts;
using Consilium.Web;
using Consilium.Web.Features.Intake;
using Microsoft.Extensions.DependencyInjection;

namespace Consilium.Cli.Bench.Load;

/// <summary>A stored record the coordinator downloads.</summary>
internal sealed record LoadDocument(Guid CaseId, Guid DocumentId);

/// <summary>What the load scenarios pick from: every seeded case, the cases assigned to the expert (with HPO findings), the records.</summary>
internal sealed record LoadData(IReadOnlyList<Guid> Cases, IReadOnlyList<Guid> ExpertCases, IReadOnlyList<LoadDocument> Documents, byte[] Bundle);

/// <summary>
/// Seeds the database the server will run on, the fast way: the cases go in through the case register's bulk insert
/// (<see cref="Consilium.Storage.Cases.CaseRegistry.AddRangeAsync"/>, one transaction, batches of 500), not one HTTP call each;
/// the records through the encrypted document store of the (built, not started) web host, so the server can decrypt them; a
/// synthetic expert directory of <see cref="DirectoryExperts"/> experts through the directory's import.
/// Every case belongs to the bench patient and is open (triaged; the coordinator's queue shows it); a few are assigned to the
/// first expert and carry HPO-coded findings (the expert's differential ranks them).
/// </summary>
internal static class LoadSeed
{
    /// <summary>HPO terms of a connective-tissue picture; each expert case takes four of them, so the rankings differ.</summary>
    private static readonly (string Id, string Label)[] Phenotype =
    [
        ("HP:0001166", "Arachnodactyly"), ("HP:0001083", "Ectopia lentis"), ("HP:0002616", "Aortic root aneurysm"),
        ("HP:0001519", "Disproportionate tall stature"), ("HP:0000768", "Pectus carinatum"), ("HP:0002650", "Scoliosis"),
        ("HP:0001382", "Joint hypermobility"), ("HP:0000545", "Myopia"), ("HP:0001634", "Mitral valve prolapse"),
        ("HP:0000974", "Hyperextensible skin"), ("HP:0001250", "Seizure"), ("HP:0000252", "Microcephaly"),
    ];

    /// <summary>Experts in the seeded (synthetic) expert directory.</summary>
    public const int DirectoryExperts = 500;

    /// <summary>The seeded cases arrived over this many hours.</summary>
    public const int QueueHours = 40;

    public static async Task<LoadData> SeedAsync(
        StorageOptions storage, int cases, string patientAccountId, string expertAccountId, string coordinatorActor, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        var bundle = await File.ReadAllBytesAsync(Path.Combine(AppContext.BaseDirectory, "samples", "cancer-surgery-planned.json"), cancellationToken);
        var file = BundleIntake.Read(bundle).CaseFile;
        var now = DateTimeOffset.UtcNow;
        var expertCount = Math.Clamp(cases / 100, 1, 50);
        var documentCount = Math.Clamp(cases / 100, 1, 50);
        // Submitted over the last 40 hours, newest first: a Monday-morning queue, every case within its turnaround commitment
        // (a backlog of overdue cases would have the turnaround timer writing thousands of reminders while the bench measures).
        var spacing = QueueHours * 60.0 / cases;
        var seeded = Enumerable.Range(0, cases)
            .Select(i => Case(now.AddMinutes(-(i * spacing) - 5), i < expertCount ? WithFindings(file, i) : file, patientAccountId, i < expertCount ? expertAccountId : null, coordinatorActor))
            .ToList();

        var app = await OfflineHost.BuildAsync(storage, cancellationToken);
        await using (app)
        {
            var database = app.Services.GetRequiredService<ConsiliumDatabase>();
            // An expert network of realistic size: the coordinator's case page proposes radiologists from it for the re-read triage asks for.
            await new ExpertDirectory(database.CreateDbContext, TimeProvider.System).ImportAsync(new SyntheticNetwork(1, now).Experts(DirectoryExperts), cancellationToken);
            await database.Cases.AddRangeAsync(seeded, progress, cancellationToken: cancellationToken);
            var store = app.Services.GetRequiredService<DocumentStore>();
            var documents = new List<LoadDocument>();
            foreach (var c in seeded.Skip(expertCount).Take(documentCount))
            {
                using var content = new MemoryStream(Letter(c));
                var stored = await store.StoreAsync(new DocumentUpload(c.Id, "discharge-letter.txt", "Bench patient", "text/plain"), content, cancellationToken);
                documents.Add(new LoadDocument(c.Id, stored.Id));
            }
            return new LoadData([.. seeded.Select(c => c.Id)], [.. seeded.Take(expertCount).Select(c => c.Id)], documents, bundle);
        }
    }

    private static SecondOpinionCase Case(DateTimeOffset created, CaseFile file, string patientAccountId, string? expertAccountId, string coordinatorActor)
    {
        var @case = new SecondOpinionCase(Guid.NewGuid(), file, $"Bench patient ({patientAccountId})", created, patientAccountId);
        IntakeSubmission.Send(@case, @case.CreatedBy, created);
        if (expertAccountId is not null)
        {
            @case.AssignExpert(expertAccountId, coordinatorActor, created.AddMinutes(1), "bench: differential diagnosis");
            @case.MoveTo(CaseStatus.InReview, $"Bench expert ({expertAccountId})", created.AddMinutes(2), "The expert started the review");
        }
        return @case;
    }

    private static CaseFile WithFindings(CaseFile file, int i) => file with
    {
        Findings = [.. Enumerable.Range(0, 4).Select(k => Phenotype[(i + (k * 3)) % Phenotype.Length])
            .Select(t => new Finding("Observation/bench-" + t.Id, CodedConcept.Of(CodeSystems.Hpo, t.Id, t.Label)))],
        PatientQuestion = "My hands are long and thin and my eyes are very short-sighted; could this be one condition?",
    };

    private static byte[] Letter(SecondOpinionCase c)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Discharge letter for case {c.Id}\n\n");
        for (var line = 0; line < 200; line++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{line + 1,3}. Findings, treatment and plan as discussed with the patient; follow-up in clinic in six weeks.\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
