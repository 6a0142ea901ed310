using System.Security.Claims;
using Microsoft.AspNetCore.Identity;

namespace Consilium.Web.Features.Identity;

/// <summary>
/// Coordinators, experts and administrators must sign in with a second factor. One who signed in without it (not yet
/// enrolled) is sent to the enrolment page and can do nothing else until they have set up an authenticator app.
/// </summary>
public static class TwoFactorEnrolment
{
    public const string EnrolPath = "/account/two-factor";

    private static readonly string[] Allowed = [EnrolPath, "/account/logout", "/assets", "/health"];

    public static IApplicationBuilder UseTwoFactorEnrolment(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var user = context.User;
            if (user.Identity is { IsAuthenticated: true, AuthenticationType: var type }
                && type == IdentityConstants.ApplicationScheme
                && !user.UsedTwoFactor()
                && ConsiliumRoles.RequireTwoFactor(user.FindAll(ClaimTypes.Role).Select(c => c.Value))
                && !Allowed.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
            {
                context.Response.Redirect(EnrolPath);
                return;
            }
            await next(context);
        });
}
