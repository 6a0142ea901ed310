using System.Text;
using Consilium.Web.Features.Mail;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;

namespace Consilium.Web.Features.Identity;

/// <summary>The account mails: confirm your address, reset your password.</summary>
public static class AccountMessages
{
    public static async Task SendConfirmationAsync(UserManager<ConsiliumUser> users, IAccountMail mail, ConsiliumUser user, string baseUri)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(user);
        var token = await users.GenerateEmailConfirmationTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var link = $"{baseUri.TrimEnd('/')}/account/confirm-email?userId={Uri.EscapeDataString(user.Id)}&code={code}";
        await mail.SendAsync(user.Email!, "Confirm your email address for Consilium",
            $"Hello {user.DisplayName},\n\nPlease confirm your email address by opening this link:\n\n{link}\n\nIf you did not create a Consilium account, you can ignore this mail.\n");
    }

    public static async Task SendPasswordResetAsync(UserManager<ConsiliumUser> users, IAccountMail mail, ConsiliumUser user, string baseUri)
    {
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(mail);
        ArgumentNullException.ThrowIfNull(user);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var code = WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes(token));
        var link = $"{baseUri.TrimEnd('/')}/account/reset-password?email={Uri.EscapeDataString(user.Email!)}&code={code}";
        await mail.SendAsync(user.Email!, "Reset your Consilium password",
            $"Hello {user.DisplayName},\n\nTo choose a new password, open this link:\n\n{link}\n\nIf you did not ask for this, you can ignore this mail; your password has not changed.\n");
    }

    public static string? DecodeCode(string? code)
    {
        if (string.IsNullOrEmpty(code))
        {
            return null;
        }
        try
        {
            return Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(code));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
