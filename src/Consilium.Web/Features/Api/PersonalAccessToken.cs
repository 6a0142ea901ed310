namespace Consilium.Web.Features.Api;

/// <summary>
/// A personal access token for the API, issued by an administrator for one account. Only the SHA-256 of the token is
/// stored; the token itself is shown once, when issued. A revoked or expired token no longer authenticates.
/// </summary>
public sealed class PersonalAccessToken
{
    public Guid Id { get; set; }
    public string UserId { get; set; } = string.Empty;
    public string Name { get; set; } = string.Empty;
    /// <summary>Lower-case hex SHA-256 of the whole token.</summary>
    public string Hash { get; set; } = string.Empty;
    /// <summary>The first characters of the token, so a person can recognise it in a list.</summary>
    public string Prefix { get; set; } = string.Empty;
    public string CreatedBy { get; set; } = string.Empty;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }

    public bool IsActive(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
