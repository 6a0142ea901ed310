using Microsoft.AspNetCore.Identity;

namespace Consilium.Web.Features.Identity;

/// <summary>
/// Accounts set up by the operator's tools rather than by registration (demo data, benchmarks): confirmed, in a role and, for
/// clinicians, with an authenticator. Idempotent: an existing account keeps its authenticator secret.
/// </summary>
public static class PresetAccounts
{
    /// <summary>The account for <paramref name="email"/> (created when missing) and its authenticator secret (clinicians).</summary>
    public static async Task<(ConsiliumUser User, string? TotpSecret)> EnsureAsync(
        UserManager<ConsiliumUser> users, string role, string email, string name, string password, bool twoFactor, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(users);
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new ConsiliumUser { UserName = email, Email = email, EmailConfirmed = true, DisplayName = name, CreatedAt = now };
            Check(await users.CreateAsync(user, password), email);
        }
        if (!await users.IsInRoleAsync(user, role))
        {
            Check(await users.AddToRoleAsync(user, role), email);
        }
        string? secret = null;
        if (twoFactor)
        {
            secret = await users.GetAuthenticatorKeyAsync(user);
            if (string.IsNullOrEmpty(secret))
            {
                Check(await users.ResetAuthenticatorKeyAsync(user), email);
                secret = await users.GetAuthenticatorKeyAsync(user);
            }
            if (!user.TwoFactorEnabled)
            {
                Check(await users.SetTwoFactorEnabledAsync(user, true), email);
            }
        }
        return (user, secret);
    }

    private static void Check(IdentityResult result, string email)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not set up the account {email}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
