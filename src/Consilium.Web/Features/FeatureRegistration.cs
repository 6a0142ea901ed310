namespace Consilium.Web.Features;

/// <summary>The services and endpoints of every feature folder, registered in one place.</summary>
public static class FeatureRegistration
{
    public static IServiceCollection AddConsiliumFeatures(this IServiceCollection services)
    {
        return services;
    }

    public static IEndpointRouteBuilder MapConsiliumEndpoints(this IEndpointRouteBuilder endpoints)
    {
        Identity.AccountEndpoints.Map(endpoints);
        return endpoints;
    }
}
