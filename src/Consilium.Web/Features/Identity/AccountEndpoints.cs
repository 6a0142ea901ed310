using Consilium.Web.Features.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;

namespace Consilium.Web.Features.Identity;

/// <summary>Account actions that are not pages: sign out.</summary>
public static class AccountEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/account/logout", async (HttpContext context, IAntiforgery antiforgery, SignInManager<ConsiliumUser> signIn) =>
        {
            if (!await Forms.IsValidAsync(context, antiforgery))
            {
                return Forms.AntiforgeryProblem();
            }
            await signIn.SignOutAsync();
            return Results.Redirect("/");
        }).Access(Audience.SignedIn).ExcludeFromDescription();
    }
}
