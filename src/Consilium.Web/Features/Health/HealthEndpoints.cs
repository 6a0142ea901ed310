using Consilium.Storage.Database;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Security;
using Microsoft.EntityFrameworkCore;

namespace Consilium.Web.Features.Health;

/// <summary>
/// <c>/health/live</c>: the process answers. <c>/health/ready</c>: the database answers and every migration (cases and
/// identity) is applied; 503 with the reason otherwise. Neither says anything about patients.
/// </summary>
public static class HealthEndpoints
{
    public static void MapHealthEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var health = endpoints.MapGroup("/health").ExcludeFromDescription();
        health.MapGet("/live", () => Results.Text("live", "text/plain")).Access(Audience.Anyone);
        health.MapGet("/ready", async (ConsiliumDatabase database, IDbContextFactory<IdentityStore> identity, CancellationToken cancellationToken) =>
        {
            var problem = await WhyNotReadyAsync(database, identity, cancellationToken);
            return problem is null
                ? Results.Text("ready", "text/plain")
                : Results.Text("not ready: " + problem, "text/plain", statusCode: StatusCodes.Status503ServiceUnavailable);
        }).Access(Audience.Anyone);
    }

    public static async Task<string?> WhyNotReadyAsync(ConsiliumDatabase database, IDbContextFactory<IdentityStore> identity, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(identity);
        try
        {
            var pending = await database.GetPendingMigrationsAsync(cancellationToken);
            if (pending.Count > 0)
            {
                return $"{pending.Count} case-store migration(s) not applied";
            }
            await using var db = await identity.CreateDbContextAsync(cancellationToken);
            var identityPending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).Count();
            if (identityPending > 0)
            {
                return $"{identityPending} identity migration(s) not applied";
            }
            return await db.Database.CanConnectAsync(cancellationToken) ? null : "the database does not answer";
        }
#pragma warning disable CA1031 // readiness reports any failure to reach the database as "not ready", never a 500
        catch (Exception e)
#pragma warning restore CA1031
        {
            return $"the database does not answer ({e.GetType().Name})";
        }
    }
}
