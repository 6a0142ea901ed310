namespace Consilium.Web.Features.Imaging;

/// <summary>The imaging feature's services: options, the private archive (started with the host), the forwarder, the re-read desk.</summary>
public static class ImagingRegistration
{
    public static void AddImaging(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IConfiguration>().GetSection(ImagingOptions.SectionName).Get<ImagingOptions>() ?? new ImagingOptions());
        services.AddSingleton<ImagingArchive>();
        services.AddHostedService(sp => sp.GetRequiredService<ImagingArchive>());
        services.AddHttpForwarder();
        services.AddScoped<RereadDesk>();
    }
}
