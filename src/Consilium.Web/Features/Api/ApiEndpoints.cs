using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;
using Consilium.Fhir.Intake;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Cases;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Intake;
using Consilium.Web.Features.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Consilium.Web.Features.Api;

/// <summary>A case as the API returns it.</summary>
public sealed record CaseResource(Guid Id, CaseStatus Status, DateTimeOffset CreatedAt, string? MissingInformation, TriageResult? Triage, IReadOnlyList<CaseEvent> Timeline, CaseFile File);

/// <summary>Where a case stands.</summary>
public sealed record CaseStatusResource(Guid Id, CaseStatus Status, DateTimeOffset UpdatedAt, string? MissingInformation);

/// <summary>A signed opinion version.</summary>
public sealed record OpinionResource(Guid OpinionId, int Version, OpinionContent Content, string SignedBy, DateTimeOffset SignedAt, string ContentHash, string? AmendmentReason);

/// <summary>
/// The JSON API under <c>/api</c>: personal access tokens only (401 problem details without one, never a redirect), the
/// same case-access policy as the pages (404 for a case the caller is not party to), and audit entries for every read.
/// </summary>
public static class ApiEndpoints
{
    public const long MaxBundleBytes = 64L * 1024 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api").WithTags("Cases");

        api.MapPost("/cases", CreateAsync).Access(Audience.Coordinator, api: true)
            .WithSummary("Create a case from a FHIR R4 Bundle")
            .WithDescription("The body is a FHIR R4 Bundle (JSON). The case is stored, triaged and returned. A malformed bundle gets 400 naming the problem; nothing is stored.")
            .Accepts<object>("application/fhir+json", "application/json")
            .Produces<CaseResource>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge);

        api.MapGet("/cases/{caseId:guid}", async (Guid caseId, HttpContext context, CaseWorkspace workspace) =>
            await workspace.OpenAsync(context.User, caseId, CaseOperation.Read, "case.view") is { } stored
                ? Results.Ok(ToResource(stored.Case))
                : NotFound())
            .Access(Audience.CaseParty, api: true)
            .WithSummary("Read a case")
            .Produces<CaseResource>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/cases/{caseId:guid}/status", async (Guid caseId, HttpContext context, CaseWorkspace workspace) =>
            await workspace.OpenAsync(context.User, caseId, CaseOperation.Read, "case.status") is { } stored
                ? Results.Ok(new CaseStatusResource(stored.Case.Id, stored.Case.Status, stored.UpdatedAt, stored.Case.MissingInformation))
                : NotFound())
            .Access(Audience.CaseParty, api: true)
            .WithSummary("Where a case stands")
            .Produces<CaseStatusResource>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/cases/{caseId:guid}/opinion", async (Guid caseId, HttpContext context, CaseWorkspace workspace, AuditLog audit) =>
            {
                if (await workspace.OpenAsync(context.User, caseId, CaseOperation.Read, auditAction: null) is null)
                {
                    return NotFound();
                }
                var signed = (await workspace.Database.Opinions.GetForCaseAsync(caseId))
                    .Where(o => o.Current is not null)
                    .Select(o => new OpinionResource(o.Id, o.Current!.Number, o.Current.Content, o.Current.SignedBy, o.Current.SignedAt, o.Current.ContentHash, o.Current.AmendmentReason))
                    .ToList();
                if (signed.Count == 0)
                {
                    return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No opinion yet", detail: "No opinion has been signed on this case yet.");
                }
                await audit.RecordAsync("opinion.view", caseId, $"Case/{caseId}/opinion");
                return Results.Ok(signed);
            })
            .Access(Audience.CaseParty, api: true)
            .WithSummary("The signed opinion(s) of a case")
            .Produces<List<OpinionResource>>()
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> CreateAsync(HttpContext context, CaseWorkspace workspace, AuditLog audit, CancellationToken cancellationToken)
    {
        if (context.Request.ContentLength > MaxBundleBytes)
        {
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Bundle too large", detail: $"A bundle can be at most {MaxBundleBytes / (1024 * 1024)} MB.");
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBundleBytes;
        }
        BundleIntakeResult bundle;
        try
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, cancellationToken);
            bundle = BundleIntake.Read(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
        }
        catch (FhirIntakeException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The FHIR Bundle could not be read", detail: e.Message);
        }
        catch (BadHttpRequestException e)
        {
            return Results.Problem(statusCode: e.StatusCode, title: "The request body could not be read", detail: e.Message);
        }
        var now = workspace.Time.GetUtcNow();
        var actor = context.User.Actor();
        var @case = new SecondOpinionCase(Guid.NewGuid(), bundle.CaseFile, actor, now);
        @case.MoveTo(CaseStatus.Submitted, actor, now, "Received as a FHIR Bundle through the API");
        IntakeSubmission.Send(@case, actor, now);
        await workspace.Database.Cases.AddAsync(@case, cancellationToken);
        await audit.RecordAsync("case.create", @case.Id, $"Case/{@case.Id}", $"FHIR Bundle, {bundle.EntryCount} entries; {@case.Triage?.Summary()}", cancellationToken);
        return Results.Created($"/api/cases/{@case.Id}", ToResource(@case));
    }

    private static CaseResource ToResource(SecondOpinionCase c) => new(c.Id, c.Status, c.CreatedAt, c.MissingInformation, c.Triage, c.Timeline, c.File);

    private static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no such case.");
}
