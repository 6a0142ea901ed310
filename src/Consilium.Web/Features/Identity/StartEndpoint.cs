using Consilium.Web.Features.Security;

namespace Consilium.Web.Features.Identity;

/// <summary><c>/start</c>: where a signed-in person begins, by role.</summary>
public static class StartEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(LocalUrl.Start, (HttpContext context) =>
        {
            var user = context.User;
            var target = user.IsInRole(ConsiliumRoles.Coordinator) ? "/coordinator"
                : user.IsInRole(ConsiliumRoles.Expert) ? "/expert"
                : user.IsInRole(ConsiliumRoles.Patient) ? "/cases"
                : user.IsInRole(ConsiliumRoles.Admin) ? "/admin/audit"
                : "/";
            return Results.Redirect(target);
        }).Access(Audience.SignedIn).ExcludeFromDescription();
}
