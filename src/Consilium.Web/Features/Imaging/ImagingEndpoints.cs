using System.Globalization;
using Consilium.Domain.Cases;
using Consilium.Imaging.Import;
using Consilium.Imaging.Orthanc;
using Consilium.Storage.Cases;
using Consilium.Storage.Configuration;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Cases;
using Consilium.Web.Features.Documents;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Yarp.ReverseProxy.Forwarder;

namespace Consilium.Web.Features.Imaging;

/// <summary>
/// Imaging upload (DICOM files, ZIPs, a DICOMDIR folder export; the patient or a coordinator) and the archive proxy: the
/// viewer and DICOMweb reach Orthanc only through <c>/cases/{id}/imaging/archive/...</c>, where each request is checked
/// against the studies linked to that case and the caller's right to read the case (404 otherwise), and audited.
/// </summary>
public static class ImagingEndpoints
{
    public const string ArchivePrefix = "imaging/archive";

    /// <summary>The buffer an upload is read through (one per upload in progress).</summary>
    public const int UploadBufferBytes = 1024 * 1024;

    private static readonly HttpMessageInvoker ForwardingClient = new(new SocketsHttpHandler
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        AutomaticDecompression = System.Net.DecompressionMethods.None,
        UseCookies = false,
        ConnectTimeout = TimeSpan.FromSeconds(15),
    });

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/cases/{caseId:guid}/imaging", UploadFormAsync).Access(Audience.CaseParty, operation: CaseOperation.AddRecords).ExcludeFromDescription().DisableAntiforgery();
        endpoints.MapPost("/api/cases/{caseId:guid}/imaging", UploadApiAsync).Access(Audience.CaseParty, api: true, operation: CaseOperation.AddRecords).DisableAntiforgery()
            .WithSummary("Upload DICOM files or ZIPs (multipart/form-data, field 'files') into the case's imaging");
        endpoints.MapGet("/cases/{caseId:guid}/imaging/rereads/{rereadId:guid}/fhir", RereadFhirAsync).Access(Audience.CaseParty).ExcludeFromDescription();
        endpoints.MapMethods("/cases/{caseId:guid}/" + ArchivePrefix + "/{**path}", [HttpMethods.Get, HttpMethods.Head], ProxyAsync).Access(Audience.CaseParty).ExcludeFromDescription();
    }

    private static Task<IResult> UploadFormAsync(Guid caseId, HttpContext context, IServiceProvider services, CancellationToken cancellationToken) =>
        UploadAsync(caseId, context, services, api: false, cancellationToken);

    private static Task<IResult> UploadApiAsync(Guid caseId, HttpContext context, IServiceProvider services, CancellationToken cancellationToken) =>
        UploadAsync(caseId, context, services, api: true, cancellationToken);

    private static async Task<IResult> UploadAsync(Guid caseId, HttpContext context, IServiceProvider services, bool api, CancellationToken cancellationToken)
    {
        var workspace = services.GetRequiredService<CaseWorkspace>();
        var archive = services.GetRequiredService<ImagingArchive>();
        var options = services.GetRequiredService<ImagingOptions>();
        var stored = await workspace.OpenAsync(context.User, caseId, CaseOperation.AddRecords, auditAction: null, cancellationToken);
        if (stored is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no such case.");
        }
        if (!archive.IsAvailable)
        {
            return DocumentEndpoints.Refuse(context, null, StatusCodes.Status503ServiceUnavailable, archive.Unavailable!);
        }
        if (context.Request.ContentLength is { } declared && declared > options.MaxUploadBytes)
        {
            return DocumentEndpoints.Refuse(context, null, StatusCodes.Status413PayloadTooLarge, TooLarge(options));
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = options.MaxUploadBytes;
        }
        if (Uploads.MultipartBoundary(context) is not { } boundary)
        {
            return DocumentEndpoints.Refuse(context, null, StatusCodes.Status400BadRequest, "Send the images as a multipart/form-data form with files in a field named 'files'.");
        }

        var spool = Path.Combine(services.GetRequiredService<StorageOptions>().DataDirectory, "imaging-spool");
        var import = new StudyImport(archive.Client);
        // Large reads from the request body become large writes to the archive (the default 4 KB halves the throughput).
        var reader = new MultipartReader(boundary, context.Request.Body, UploadBufferBytes) { BodyLengthLimit = null };
        var antiforgeryOptions = services.GetRequiredService<IOptions<AntiforgeryOptions>>().Value;
        string? token = null;
        string? returnUrl = null;
        var verified = api;
        var files = 0;
        try
        {
            for (var section = await reader.ReadNextSectionAsync(cancellationToken); section is not null; section = await reader.ReadNextSectionAsync(cancellationToken))
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition))
                {
                    continue;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                if (disposition.IsFormDisposition())
                {
                    var value = await DocumentEndpoints.ReadFieldAsync(section.Body, cancellationToken);
                    if (name == antiforgeryOptions.FormFieldName)
                    {
                        token = value;
                    }
                    else if (name == "returnUrl" && LocalUrl.IsLocal(value))
                    {
                        returnUrl = value;
                    }
                    continue;
                }
                if (!disposition.IsFileDisposition() || name is not ("files" or "file"))
                {
                    continue;
                }
                if (!verified)
                {
                    // Nothing reaches the archive before the request is known to come from our own form.
                    if (!await Forms.IsValidTokenAsync(context, token, services.GetRequiredService<IAntiforgery>(), antiforgeryOptions))
                    {
                        return Forms.AntiforgeryProblem();
                    }
                    verified = true;
                    if (stored.Case.Status is CaseStatus.Closed or CaseStatus.Withdrawn)
                    {
                        return DocumentEndpoints.Refuse(context, returnUrl, StatusCodes.Status409Conflict, "This case is closed; images can no longer be added.");
                    }
                }
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value is { Length: > 0 } star ? star : HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
                if (string.IsNullOrWhiteSpace(fileName))
                {
                    continue;
                }
                files++;
                await import.AddAsync(fileName, section.Body, (zip, ct) => SpoolAsync(zip, spool, ct), cancellationToken);
            }
            if (!verified)
            {
                return Forms.AntiforgeryProblem();
            }
            await import.CompleteAsync();
            if (import.Instances == 0)
            {
                return DocumentEndpoints.Refuse(context, returnUrl, StatusCodes.Status400BadRequest, files == 0
                    ? "Choose DICOM files, a ZIP or a folder to upload (the form had none)."
                    : "No DICOM image was found in the upload" + SkippedNote(import) + ". Nothing was kept.");
            }
            return await LinkAsync(context, stored, import, returnUrl, services, cancellationToken);
        }
        catch (ImagingUploadRejectedException e)
        {
            await import.RollbackAsync(CancellationToken.None);
            return DocumentEndpoints.Refuse(context, returnUrl, StatusCodes.Status400BadRequest, e.Message);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException or OperationCanceledException or HttpRequestException)
        {
            await import.RollbackAsync(CancellationToken.None);
            return e is HttpRequestException
                ? DocumentEndpoints.Refuse(context, returnUrl, StatusCodes.Status502BadGateway, "The image archive failed while storing the upload; nothing was kept. Try again.")
                : DocumentEndpoints.Refuse(context, returnUrl, StatusCodes.Status413PayloadTooLarge, $"The upload could not be read to the end; it may be larger than the limit of {Uploads.Describe(options.MaxUploadBytes)}. Nothing was kept.");
        }
    }

    private static async Task<IResult> LinkAsync(HttpContext context, StoredCase stored, StudyImport import, string? returnUrl, IServiceProvider services, CancellationToken cancellationToken)
    {
        var workspace = services.GetRequiredService<CaseWorkspace>();
        var audit = services.GetRequiredService<AuditLog>();
        IReadOnlyList<Domain.Imaging.CaseImagingStudy> linked;
        try
        {
            var studies = await import.DescribeStudiesAsync(cancellationToken);
            linked = await workspace.Database.Imaging.LinkAsync(stored.Case.Id, studies, context.User.Actor(), workspace.Time.GetUtcNow(), cancellationToken);
        }
        catch
        {
            await import.RollbackAsync(CancellationToken.None);
            throw;
        }
        foreach (var s in linked)
        {
            await audit.RecordAsync("imaging.upload", stored.Case.Id, $"ImagingStudy/{s.Study.StudyInstanceUid}",
                string.Create(CultureInfo.InvariantCulture, $"{string.Join('/', s.Study.Modalities)} {s.Study.Description}; {s.Study.SeriesCount} series, {s.Study.InstanceCount} instances"), CancellationToken.None);
        }
        var summary = string.Create(CultureInfo.InvariantCulture, $"{import.Instances} image{(import.Instances == 1 ? "" : "s")} stored in {linked.Count} stud{(linked.Count == 1 ? "y" : "ies")}{SkippedNote(import)}.");
        if (returnUrl is not null)
        {
            return Results.Redirect(DocumentEndpoints.AddQuery(returnUrl, "imaging", summary));
        }
        return Results.Created($"/cases/{stored.Case.Id}", new
        {
            summary,
            instances = import.Instances,
            bytes = import.Bytes,
            studies = linked.Select(s => new
            {
                s.Study.StudyInstanceUid,
                s.Study.Modalities,
                s.Study.BodyPart,
                s.Study.StudyDate,
                s.Study.Description,
                s.Study.SeriesCount,
                s.Study.InstanceCount,
            }),
            skipped = import.Skipped.Select(s => new { s.Name, s.Reason }),
        });
    }

    private static string SkippedNote(StudyImport import) => import.Skipped.Count == 0 ? "" :
        string.Create(CultureInfo.InvariantCulture, $"; skipped {import.Skipped.Count} file{(import.Skipped.Count == 1 ? "" : "s")}: ") +
        string.Join("; ", import.Skipped.Take(5).Select(s => $"{s.Name} ({s.Reason})")) + (import.Skipped.Count > 5 ? "; …" : "");

    private static string TooLarge(ImagingOptions options) => $"The upload is too large: the limit is {Uploads.Describe(options.MaxUploadBytes)} per upload.";

    /// <summary>A ZIP is read from its end (the central directory), so it is spooled to a file that is deleted when closed.</summary>
    private static async Task<Stream> SpoolAsync(Stream zip, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        var file = new FileStream(Path.Combine(directory, Guid.NewGuid().ToString("N") + ".zip"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
            FileOptions.DeleteOnClose | FileOptions.Asynchronous);
        try
        {
            await zip.CopyToAsync(file, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Forwards a viewer or DICOMweb request to the archive (YARP's forwarder) after checking that it reads only a study linked
    /// to this case and that the caller may read the case. Static viewer files pass; everything else not recognised is 404.
    /// </summary>
    private static async Task<IResult> ProxyAsync(Guid caseId, string? path, HttpContext context, CaseWorkspace workspace, ImagingArchive archive, AuditLog audit, IHttpForwarder forwarder, CancellationToken cancellationToken)
    {
        var stored = await workspace.OpenAsync(context.User, caseId, CaseOperation.Read, auditAction: null, cancellationToken);
        if (stored is null || path is null)
        {
            return NotFound();
        }
        if (!archive.IsAvailable)
        {
            return Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Imaging unavailable", detail: archive.Unavailable);
        }
        var request = ArchiveRequest.Parse(path);
        switch (request.Kind)
        {
            case ArchiveRequestKind.Refused:
                return NotFound();
            case ArchiveRequestKind.ViewerAsset:
                break;
            case ArchiveRequestKind.DicomWebStudy:
                if (!await workspace.Database.Imaging.IsLinkedByUidAsync(caseId, request.Id!, cancellationToken))
                {
                    return NotFound();
                }
                break;
            default:
                var study = await archive.StudyOfAsync(request.Level, request.Id!, cancellationToken);
                if (study is null || !await workspace.Database.Imaging.IsLinkedAsync(caseId, study, cancellationToken))
                {
                    return NotFound();
                }
                break;
        }
        if (request.Audited)
        {
            await audit.RecordAsync("imaging.view", caseId, request.Kind == ArchiveRequestKind.DicomWebStudy ? $"ImagingStudy/{request.Id}" : $"{request.Level}/{request.Id}", path, cancellationToken);
        }
        var authorization = archive.Authorization;
        var forwarded = ForwardedFor(context, caseId);
        var error = await forwarder.SendAsync(context, archive.BaseUri.AbsoluteUri, ForwardingClient, ForwarderRequestConfig.Empty, (_, proxyRequest) =>
        {
            proxyRequest.RequestUri = new Uri(archive.BaseUri, path + context.Request.QueryString.Value);
            proxyRequest.Headers.Remove(HeaderNames.Cookie);
            proxyRequest.Headers.Authorization = authorization;
            proxyRequest.Headers.Host = null;
            if (forwarded is not null)
            {
                proxyRequest.Headers.TryAddWithoutValidation("Forwarded", forwarded);
            }
            return ValueTask.CompletedTask;
        });
        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            return Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Image archive unavailable", detail: "The image archive did not answer.");
        }
        // The forwarder has written the response: drop Orthanc's own headers that would reveal it.
        return Results.Empty;
    }

    /// <summary>A filed re-read as a FHIR DiagnosticReport (any party to the case), audited.</summary>
    private static async Task<IResult> RereadFhirAsync(Guid caseId, Guid rereadId, HttpContext context, CaseWorkspace workspace, AuditLog audit, Microsoft.AspNetCore.Identity.UserManager<ConsiliumUser> users, CancellationToken cancellationToken)
    {
        var stored = await workspace.OpenAsync(context.User, caseId, CaseOperation.Read, auditAction: null, cancellationToken);
        var reread = stored is null ? null : (await workspace.Database.Imaging.RereadsAsync(caseId, cancellationToken)).FirstOrDefault(r => r.Id == rereadId);
        if (reread is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no such re-read.");
        }
        var radiologist = (await users.FindByIdAsync(reread.RadiologistAccountId))?.DisplayName ?? "Radiologist";
        await audit.RecordAsync("imaging.reread-export", caseId, $"ImagingReread/{rereadId}", "FHIR DiagnosticReport", cancellationToken);
        return Results.Text(Fhir.Imaging.RereadReport.ToJson(reread, radiologist), "application/fhir+json", System.Text.Encoding.UTF8);
    }

    /// <summary>
    /// The RFC 7239 header that makes DICOMweb write its RetrieveURLs as this case's proxy address (not Orthanc's loopback
    /// port); null when the request's host is not a plain host name or address.
    /// </summary>
    private static string? ForwardedFor(HttpContext context, Guid caseId)
    {
        var host = context.Request.Host.Value;
        if (string.IsNullOrEmpty(host) || !host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']'))
        {
            return null;
        }
        var scheme = context.Request.IsHttps ? "https" : "http";
        return $"host={host}{context.Request.PathBase}/cases/{caseId}/{ArchivePrefix};proto={scheme}";
    }

    private static IResult NotFound() => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no such image.");
}

public enum ArchiveRequestKind
{
    Refused,
    ViewerAsset,
    DicomWebStudy,
    Resource,
}

/// <summary>
/// What a path under the archive proxy asks for: a static file of the web viewer, a DICOMweb request within one study
/// (by StudyInstanceUID), or a viewer/REST request for one series or instance (by Orthanc id). Everything else is refused.
/// </summary>
public sealed record ArchiveRequest(ArchiveRequestKind Kind, OrthancLevel Level = OrthancLevel.Study, string? Id = null, bool Audited = false)
{
    private static readonly ArchiveRequest Refused = new(ArchiveRequestKind.Refused);

    public static ArchiveRequest Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (path.Contains("..", StringComparison.Ordinal) || path.Contains('\\', StringComparison.Ordinal) || path.Contains("//", StringComparison.Ordinal) || path.Contains('%', StringComparison.Ordinal))
        {
            return Refused;
        }
        var s = path.Split('/');
        return s switch
        {
            ["web-viewer", "app" or "libs", .., var file] when file.Length > 0 => new(ArchiveRequestKind.ViewerAsset),
            ["web-viewer", "series", var id] when OrthancClient.IsOrthancId(id) => new(ArchiveRequestKind.Resource, OrthancLevel.Series, id, Audited: true),
            ["web-viewer", "is-stable-series", var id] when OrthancClient.IsOrthancId(id) => new(ArchiveRequestKind.Resource, OrthancLevel.Series, id),
            ["web-viewer", "instances", var image] when ViewerInstance(image) is { } id => new(ArchiveRequestKind.Resource, OrthancLevel.Instance, id),
            ["instances", var id, "file"] when OrthancClient.IsOrthancId(id) => new(ArchiveRequestKind.Resource, OrthancLevel.Instance, id, Audited: true),
            ["dicom-web", "studies", var uid, ..] when IsUid(uid) => new(ArchiveRequestKind.DicomWebStudy, OrthancLevel.Study, uid, Audited: true),
            _ => Refused,
        };
    }

    /// <summary>The web viewer asks for frames as <c>{compression}-{instance id}_{frame}</c>.</summary>
    private static string? ViewerInstance(string image)
    {
        var dash = image.IndexOf('-', StringComparison.Ordinal);
        var underscore = image.LastIndexOf('_');
        if (dash <= 0 || underscore <= dash + 1 || !image[(underscore + 1)..].All(char.IsAsciiDigit) || image.Length == underscore + 1)
        {
            return null;
        }
        var id = image[(dash + 1)..underscore];
        return OrthancClient.IsOrthancId(id) ? id : null;
    }

    private static bool IsUid(string uid) => uid.Length is > 0 and <= 64 && uid.All(c => char.IsAsciiDigit(c) || c == '.');
}
