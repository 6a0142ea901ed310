using System.Security.Claims;
using Consilium.Domain.Cases;
using Consilium.Domain.Triage;
using Consilium.Storage.Cases;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Cases;
using Consilium.Web.Features.Identity;

namespace Consilium.Web.Features.Intake;

/// <summary>What happened to a wizard step: where to go next, or what is wrong.</summary>
public sealed record StepResult(string? Next, string? Error, IReadOnlyList<string> Missing)
{
    public static StepResult GoTo(string next) => new(next, null, []);
}

/// <summary>
/// Saves the intake wizard's steps into a Draft case (resumable), and sends it: Draft → Submitted → RecordsReview →
/// Triaged with <see cref="TriageEngine"/> (or resumes a case that waited for information).
/// </summary>
public sealed class IntakeSubmission(CaseWorkspace workspace, AuditLog audit)
{
    public const string TriageActor = "Consilium triage";

    public async Task<StepResult> SaveStepAsync(ClaimsPrincipal user, StoredCase? stored, int step, IntakeForm posted, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(posted);
        var now = workspace.Time.GetUtcNow();
        var cases = workspace.Database.Cases;
        if (stored is null)
        {
            var form = new IntakeForm();
            form.CopyStep(1, posted);
            var created = new SecondOpinionCase(Guid.NewGuid(), form.ApplyTo(new CaseFile(), now), user.Actor(), now, user.AccountId());
            await workspace.Database.InTransactionAsync(async ct =>
            {
                await cases.AddAsync(created, ct);
                await audit.RecordAsync("case.create", created.Id, $"Case/{created.Id}", "intake started", ct);
            }, cancellationToken);
            return StepResult.GoTo($"/intake/{created.Id}/2");
        }

        var @case = stored.Case;
        var answers = IntakeForm.From(@case.File);
        answers.CopyStep(step, posted);
        try
        {
            @case.ReviseFile(answers.ApplyTo(@case.File, now));
            if (step < 3)
            {
                await workspace.Database.InTransactionAsync(async ct =>
                {
                    await cases.SaveAsync(@case, stored.Version, ct);
                    await audit.RecordAsync("case.update", @case.Id, $"Case/{@case.Id}", $"intake step {step}", ct);
                }, cancellationToken);
                return StepResult.GoTo($"/intake/{@case.Id}/{step + 1}");
            }
            var missing = answers.MissingForSubmission();
            if (missing.Count > 0)
            {
                await cases.SaveAsync(@case, stored.Version, cancellationToken);
                return new StepResult(null, "Your answers are saved, but the case is not sent yet.", missing);
            }
            Send(@case, user.Actor(), now);
            await workspace.Database.InTransactionAsync(async ct =>
            {
                await cases.SaveAsync(@case, stored.Version, ct);
                await audit.RecordAsync("case.submit", @case.Id, $"Case/{@case.Id}", @case.Triage?.Summary(), ct);
            }, cancellationToken);
            return StepResult.GoTo($"/cases/{@case.Id}?sent=1");
        }
        catch (CaseConcurrencyException)
        {
            return new StepResult(null, "Your case was changed in another window. Reload the page and try again.", []);
        }
        catch (DomainRuleException e)
        {
            return new StepResult(null, e.Message, []);
        }
    }

    /// <summary>Sends a draft (or a case that waited for information) on its way, triaging it when it reaches records review.</summary>
    public static void Send(SecondOpinionCase @case, string actor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(@case);
        const string consent = "the patient consented to share their records with the reviewing experts";
        if (@case.Status == CaseStatus.Draft)
        {
            @case.MoveTo(CaseStatus.Submitted, actor, now, $"Sent by the patient; {consent}");
        }
        else if (@case.Status == CaseStatus.NeedsInformation && @case.ResumesTo is { } resume)
        {
            @case.MoveTo(resume, actor, now, $"The patient added the information asked for; {consent}");
        }
        if (@case.Status == CaseStatus.Submitted)
        {
            @case.MoveTo(CaseStatus.RecordsReview, TriageActor, now, "Records received");
        }
        if (@case.Status == CaseStatus.RecordsReview)
        {
            @case.RecordTriage(TriageEngine.Assess(@case.File, now), TriageActor, now);
        }
    }
}
