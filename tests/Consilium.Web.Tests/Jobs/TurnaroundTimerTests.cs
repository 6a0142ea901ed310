using Consilium.Domain.Cases;
using Consilium.Web.Features.Intake;
using Consilium.Web.Features.Jobs;
using Consilium.Web.Features.Mail;
using Consilium.Web.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Consilium.Web.Tests.Jobs;

[Collection(PlatformCollection.Name)]
public sealed class TurnaroundTimerTests(Platform platform)
{
    [Fact]
    public async Task GivenAnAssignedCasePastItsTurnaround_WhenTheTimerChecksTwiceAtOnce_ThenTheExpertAndTheCoordinatorGetOneOverdueMailEach()
    {
        var created = DateTimeOffset.UtcNow.AddDays(-12);
        var form = new IntakeForm
        {
            SurgeryPlanned = true, BirthDate = new DateOnly(1958, 3, 9), Sex = Domain.Cases.AdministrativeSex.Male, Country = "GB",
            Diagnosis = "Lumbar spinal stenosis", ProposedTreatment = "Decompression", TreatmentIsSurgery = true,
            TreatmentDate = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(60)), Question = "Is surgery the right choice?", Consent = true,
        };
        var actor = $"patient A ({platform.PatientA.Id})";
        var c = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), created), actor, created, platform.PatientA.Id);
        IntakeSubmission.Send(c, actor, created.AddMinutes(1));
        c.AssignExpert(platform.ExpertA.Id, "coordinator", created.AddHours(1), "test");
        await platform.Database.Cases.AddAsync(c);

        var timer = platform.App.Services.GetRequiredService<TurnaroundTimer>();
        await Task.WhenAll(timer.RunOnceAsync(), timer.RunOnceAsync());
        await timer.RunOnceAsync();

        var reminders = await platform.Database.TurnaroundReminders.ForCaseAsync(c.Id);
        var overdue = Assert.Single(reminders, r => r.Kind == TurnaroundTimer.Overdue);
        Assert.Equal(2, overdue.Recipients);
        Assert.Equal(0, Assert.Single(reminders, r => r.Kind == TurnaroundTimer.DueSoon).Recipients); // found late: the overdue notice alone

        var reference = c.Id.ToString("N")[..8];
        var folder = Path.Combine(platform.DataDirectory, "mail");
        IReadOnlyList<string> mails = [];
        for (var i = 0; i < 100 && mails.Count < 2; i++)
        {
            await Task.Delay(100);
            mails = Directory.Exists(folder)
                ? [.. Directory.EnumerateFiles(folder, "*.eml").Select(File.ReadAllText).Where(t => t.Contains($"Case {reference} is past its turnaround", StringComparison.Ordinal))]
                : [];
        }
        Assert.Single(mails, m => m.Contains("To: " + platform.ExpertA.Email, StringComparison.Ordinal));
        Assert.Single(mails, m => m.Contains("To: " + platform.Coordinator.Email, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.DoesNotContain("stenosis", m, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task GivenAnOutboxMailAlreadyDelivered_WhenItIsDeliveredAgainAfterACrash_ThenThereIsStillOneFile()
    {
        var folder = Path.Combine(Path.GetTempPath(), "consilium-maildrop-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            var drop = new MailDrop(folder, TimeProvider.System);
            var enqueued = DateTimeOffset.UtcNow;
            var first = await drop.WriteAsync("someone@example.org", "Hello", "Body", 42, enqueued);
            var again = await drop.WriteAsync("someone@example.org", "Hello", "Body", 42, enqueued);
            await drop.WriteAsync("someone@example.org", "Hello", "Body", 43, enqueued);

            Assert.Equal(first, again);
            Assert.Equal(2, Directory.EnumerateFiles(folder).Count());
            Assert.Contains("X-Consilium-Outbox-Id: 42", await File.ReadAllTextAsync(first), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
