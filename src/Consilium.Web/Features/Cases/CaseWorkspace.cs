using System.Security.Claims;
using Consilium.Domain.Cases;
using Consilium.Storage.Cases;
using Consilium.Storage.Database;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Security;
using Microsoft.AspNetCore.Authorization;

namespace Consilium.Web.Features.Cases;

/// <summary>
/// Opens a case for someone: loads it, asks the one <see cref="CaseAccessRequirement"/> policy whether they may do
/// <see cref="CaseOperation"/> with it, and records the access in the audit trail. Null means "show 404": the case does
/// not exist or this person may not see it (the two are indistinguishable on purpose).
/// </summary>
public sealed class CaseWorkspace(ConsiliumDatabase database, IAuthorizationService authorization, AuditLog audit, TimeProvider time)
{
    public ConsiliumDatabase Database => database;

    public TimeProvider Time => time;

    public async Task<StoredCase?> OpenAsync(ClaimsPrincipal user, Guid id, CaseOperation operation, string? auditAction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(user);
        var stored = await database.Cases.GetStoredAsync(id, cancellationToken);
        if (stored is null)
        {
            return null;
        }
        if (!(await authorization.AuthorizeAsync(user, new CaseAccessResource(stored.Case, operation), CaseAccessRequirement.PolicyName)).Succeeded)
        {
            await audit.RecordAsync("case.access-denied", id, $"Case/{id}", $"{operation} refused");
            return null;
        }
        if (auditAction is not null)
        {
            await audit.RecordAsync(auditAction, id, $"Case/{id}");
        }
        return stored;
    }

    /// <summary>Whether <paramref name="user"/> may do <paramref name="operation"/> with an already-opened case (no audit entry).</summary>
    public async Task<bool> MayAsync(ClaimsPrincipal user, SecondOpinionCase @case, CaseOperation operation) =>
        (await authorization.AuthorizeAsync(user, new CaseAccessResource(@case, operation), CaseAccessRequirement.PolicyName)).Succeeded;
}
