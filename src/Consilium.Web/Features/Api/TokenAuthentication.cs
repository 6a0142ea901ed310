using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using Consilium.Web.Features.Identity;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Consilium.Web.Features.Api;

/// <summary>
/// <c>Authorization: Bearer csl_...</c> with a personal access token. The API's only scheme: an unauthenticated call
/// gets 401 with a problem-details body, never a redirect to the sign-in page.
/// </summary>
public sealed class TokenAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    PersonalAccessTokens tokens,
    UserManager<ConsiliumUser> users,
    IUserClaimsPrincipalFactory<ConsiliumUser> principals)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "Token";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header) || !header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var userId = await tokens.ValidateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (userId is null || await users.FindByIdAsync(userId) is not { } user || await users.IsLockedOutAsync(user))
        {
            return AuthenticateResult.Fail("The access token is not valid (unknown, revoked or expired).");
        }
        var principal = await principals.CreateAsync(user);
        var identity = new ClaimsIdentity(principal.Claims, SchemeName, ClaimTypes.Name, ClaimTypes.Role);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Results.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Authentication required",
            detail: "Send a personal access token: Authorization: Bearer <token>. An administrator issues tokens.").ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Not allowed",
            detail: "This account's role may not call this endpoint.").ExecuteAsync(Context);
    }
}

/// <summary>Issues, validates, lists and revokes personal access tokens; stores only their SHA-256.</summary>
public sealed class PersonalAccessTokens(IDbContextFactory<IdentityStore> stores, TimeProvider time)
{
    public const string TokenPrefix = "csl_";

    /// <summary>Issues a token for <paramref name="userId"/>; the returned token is the only time it is seen.</summary>
    public async Task<(PersonalAccessToken Record, string Token)> IssueAsync(string userId, string name, string issuedBy, TimeSpan? lifetime, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        var token = TokenPrefix + Base64Url(RandomNumberGenerator.GetBytes(32));
        var now = time.GetUtcNow();
        var record = new PersonalAccessToken
        {
            Id = Guid.NewGuid(),
            UserId = userId,
            Name = name.Trim(),
            Hash = Hash(token),
            Prefix = token[..10],
            CreatedBy = issuedBy,
            CreatedAt = now,
            ExpiresAt = lifetime is { } l ? now + l : null,
        };
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        db.PersonalAccessTokens.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        return (record, token);
    }

    /// <summary>The account the token belongs to, or null when it is unknown, revoked or expired.</summary>
    public async Task<string?> ValidateAsync(string token, CancellationToken cancellationToken = default)
    {
        if (!token.StartsWith(TokenPrefix, StringComparison.Ordinal) || token.Length > 200)
        {
            return null;
        }
        var hash = Hash(token);
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var record = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Hash == hash, cancellationToken);
        var now = time.GetUtcNow();
        if (record is null || !record.IsActive(now))
        {
            return null;
        }
        record.LastUsedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        return record.UserId;
    }

    public async Task<IReadOnlyList<PersonalAccessToken>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var all = await db.PersonalAccessTokens.AsNoTracking().ToListAsync(cancellationToken);
        return [.. all.OrderByDescending(t => t.CreatedAt)];
    }

    /// <summary>Revokes a token; false when there is no such token or it was already revoked.</summary>
    public async Task<bool> RevokeAsync(Guid id, CancellationToken cancellationToken = default)
    {
        await using var db = await stores.CreateDbContextAsync(cancellationToken);
        var record = await db.PersonalAccessTokens.SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
        if (record is null || record.RevokedAt is not null)
        {
            return false;
        }
        record.RevokedAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    internal static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
