using Consilium.Storage.Audit;
using Consilium.Storage.Database;
using Consilium.Web.Features.Identity;

namespace Consilium.Web.Features.Audit;

/// <summary>
/// Records who did what to which case, from where, in the hash-chained audit trail. Every view, download, change and
/// sign-off of patient data goes through here (actions: <c>case.view</c>, <c>document.download</c>, <c>opinion.sign</c>, ...).
/// </summary>
public sealed class AuditLog(ConsiliumDatabase database, IHttpContextAccessor http)
{
    public async Task RecordAsync(string action, Guid? caseId, string resource, string? detail = null, CancellationToken cancellationToken = default)
    {
        var context = http.HttpContext;
        var user = context?.User;
        var actor = user?.Identity?.IsAuthenticated == true ? user.Actor() : "anonymous";
        var address = context?.Connection.RemoteIpAddress?.ToString();
        await database.Audit.AppendAsync(new AuditEvent(actor, action, caseId, resource, detail, address), cancellationToken);
    }

    /// <summary>Records as the system (background work, demo seeding).</summary>
    public Task RecordSystemAsync(string action, Guid? caseId, string resource, string? detail = null, CancellationToken cancellationToken = default) =>
        database.Audit.AppendAsync(new AuditEvent("system", action, caseId, resource, detail, null), cancellationToken);
}
