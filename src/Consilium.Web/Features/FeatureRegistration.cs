using Consilium.Storage.Configuration;
using Consilium.Storage.Database;
using Consilium.Storage.Documents;

namespace Consilium.Web.Features;

/// <summary>The services and endpoints of every feature folder, registered in one place.</summary>
public static class FeatureRegistration
{
    public static IServiceCollection AddConsiliumFeatures(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var web = sp.GetRequiredService<WebOptions>();
            var storage = sp.GetRequiredService<StorageOptions>();
            return new Mail.MailDrop(web.MailDirectory ?? Path.Combine(storage.DataDirectory, "mail"), sp.GetRequiredService<TimeProvider>());
        });
        services.AddSingleton<Mail.IAccountMail, Mail.OutboxAccountMail>();
        services.AddSingleton<Mail.MailDropDelivery>();
        services.AddHostedService(sp => sp.GetRequiredService<Mail.MailDropDelivery>());
        services.AddSingleton<Jobs.TurnaroundTimer>();
        services.AddHostedService(sp => sp.GetRequiredService<Jobs.TurnaroundTimer>());

        services.AddSingleton<IDocumentKeyProtector, Documents.DataProtectionKeyProtector>();
        services.AddSingleton(sp =>
        {
            var web = sp.GetRequiredService<WebOptions>();
            var storage = sp.GetRequiredService<StorageOptions>();
            var options = DocumentStoreOptions.ForDataDirectory(storage.DataDirectory);
            options.MaxBytes = web.MaxUploadBytes;
            return sp.GetRequiredService<ConsiliumDatabase>().Documents(sp.GetRequiredService<IDocumentKeyProtector>(), options);
        });

        services.AddSingleton<Documents.DocumentLeftovers>();
        services.AddHostedService(sp => sp.GetRequiredService<Documents.DocumentLeftovers>());

        services.AddSingleton<Audit.AuditLog>();
        services.AddScoped<Cases.CaseWorkspace>();
        services.AddScoped<Intake.IntakeSubmission>();
        services.AddScoped<Coordinator.Coordination>();
        services.AddScoped<Expert.OpinionDesk>();
        services.AddScoped<Expert.BoardDesk>();
        Reports.ReportRegistration.Add(services);
        services.AddSingleton<Outcomes.IRereadScores, Outcomes.StoredRereadScores>();
        Imaging.ImagingRegistration.AddImaging(services);
        return services;
    }

    public static IEndpointRouteBuilder MapConsiliumEndpoints(this IEndpointRouteBuilder endpoints)
    {
        Identity.AccountEndpoints.Map(endpoints);
        Identity.StartEndpoint.Map(endpoints);
        Documents.DocumentEndpoints.Map(endpoints);
        Api.ApiEndpoints.Map(endpoints);
        Reports.ReportEndpoints.Map(endpoints);
        Outcomes.OutcomeEndpoints.Map(endpoints);
        Imaging.ImagingEndpoints.Map(endpoints);
        return endpoints;
    }
}
