using System.Security.Claims;
using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Storage.Cases;
using Consilium.Storage.Messages;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Cases;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Intake;
using Consilium.Web.Features.Mail;
using Microsoft.AspNetCore.Identity;

namespace Consilium.Web.Features.Coordinator;

/// <summary>One line of the coordinator's queue: the case, how old it is, and when it is due against the commitment.</summary>
public sealed record QueueItem(CaseSummary Case, TimeSpan Age, DateTimeOffset Due, bool Late);

/// <summary>One page of the coordinator's queue: its lines, which page it is (from 1), how many pages and open cases there are.</summary>
public sealed record QueuePage(IReadOnlyList<QueueItem> Items, int Page, int Pages, int Total);

/// <summary>
/// The coordinator's work: the queue (by urgency, then age), triage corrections (kept with who and why), requests for
/// information (the patient is told what, by message and mail), and expert assignment.
/// </summary>
public sealed class Coordination(CaseWorkspace workspace, AuditLog audit, UserManager<ConsiliumUser> users, IAccountMail mail, WebOptions options)
{
    /// <summary>What a coordinator is told when the case changed between reading it and acting on it (page and API).</summary>
    public const string ChangedMeanwhile = "Someone else changed this case a moment ago: nothing was changed by you. Reload the case and decide again.";

    private static readonly CaseStatus[] Open =
        [CaseStatus.Submitted, CaseStatus.RecordsReview, CaseStatus.Triaged, CaseStatus.NeedsInformation, CaseStatus.Assigned, CaseStatus.InReview];

    /// <summary>Cases on one page of the queue.</summary>
    public const int QueuePageSize = 50;

    /// <summary>
    /// Page <paramref name="page"/> (from 1) of the open cases, most urgent first, then oldest; with how many open cases there are.
    /// Reads the list columns only, one page at a time (never every case, never the case files).
    /// </summary>
    public async Task<QueuePage> QueueAsync(int page = 1, CancellationToken cancellationToken = default)
    {
        var total = await workspace.Database.Cases.CountAsync(Open, cancellationToken);
        var pages = Math.Max(1, (total + QueuePageSize - 1) / QueuePageSize);
        page = Math.Clamp(page, 1, pages);
        var now = workspace.Time.GetUtcNow();
        var items = (await workspace.Database.Cases.QueueAsync(Open, (page - 1) * QueuePageSize, QueuePageSize, cancellationToken))
            .Select(c =>
            {
                var due = c.CreatedAt + options.TurnaroundFor(c.Urgency);
                return new QueueItem(c, now - c.CreatedAt, due, now > due);
            })
            .ToList();
        return new QueuePage(items, page, pages, total);
    }

    public async Task<IReadOnlyList<ConsiliumUser>> ExpertsAsync() =>
        [.. (await users.GetUsersInRoleAsync(ConsiliumRoles.Expert)).OrderBy(u => u.DisplayName, StringComparer.OrdinalIgnoreCase)];

    /// <summary>Moves a submitted case through records review and triages it (the coordinator confirms the records are there).</summary>
    public async Task TriageAsync(ClaimsPrincipal user, StoredCase stored, CancellationToken cancellationToken = default)
    {
        var c = stored.Case;
        var now = workspace.Time.GetUtcNow();
        if (c.Status == CaseStatus.Submitted)
        {
            c.MoveTo(CaseStatus.RecordsReview, user.Actor(), now, "Records confirmed by the coordinator");
        }
        c.RecordTriage(TriageEngine.Assess(c.File, now), IntakeSubmission.TriageActor, now);
        await workspace.Database.InTransactionAsync(async ct =>
        {
            await workspace.Database.Cases.SaveAsync(c, stored.Version, ct);
            await audit.RecordAsync("triage.run", c.Id, $"Case/{c.Id}", c.Triage?.Summary(), ct);
        }, cancellationToken);
    }

    public async Task CorrectTriageAsync(ClaimsPrincipal user, StoredCase stored, IReadOnlyList<string> situations, Urgency urgency, string why, CancellationToken cancellationToken = default)
    {
        var c = stored.Case;
        var current = c.Triage ?? throw new DomainRuleException("The case has not been triaged yet: triage it before correcting it.");
        if (string.IsNullOrWhiteSpace(why))
        {
            throw new DomainRuleException("Say why the triage is corrected: it is kept with the correction.");
        }
        var actor = user.Actor();
        var corrected = current with
        {
            Situations = [.. situations.Where(SituationCode.IsKnown).Distinct().Select(code =>
                current.Situations.FirstOrDefault(s => s.Code == code) ?? new SituationFinding(code, [], [$"Added by {actor}: {why}"]))],
            Urgency = urgency,
            UrgencyReasons = urgency == current.Urgency ? current.UrgencyReasons : [.. current.UrgencyReasons, $"Set to {urgency.ToString().ToLowerInvariant()} by {actor}: {why}"],
        };
        c.CorrectTriage(corrected, actor, workspace.Time.GetUtcNow(), why.Trim());
        await workspace.Database.InTransactionAsync(async ct =>
        {
            await workspace.Database.Cases.SaveAsync(c, stored.Version, ct);
            await audit.RecordAsync("triage.correct", c.Id, $"Case/{c.Id}", $"{corrected.Summary()} — {why.Trim()}", ct);
        }, cancellationToken);
    }

    public async Task RequestInformationAsync(ClaimsPrincipal user, StoredCase stored, string whatIsMissing, CancellationToken cancellationToken = default)
    {
        var c = stored.Case;
        var now = workspace.Time.GetUtcNow();
        var message = $"We need more information: {whatIsMissing.Trim()}";
        // Checked before anything is written: the case must not move to "information requested" without the message that says what.
        if (message.Length > CaseMessageRegistry.MaxTextLength)
        {
            throw new DomainRuleException($"Say what is missing in at most {CaseMessageRegistry.MaxTextLength - (message.Length - whatIsMissing.Trim().Length)} characters; this is {whatIsMissing.Trim().Length}.");
        }
        c.RequestInformation(whatIsMissing.Trim(), user.Actor(), now);
        var patientEmail = await EmailOfAsync(c.PatientAccountId);
        await workspace.Database.InTransactionAsync(async ct =>
        {
            await workspace.Database.Cases.SaveAsync(c, stored.Version, ct);
            await workspace.Database.Messages.AddAsync(new CaseMessage(Guid.NewGuid(), c.Id, user.AccountId(), $"Coordinator {user.DisplayName()}", now, message), ct);
            await audit.RecordAsync("case.request-information", c.Id, $"Case/{c.Id}", whatIsMissing.Trim(), ct);
            await TellAsync(patientEmail, "We need more information for your second opinion",
                $"The coordinator looking after your case needs more information:\n\n{whatIsMissing.Trim()}\n\nSign in to Consilium and open your case to add it.", ct);
        }, cancellationToken);
    }

    public async Task AssignAsync(ClaimsPrincipal user, StoredCase stored, string expertAccountId, string reason, CancellationToken cancellationToken = default)
    {
        var expert = await users.FindByIdAsync(expertAccountId);
        if (expert is null || !await users.IsInRoleAsync(expert, ConsiliumRoles.Expert))
        {
            throw new DomainRuleException("Choose an expert from the list.");
        }
        var c = stored.Case;
        c.AssignExpert(expert.Id, user.Actor(), workspace.Time.GetUtcNow(), string.IsNullOrWhiteSpace(reason) ? $"{expert.DisplayName}" : $"{expert.DisplayName}: {reason.Trim()}");
        // The assignment, its timeline event, its audit entry and the expert's mail are stored together or not at all.
        await workspace.Database.InTransactionAsync(async ct =>
        {
            await workspace.Database.Cases.SaveAsync(c, stored.Version, ct);
            await audit.RecordAsync("case.assign", c.Id, $"Case/{c.Id}", $"expert {expert.Id} ({expert.DisplayName})", ct);
            await TellAsync(expert.Email, "A case has been assigned to you", $"A second-opinion case has been assigned to you. Sign in to Consilium and open \"My reviews\".", ct);
        }, cancellationToken);
    }

    private async Task<string?> EmailOfAsync(string? accountId) =>
        accountId is not null && await users.FindByIdAsync(accountId) is { Email: { } email } ? email : null;

    private async Task TellAsync(string? email, string subject, string body, CancellationToken cancellationToken)
    {
        if (email is not null)
        {
            await mail.SendAsync(email, subject, body, cancellationToken);
        }
    }
}
