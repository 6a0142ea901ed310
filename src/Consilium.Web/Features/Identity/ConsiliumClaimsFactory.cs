using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Consilium.Web.Features.Identity;

/// <summary>Adds the display name to the signed-in principal, so pages and the audit trail can name the person.</summary>
public sealed class ConsiliumClaimsFactory(UserManager<ConsiliumUser> users, RoleManager<IdentityRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<ConsiliumUser, IdentityRole>(users, roles, options)
{
    public const string DisplayNameClaim = "consilium:display-name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(ConsiliumUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(DisplayNameClaim, string.IsNullOrWhiteSpace(user.DisplayName) ? user.Email ?? user.UserName ?? user.Id : user.DisplayName));
        return identity;
    }
}

/// <summary>Who the signed-in person is, for pages and the audit trail.</summary>
public static class PrincipalExtensions
{
    public static string AccountId(this ClaimsPrincipal user) =>
        user?.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No one is signed in.");

    public static string DisplayName(this ClaimsPrincipal user) =>
        user?.FindFirstValue(ConsiliumClaimsFactory.DisplayNameClaim) ?? user?.Identity?.Name ?? "someone";

    /// <summary>How the audit trail and case timeline name the actor: <c>Display Name (account id)</c>.</summary>
    public static string Actor(this ClaimsPrincipal user) => $"{user.DisplayName()} ({user.AccountId()})";

    /// <summary>Signed in with a second factor in this session.</summary>
    public static bool UsedTwoFactor(this ClaimsPrincipal user) => user?.HasClaim("amr", "mfa") == true;
}
