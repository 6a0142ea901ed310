using System.Globalization;
using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Storage.Database;
using Consilium.Storage.Jobs;
using Consilium.Storage.Outbox;
using Consilium.Web.Features.Identity;
using Microsoft.AspNetCore.Identity;

namespace Consilium.Web.Features.Jobs;

/// <summary>
/// The turnaround clock of open cases (due = created + the committed turnaround for its urgency, as on the coordinator's
/// queue). Once per case: a "due soon" reminder to the assigned experts <see cref="WebOptions.TurnaroundReminderHours"/>
/// before the due time, and an "overdue" notice to the coordinators and the assigned experts when it has passed. The mails
/// carry no clinical content, only the case link. One node runs the check at a time (a database lease); each reminder is
/// recorded with its mail in one transaction, so it is sent exactly once even when nodes race or crash.
/// </summary>
public sealed class TurnaroundTimer(ConsiliumDatabase database, IServiceScopeFactory scopes, WebOptions options, TimeProvider time, ILogger<TurnaroundTimer> log)
    : BackgroundService
{
    public const string Job = "turnaround-timer";
    public const string DueSoon = "due-soon";
    public const string Overdue = "overdue";

    private static readonly CaseStatus[] UnderReview = [CaseStatus.Assigned, CaseStatus.InReview];
    private static readonly CaseStatus[] Open =
        [CaseStatus.Submitted, CaseStatus.RecordsReview, CaseStatus.Triaged, CaseStatus.NeedsInformation, CaseStatus.Assigned, CaseStatus.InReview];

    private readonly string _worker = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>One check, if this node holds (or can take) the lease; returns how many reminders it recorded.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken = default)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.TurnaroundCheckSeconds));
        if (!await database.JobLeases.TryAcquireAsync(Job, _worker, interval * 3, cancellationToken))
        {
            return 0;
        }
        var now = time.GetUtcNow();
        var window = TimeSpan.FromHours(Math.Max(0, options.TurnaroundReminderHours));
        var recorded = 0;
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ConsiliumUser>>();
        foreach (var expedited in new[] { false, true })
        {
            var turnaround = options.TurnaroundFor(expedited ? Urgency.Expedited : Urgency.Standard);
            foreach (var c in await database.TurnaroundReminders.DueAsync(DueSoon, UnderReview, expedited, now - (turnaround - window), ct: cancellationToken))
            {
                var due = c.CreatedAt + turnaround;
                // A case found only after it is already overdue gets the overdue notice alone.
                var mails = now >= due ? [] : await MailsAsync(users, c, due, coordinators: false, cancellationToken);
                recorded += await database.TurnaroundReminders.RecordAsync(c.CaseId, DueSoon, mails, cancellationToken) ? 1 : 0;
            }
            foreach (var c in await database.TurnaroundReminders.DueAsync(Overdue, Open, expedited, now - turnaround, ct: cancellationToken))
            {
                var mails = await MailsAsync(users, c, c.CreatedAt + turnaround, coordinators: true, cancellationToken);
                recorded += await database.TurnaroundReminders.RecordAsync(c.CaseId, Overdue, mails, cancellationToken) ? 1 : 0;
            }
        }
        return recorded;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, options.TurnaroundCheckSeconds));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var recorded = await RunOnceAsync(stoppingToken);
                if (recorded > 0)
                {
                    log.LogInformation("Turnaround timer: {Count} reminder(s) queued", recorded);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // a failed round is logged and retried on the next tick; nothing was recorded without its mail
            catch (Exception e)
#pragma warning restore CA1031
            {
                log.LogWarning(e, "Turnaround check failed; retrying");
            }
            try
            {
                await Task.Delay(interval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        try
        {
            await database.JobLeases.ReleaseAsync(Job, _worker, CancellationToken.None);
        }
#pragma warning disable CA1031 // shutting down: the lease lapses by itself when the release fails
        catch (Exception e)
#pragma warning restore CA1031
        {
            log.LogDebug(e, "Could not release the turnaround lease");
        }
    }

    private static async Task<IReadOnlyList<OutboxMail>> MailsAsync(
        UserManager<ConsiliumUser> users, ReminderCandidate c, DateTimeOffset due, bool coordinators, CancellationToken cancellationToken)
    {
        var recipients = new List<string>();
        foreach (var id in c.AssignedExperts)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await users.FindByIdAsync(id) is { Email: { Length: > 0 } email })
            {
                recipients.Add(email);
            }
        }
        if (coordinators)
        {
            recipients.AddRange((await users.GetUsersInRoleAsync(ConsiliumRoles.Coordinator)).Select(u => u.Email).OfType<string>());
        }
        var dueText = due.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var reference = c.CaseId.ToString("N")[..8];
        var (subject, body) = coordinators
            ? ($"Case {reference} is past its turnaround (due {dueText})",
               $"The second opinion for case {reference} was due {dueText} and has not been delivered.\n\nOpen the case: /cases/{c.CaseId}\n")
            : ($"Case {reference}: the opinion is due {dueText}",
               $"The second opinion for case {reference}, assigned to you, is due {dueText}.\n\nOpen the case: /expert/cases/{c.CaseId}\n");
        return [.. recipients.Distinct(StringComparer.OrdinalIgnoreCase).Select(to => new OutboxMail(to, subject, body))];
    }
}
