using System.Globalization;
using System.Text.Encodings.Web;
using Consilium.Domain.Cases;
using Consilium.Fhir.Intake;
using Consilium.Storage.Cases;
using Consilium.Storage.Documents;
using Consilium.Web.Features.Audit;
using Consilium.Web.Features.Cases;
using Consilium.Web.Features.Identity;
using Consilium.Web.Features.Intake;
using Consilium.Web.Features.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Consilium.Web.Features.Documents;

/// <summary>
/// Record upload (patient, form post) and download (any party to the case). Uploads are streamed: the size is checked
/// before the body is read, the antiforgery token (the form's first field) is checked before any byte of the file is kept,
/// and the file section goes straight into <see cref="DocumentStore"/>, which encrypts it as it reads: no plaintext copy in
/// memory or in a temporary file. A FHIR Bundle is parsed first and only stored when it is valid.
/// </summary>
public static class DocumentEndpoints
{
    /// <summary>FHIR Bundles are parsed in memory; larger ones are refused.</summary>
    public const long MaxFhirBytes = 64L * 1024 * 1024;

    /// <summary>Room for the multipart framing and the other form fields around the file.</summary>
    private const long FormOverhead = 1024 * 1024;

    public static void Map(IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/cases/{caseId:guid}/documents", UploadAsync).Access(Audience.CaseParty, operation: CaseOperation.ChangeAsPatient).ExcludeFromDescription().DisableAntiforgery();
        endpoints.MapGet("/cases/{caseId:guid}/documents/{documentId:guid}", DownloadAsync).Access(Audience.CaseParty).ExcludeFromDescription();
    }

    private static async Task<IResult> UploadAsync(
        Guid caseId, HttpContext context, CaseWorkspace workspace, DocumentStore documents, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions, AuditLog audit, CancellationToken cancellationToken)
    {
        var stored = await workspace.OpenAsync(context.User, caseId, CaseOperation.ChangeAsPatient, auditAction: null, cancellationToken);
        if (stored is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no such case.");
        }
        var limit = documents.MaxBytes;
        if (context.Request.ContentLength is { } declared && declared > limit + FormOverhead)
        {
            return Refuse(context, null, StatusCodes.Status413PayloadTooLarge, TooLarge(limit));
        }
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = limit + FormOverhead;
        }
        if (Uploads.MultipartBoundary(context) is not { } boundary)
        {
            return Refuse(context, null, StatusCodes.Status400BadRequest, "Send the file as a multipart/form-data form with a field named 'file'.");
        }

        // The multipart body is read section by section: the fields before the file (the antiforgery token, where to go back),
        // then the file itself, streamed straight into the encrypted store. No copy of it is buffered in memory or spooled to disk.
        var reader = new MultipartReader(boundary, context.Request.Body);
        string? token = null;
        string? returnUrl = null;
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
                    var value = await ReadFieldAsync(section.Body, cancellationToken);
                    if (name == antiforgeryOptions.Value.FormFieldName)
                    {
                        token = value;
                    }
                    else if (name == "returnUrl" && LocalUrl.IsLocal(value))
                    {
                        returnUrl = value;
                    }
                    continue;
                }
                if (!disposition.IsFileDisposition() || name != "file")
                {
                    continue;
                }
                // Nothing is stored before the request is known to come from our own form.
                if (!await Forms.IsValidTokenAsync(context, token, antiforgery, antiforgeryOptions.Value))
                {
                    return Forms.AntiforgeryProblem();
                }
                if (stored.Case.Status is CaseStatus.Closed or CaseStatus.Withdrawn)
                {
                    return Refuse(context, returnUrl, StatusCodes.Status409Conflict, "This case is closed; records can no longer be added.");
                }
                var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value is { Length: > 0 } star ? star : HeaderUtilities.RemoveQuotes(disposition.FileName).Value ?? "";
                if (string.IsNullOrWhiteSpace(fileName))
                {
                    return Refuse(context, returnUrl, StatusCodes.Status400BadRequest, "Choose a file to upload.");
                }
                return await StoreAsync(context, stored, new DocumentUpload(caseId, fileName, context.User.Actor(), section.ContentType), section.Body, returnUrl, workspace, documents, audit, cancellationToken);
            }
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException or IOException)
        {
            return Refuse(context, returnUrl, StatusCodes.Status413PayloadTooLarge, $"The upload could not be read; it may be larger than the limit of {Uploads.Describe(limit)}.");
        }
        return token is null
            ? Forms.AntiforgeryProblem()
            : Refuse(context, returnUrl, StatusCodes.Status400BadRequest, "Choose a file to upload (the form had no file).");
    }

    private static async Task<IResult> StoreAsync(
        HttpContext context, StoredCase stored, DocumentUpload upload, Stream content, string? returnUrl, CaseWorkspace workspace, DocumentStore documents, AuditLog audit, CancellationToken cancellationToken)
    {
        var caseId = stored.Case.Id;
        try
        {
            // The row, the case change a bundle makes and the audit entry commit together (the file is streamed in before).
            var (document, note) = await workspace.Database.InTransactionAsync(async ct =>
            {
                var (document, note) = Uploads.LooksLikeFhir(upload.FileName, upload.DeclaredContentType)
                    ? await StoreBundleAsync(stored, content, upload, workspace, documents, ct)
                    : (await documents.StoreAsync(upload, content, ct), "stored");
                await audit.RecordAsync("document.upload", caseId, $"Document/{document.Id}", $"{document.FileName} ({document.ContentType}, {document.Length} bytes); {note}", ct);
                return (document, note);
            }, cancellationToken);
            return returnUrl is null
                ? Results.Created($"/cases/{caseId}/documents/{document.Id}", new { document.Id, document.FileName, document.ContentType, document.Length, note })
                : Results.Redirect(AddQuery(returnUrl, "uploaded", document.FileName));
        }
        catch (FhirIntakeException e)
        {
            return Refuse(context, returnUrl, StatusCodes.Status400BadRequest, $"The FHIR file could not be read, so it was not stored: {e.Message}");
        }
        catch (CaseConcurrencyException)
        {
            return Refuse(context, returnUrl, StatusCodes.Status409Conflict, "The case was changed at the same moment, so the file was not stored. Reload the page and upload it again.");
        }
        catch (DocumentRejectedException e)
        {
            var (status, message) = e.Reason switch
            {
                DocumentRejection.TooLarge => (StatusCodes.Status413PayloadTooLarge, TooLarge(documents.MaxBytes)),
                DocumentRejection.UnsupportedContent or DocumentRejection.ContentMismatch => (StatusCodes.Status415UnsupportedMediaType, e.Message),
                _ => (StatusCodes.Status400BadRequest, e.Message),
            };
            return Refuse(context, returnUrl, status, message);
        }
    }

    private static string TooLarge(long limit) => $"The file is too large: the limit is {Uploads.Describe(limit)} per file.";

    /// <summary>A small form field (a token, a path); longer values are cut off rather than read into memory.</summary>
    internal static async Task<string> ReadFieldAsync(Stream body, CancellationToken cancellationToken)
    {
        var buffer = new char[4096];
        using var text = new StreamReader(body, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: false, bufferSize: 1024, leaveOpen: true);
        var read = await text.ReadBlockAsync(buffer.AsMemory(), cancellationToken);
        return new string(buffer, 0, read).Trim();
    }

    private static async Task<(StoredDocument Document, string Note)> StoreBundleAsync(
        StoredCase stored, Stream body, DocumentUpload upload, CaseWorkspace workspace, DocumentStore documents, CancellationToken cancellationToken)
    {
        // A bundle is parsed as a whole, so it is read into memory, up to MaxFhirBytes.
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFhirBytes)
            {
                throw new DocumentRejectedException(DocumentRejection.TooLarge, $"A FHIR file can be at most {Uploads.Describe(MaxFhirBytes)}.");
            }
            buffer.Write(chunk, 0, read);
        }
        var bytes = buffer.ToArray();
        // Parse before anything is stored: an invalid bundle leaves nothing behind.
        var bundle = BundleIntake.Read(bytes);
        var @case = stored.Case;
        var merge = @case.Status is CaseStatus.Draft or CaseStatus.NeedsInformation;
        StoredDocument document;
        using (var content = new MemoryStream(bytes, writable: false))
        {
            document = await documents.StoreAsync(upload with { DeclaredContentType = "application/fhir+json" }, content, cancellationToken);
        }
        if (!merge)
        {
            return (document, "FHIR bundle stored for the care team (the case is past intake, so it was not merged)");
        }
        @case.ReviseFile(CaseFileMerge.Add(@case.File, bundle.CaseFile, document.FileName));
        await workspace.Database.Cases.SaveAsync(@case, stored.Version, cancellationToken);
        return (document, $"FHIR bundle added to the case ({bundle.EntryCount} entries read)");
    }

    private static async Task<IResult> DownloadAsync(
        Guid caseId, Guid documentId, HttpContext context, CaseWorkspace workspace, DocumentStore documents, AuditLog audit, CancellationToken cancellationToken)
    {
        var stored = await workspace.OpenAsync(context.User, caseId, CaseOperation.Read, auditAction: null, cancellationToken);
        var document = stored is null ? null : await documents.GetAsync(documentId, cancellationToken);
        if (document is null || document.CaseId != caseId)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: "There is no such document.");
        }
        await audit.RecordAsync("document.download", caseId, $"Document/{documentId}", document.FileName, cancellationToken);
        var stream = await documents.OpenReadAsync(documentId, cancellationToken);
        return Results.File(stream, document.ContentType, document.FileName, enableRangeProcessing: false);
    }

    /// <summary>A refusal: problem details for API clients, a short page for a browser's form post (with a way back).</summary>
    internal static IResult Refuse(HttpContext context, string? returnUrl, int status, string message)
    {
        if (returnUrl is null && !Accepts(context, "text/html"))
        {
            return Results.Problem(statusCode: status, title: "The upload was refused", detail: message);
        }
        var back = returnUrl ?? "/cases";
        var html = string.Create(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <link rel="stylesheet" href="/assets/site.css"><title>Upload refused — Consilium</title></head>
            <body><main id="main" class="wrap"><section class="card"><h1>The file was not uploaded</h1>
            <p class="alert error" role="alert">{HtmlEncoder.Default.Encode(message)}</p>
            <p>Nothing was stored. <a href="{HtmlEncoder.Default.Encode(back)}">Go back</a> and try another file.</p></section></main></body></html>
            """);
        return Results.Content(html, "text/html; charset=utf-8", statusCode: status);
    }

    private static bool Accepts(HttpContext context, string type) =>
        context.Request.Headers.Accept.Any(a => a?.Contains(type, StringComparison.OrdinalIgnoreCase) == true);

    internal static string AddQuery(string url, string name, string value) =>
        url + (url.Contains('?', StringComparison.Ordinal) ? "&" : "?") + name + "=" + Uri.EscapeDataString(value);
}

/// <summary>Upload helpers shared by the pages and the endpoints.</summary>
public static class Uploads
{
    /// <summary>The boundary of a multipart/form-data request, or null when it is not one.</summary>
    public static string? MultipartBoundary(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            && string.Equals(mediaType.MediaType.Value, "multipart/form-data", StringComparison.OrdinalIgnoreCase)
            && HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value is { Length: > 0 and <= 200 } boundary
            ? boundary
            : null;
    }

    public static bool LooksLikeFhir(string fileName, string? contentType) =>
        fileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
        || (contentType?.Contains("json", StringComparison.OrdinalIgnoreCase) ?? false);

    public static string Describe(long bytes) => bytes >= 1024 * 1024
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB");
}
