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

/// <summary>A case as the API returns it. <see cref="Version"/> goes back with a change (optimistic concurrency: 409 when it moved on).</summary>
public sealed record CaseResource(Guid Id, CaseStatus Status, DateTimeOffset CreatedAt, string? MissingInformation, TriageResult? Triage, IReadOnlyList<CaseEvent> Timeline, CaseFile File, int Version);

/// <summary>
/// Assign an expert to a case: the expert's account id, why (optional), and the case version the coordinator decided on (optional;
/// when given and the case has changed since, nothing is assigned and the answer is 409).
/// </summary>
public sealed record AssignmentRequest(string? ExpertId, string? Reason, int? Version);

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
                ? Results.Ok(ToResource(stored.Case, stored.Version))
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

        api.MapPost("/cases/{caseId:guid}/assignments", AssignAsync).Access(Audience.Coordinator, api: true)
            .WithSummary("Assign an expert to a case")
            .WithDescription("Body: {\"expertId\": \"...\", \"reason\": \"...\", \"version\": 3}. With version, the assignment is made only if the case is still at that version; "
                + "409 when someone else changed it meanwhile (reload and decide again). 400 when the expert or the case's state does not allow it.")
            .Produces<CaseResource>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
    }

    private static async Task<IResult> AssignAsync(Guid caseId, AssignmentRequest? request, HttpContext context, CaseWorkspace workspace, Coordinator.Coordination coordination, CancellationToken cancellationToken)
    {
        if (request is null || string.IsNullOrWhiteSpace(request.ExpertId))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No expert", detail: "expertId is required: the account id of the expert to assign.");
        }
        if (await workspace.OpenAsync(context.User, caseId, CaseOperation.Coordinate, auditAction: null, cancellationToken) is not { } stored)
        {
            return NotFound();
        }
        if (request.Version is { } expected && expected != stored.Version)
        {
            return Conflict(stored.Version, expected);
        }
        try
        {
            await coordination.AssignAsync(context.User, stored, request.ExpertId, request.Reason ?? "", cancellationToken);
        }
        catch (Storage.Cases.CaseConcurrencyException e)
        {
            return Conflict(e.ActualVersion, e.ExpectedVersion);
        }
        catch (DomainRuleException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The expert cannot be assigned", detail: e.Message);
        }
        return Results.Ok(ToResource(stored.Case, stored.Version + 1));
    }

    private static IResult Conflict(int actual, int expected) => Results.Problem(statusCode: StatusCodes.Status409Conflict, title: "The case changed",
        detail: $"{Coordinator.Coordination.ChangedMeanwhile} (The case is at version {actual}; this request was made for version {expected}.)");

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
        await workspace.Database.InTransactionAsync(async ct =>
        {
            await workspace.Database.Cases.AddAsync(@case, ct);
            await audit.RecordAsync("case.create", @case.Id, $"Case/{@case.Id}", $"FHIR Bundle, {bundle.EntryCount} entries; {@case.Triage?.Summary()}", ct);
        }, cancellationToken);
        return Results.Created($"/api/cases/{@case.Id}", ToResource(@case, 1));
    }

    private static CaseResource ToResource(SecondOpinionCase c, int version) => new(c.Id, c.Status, c.CreatedAt, c.MissingInformation, c.Triage, c.Timeline, c.File, version);

    private static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no such case.");
}
