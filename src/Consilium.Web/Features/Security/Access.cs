using Consilium.Web.Features.Identity;
using Microsoft.AspNetCore.Authorization;

namespace Consilium.Web.Features.Security;

/// <summary>
/// Who an endpoint is for. Every endpoint the app maps declares exactly one (a page with <see cref="AccessAttribute"/> or
/// <see cref="PublicAttribute"/>, an endpoint with <see cref="AccessEndpointExtensions"/>); the authorization matrix test
/// fails for an endpoint that declares none.
/// </summary>
public enum Audience
{
    /// <summary>Anyone, signed in or not (home, guide, sign-in, health).</summary>
    Anyone,
    /// <summary>Any signed-in account (its own settings).</summary>
    SignedIn,
    Patient,
    Coordinator,
    Expert,
    Admin,
    /// <summary>A party to the case named in the route: its patient, an assigned expert, or a coordinator (checked per case by <see cref="CaseAccessHandler"/>; others get 404).</summary>
    CaseParty,
    /// <summary>Coordinators and administrators: figures across cases (the outcomes dashboard), no single patient's data.</summary>
    Oversight,
}

/// <summary>Declares an endpoint's <see cref="Audience"/> and applies the matching authorization policy.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class AccessAttribute : Attribute, IAuthorizeData
{
    public AccessAttribute(Audience audience)
    {
        if (audience == Audience.Anyone)
        {
            throw new ArgumentException("Use [Public] for endpoints open to anyone.", nameof(audience));
        }
        Audience = audience;
        Policy = Policies.For(audience);
    }

    public Audience Audience { get; }

    /// <summary>For an endpoint about one case (a case id in its route): what it does with the case, which decides who is a party to it.</summary>
    public CaseOperation Operation { get; init; } = CaseOperation.Read;

    /// <summary>True for the JSON API: authenticated by personal access token only (no cookie, 401 rather than a redirect).</summary>
    public bool Api { get; init; }

    public string? Policy { get; set; }

    public string? Roles { get; set; }

    public string? AuthenticationSchemes
    {
        get => Api ? Features.Api.TokenAuthentication.SchemeName : null;
        set { }
    }
}

/// <summary>An endpoint anyone may call.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class PublicAttribute : Attribute, IAllowAnonymous;

/// <summary>Authorization policy names, one per <see cref="Audience"/>.</summary>
public static class Policies
{
    public static string For(Audience audience) => "audience:" + audience;

    public static void Add(AuthorizationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.AddPolicy(For(Audience.SignedIn), p => p.RequireAuthenticatedUser());
        options.AddPolicy(For(Audience.Patient), p => p.RequireRole(ConsiliumRoles.Patient));
        options.AddPolicy(For(Audience.Coordinator), p => p.RequireRole(ConsiliumRoles.Coordinator));
        options.AddPolicy(For(Audience.Expert), p => p.RequireRole(ConsiliumRoles.Expert));
        options.AddPolicy(For(Audience.Admin), p => p.RequireRole(ConsiliumRoles.Admin));
        options.AddPolicy(For(Audience.Oversight), p => p.RequireRole(ConsiliumRoles.Coordinator, ConsiliumRoles.Admin));
        // The per-case decision needs the case; the endpoint asks CaseAccessHandler once it has loaded it.
        options.AddPolicy(For(Audience.CaseParty), p => p.RequireRole(ConsiliumRoles.Patient, ConsiliumRoles.Expert, ConsiliumRoles.Coordinator));
        options.AddPolicy(CaseAccessRequirement.PolicyName, p => p.AddRequirements(new CaseAccessRequirement()));
    }
}

/// <summary>Declaring the audience of minimal-API endpoints.</summary>
public static class AccessEndpointExtensions
{
    public static TBuilder Access<TBuilder>(this TBuilder builder, Audience audience, bool api = false, CaseOperation operation = CaseOperation.Read)
        where TBuilder : IEndpointConventionBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        return audience == Audience.Anyone
            ? builder.WithMetadata(new PublicAttribute())
            : builder.WithMetadata(new AccessAttribute(audience) { Api = api, Operation = operation });
    }
}
