using System.Security.Claims;
using Consilium.Domain.Cases;
using Consilium.Web.Features.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Consilium.Web.Features.Security;

/// <summary>What a party may do with a case.</summary>
public enum CaseOperation
{
    /// <summary>Read the case file, triage, documents, messages, the opinion.</summary>
    Read,
    /// <summary>Change it as its patient (intake, uploads, answers, messages).</summary>
    ChangeAsPatient,
    /// <summary>Route it (triage correction, request information, assign).</summary>
    Coordinate,
    /// <summary>Write and sign the opinion.</summary>
    Review,
    /// <summary>Add records or imaging: its patient, or a coordinator on their behalf.</summary>
    AddRecords,
}

/// <summary>The one case-access rule, used by pages and the API alike (policy <see cref="PolicyName"/>).</summary>
public sealed class CaseAccessRequirement : IAuthorizationRequirement
{
    public const string PolicyName = "case-access";
}

/// <summary>The resource a <see cref="CaseAccessRequirement"/> is checked against.</summary>
public sealed record CaseAccessResource(SecondOpinionCase Case, CaseOperation Operation);

/// <summary>
/// A patient reaches only the cases they own; an expert only cases assigned to them (and may review them); a coordinator
/// every case (and may coordinate it); an administrator nothing clinical unless also a coordinator.
/// </summary>
public sealed class CaseAccessHandler : AuthorizationHandler<CaseAccessRequirement, CaseAccessResource>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, CaseAccessRequirement requirement, CaseAccessResource resource)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(resource);
        if (Allows(context.User, resource.Case, resource.Operation))
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }

    public static bool Allows(ClaimsPrincipal user, SecondOpinionCase @case, CaseOperation operation)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(@case);
        if (user.Identity?.IsAuthenticated != true || user.FindFirstValue(ClaimTypes.NameIdentifier) is not { Length: > 0 } id)
        {
            return false;
        }
        var owner = user.IsInRole(ConsiliumRoles.Patient) && string.Equals(@case.PatientAccountId, id, StringComparison.Ordinal);
        var assigned = user.IsInRole(ConsiliumRoles.Expert) && @case.IsAssignedTo(id);
        var coordinator = user.IsInRole(ConsiliumRoles.Coordinator);
        return operation switch
        {
            CaseOperation.Read => owner || assigned || coordinator,
            CaseOperation.ChangeAsPatient => owner,
            CaseOperation.Coordinate => coordinator,
            CaseOperation.Review => assigned,
            CaseOperation.AddRecords => owner || coordinator,
            _ => false,
        };
    }
}
