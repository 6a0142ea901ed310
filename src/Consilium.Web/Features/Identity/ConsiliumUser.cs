using Microsoft.AspNetCore.Identity;

namespace Consilium.Web.Features.Identity;

/// <summary>A person with an account: patient, coordinator, expert or administrator (roles say which).</summary>
public sealed class ConsiliumUser : IdentityUser
{
    /// <summary>The name shown to the care team and in the audit trail.</summary>
    public string DisplayName { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }
}
