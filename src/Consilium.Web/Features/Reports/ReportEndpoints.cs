using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Cases;
using Consilium.Web.Features.Security;

namespace Consilium.Web.Features.Reports;

/// <summary>Where the report files are configured: <c>Consilium:Reports:FontDirectory</c> (DejaVu Sans; default: the usual font directories).</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Consilium:Reports";

    public string? FontDirectory { get; set; }
}

/// <summary>
/// The delivered opinion as a PDF and as a FHIR R4 document: under <c>/api</c> (personal access tokens) and under <c>/cases</c> (the
/// signed-in patient's download), with the same per-case access rule and an audit entry for each download.
/// </summary>
public static class ReportEndpoints
{
    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Cases");
        api.MapGet("/cases/{caseId:guid}/opinion.pdf", PdfAsync).Access(Audience.CaseParty, api: true)
            .WithSummary("The delivered opinion as a PDF (clinician report, patient summary, signatures)")
            .Produces(StatusCodes.Status200OK, contentType: "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound);
        api.MapGet("/cases/{caseId:guid}/opinion.fhir.json", FhirAsync).Access(Audience.CaseParty, api: true)
            .WithSummary("The delivered opinion as a FHIR R4 document Bundle")
            .Produces(StatusCodes.Status200OK, contentType: "application/fhir+json")
            .ProducesProblem(StatusCodes.Status404NotFound);
        endpoints.MapGet("/cases/{caseId:guid}/opinion.pdf", PdfAsync).Access(Audience.CaseParty).ExcludeFromDescription();
        endpoints.MapGet("/cases/{caseId:guid}/opinion.fhir.json", FhirAsync).Access(Audience.CaseParty).ExcludeFromDescription();
    }

    private static async Task<IResult> PdfAsync(Guid caseId, HttpContext context, CaseWorkspace workspace, AuditLog audit, AccountNames names, ReportOptions options, CancellationToken ct)
    {
        if (await OpenAsync(caseId, context, workspace, names, ct) is not { } delivered)
        {
            return NoOpinion();
        }
        byte[] pdf;
        try
        {
            pdf = delivered.Pdf(options.FontDirectory);
        }
        catch (ReportFontsMissingException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "The PDF cannot be made on this server", detail: e.Message);
        }
        await audit.RecordAsync("opinion.pdf", caseId, $"Opinion/{delivered.Opinion.Id}", $"version {delivered.Report.Current.Number}", ct);
        return Results.File(pdf, "application/pdf", $"{caseId}.pdf");
    }

    private static async Task<IResult> FhirAsync(Guid caseId, HttpContext context, CaseWorkspace workspace, AuditLog audit, AccountNames names, CancellationToken ct)
    {
        if (await OpenAsync(caseId, context, workspace, names, ct) is not { } delivered)
        {
            return NoOpinion();
        }
        await audit.RecordAsync("opinion.fhir", caseId, $"Opinion/{delivered.Opinion.Id}", $"version {delivered.Report.Current.Number}", ct);
        return Results.Text(delivered.FhirJson(), "application/fhir+json", System.Text.Encoding.UTF8);
    }

    private static async Task<DeliveredOpinion?> OpenAsync(Guid caseId, HttpContext context, CaseWorkspace workspace, AccountNames names, CancellationToken ct) =>
        await workspace.OpenAsync(context.User, caseId, CaseOperation.Read, auditAction: null, ct) is { } stored
            ? await DeliveredOpinions.ForCaseAsync(workspace.Database, stored.Case, names, ct)
            : null;

    private static IResult NoOpinion() =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No opinion", detail: "There is no such case, or no opinion has been delivered on it yet.");
}

/// <summary>The services of reports and follow-up (config <c>Consilium:Reports:FontDirectory</c>, <c>Consilium:FollowUp:WindowDays</c>).</summary>
public static class ReportRegistration
{
    public static void Add(IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = new ReportOptions();
            sp.GetRequiredService<IConfiguration>().GetSection(ReportOptions.SectionName).Bind(options);
            return options;
        });
        services.AddSingleton(sp => new Domain.Opinions.FollowUpPolicy(
            sp.GetRequiredService<IConfiguration>().GetValue("Consilium:FollowUp:WindowDays", Domain.Opinions.FollowUpPolicy.DefaultWindowDays)));
        services.AddScoped<Cases.FollowUpDesk>();
        services.AddSingleton(sp => new AccountNames(sp.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Identity.IdentityStore>>().CreateDbContext));
    }
}
