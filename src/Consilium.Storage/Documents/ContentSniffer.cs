using System.Text.Json;

namespace Consilium.Storage.Documents;

/// <summary>
/// Decides what a file is from its first bytes, never from its name: PDF, PNG, JPEG, GIF, TIFF, DICOM, FHIR Bundle JSON, other JSON,
/// UTF-8 text. Anything else is not accepted (null).
/// </summary>
public static class ContentSniffer
{
    public const string Pdf = "application/pdf";
    public const string Png = "image/png";
    public const string Jpeg = "image/jpeg";
    public const string Gif = "image/gif";
    public const string Tiff = "image/tiff";
    public const string Dicom = "application/dicom";
    public const string FhirJson = "application/fhir+json";
    public const string Json = "application/json";
    public const string Text = "text/plain";

    /// <summary>How many leading bytes <see cref="Detect"/> looks at (at most); pass at least this many when the file is that long.</summary>
    public const int HeadLength = 64 * 1024;

    /// <summary>Every content type the store accepts.</summary>
    public static IReadOnlyList<string> Accepted { get; } = [Pdf, Png, Jpeg, Gif, Tiff, Dicom, FhirJson, Json, Text];

    private static ReadOnlySpan<byte> PdfMagic => "%PDF-"u8;
    private static ReadOnlySpan<byte> PngMagic => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> JpegMagic => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> Gif87 => "GIF87a"u8;
    private static ReadOnlySpan<byte> Gif89 => "GIF89a"u8;
    private static ReadOnlySpan<byte> TiffLittle => [0x49, 0x49, 0x2A, 0x00];
    private static ReadOnlySpan<byte> TiffBig => [0x4D, 0x4D, 0x00, 0x2A];
    private static ReadOnlySpan<byte> DicomMagic => "DICM"u8;
    private static ReadOnlySpan<byte> Utf8Bom => [0xEF, 0xBB, 0xBF];

    /// <summary>
    /// The content type of a file that starts with <paramref name="head"/> (the whole file if shorter than <see cref="HeadLength"/>),
    /// or null when it is none that Consilium accepts. <paramref name="complete"/> says that <paramref name="head"/> is the whole file.
    /// </summary>
    public static string? Detect(ReadOnlySpan<byte> head, bool complete = false)
    {
        if (head.IsEmpty)
        {
            return null;
        }
        if (head.StartsWith(PdfMagic))
        {
            return Pdf;
        }
        if (head.StartsWith(PngMagic))
        {
            return Png;
        }
        if (head.StartsWith(JpegMagic))
        {
            return Jpeg;
        }
        if (head.StartsWith(Gif87) || head.StartsWith(Gif89))
        {
            return Gif;
        }
        if (head.StartsWith(TiffLittle) || head.StartsWith(TiffBig))
        {
            return Tiff;
        }
        if (head.Length >= 132 && head.Slice(128, 4).SequenceEqual(DicomMagic))
        {
            return Dicom;
        }
        if (head.Length > HeadLength)
        {
            head = head[..HeadLength];
            complete = false;
        }
        if (!IsText(head, complete))
        {
            return null;
        }
        return JsonKind(head, complete) ?? Text;
    }

    /// <summary>
    /// True when <paramref name="contentType"/> (what the bytes are) fits a file called <paramref name="fileName"/> and declared as
    /// <paramref name="declaredContentType"/>: a known extension or a specific declared type that says otherwise is a mismatch
    /// (a <c>.pdf</c> that is a PNG). Unknown extensions and generic declarations (<c>application/octet-stream</c>) say nothing.
    /// </summary>
    public static bool Fits(string contentType, string fileName, string? declaredContentType, out string? conflict)
    {
        ArgumentNullException.ThrowIfNull(contentType);
        ArgumentNullException.ThrowIfNull(fileName);
        conflict = null;
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (ByExtension(extension) is { } allowed && !allowed.Contains(contentType))
        {
            conflict = $"the name ends in {extension} but the content is {contentType}";
            return false;
        }
        var declared = declaredContentType?.Split(';')[0].Trim().ToLowerInvariant();
        if (!string.IsNullOrEmpty(declared) && ByDeclaredType(declared) is { } fits && !fits.Contains(contentType))
        {
            conflict = $"it was sent as {declared} but the content is {contentType}";
            return false;
        }
        return true;
    }

    private static string[]? ByExtension(string extension) => extension switch
    {
        ".pdf" => [Pdf],
        ".png" => [Png],
        ".jpg" or ".jpeg" or ".jpe" => [Jpeg],
        ".gif" => [Gif],
        ".tif" or ".tiff" => [Tiff],
        ".dcm" or ".dicom" => [Dicom],
        ".json" => [Json, FhirJson],
        ".txt" or ".text" or ".md" or ".csv" => [Text, Json, FhirJson],
        _ => null,
    };

    private static string[]? ByDeclaredType(string declared) => declared switch
    {
        Pdf or "application/x-pdf" => [Pdf],
        Png => [Png],
        Jpeg or "image/jpg" or "image/pjpeg" => [Jpeg],
        Gif => [Gif],
        Tiff => [Tiff],
        Dicom => [Dicom],
        Json or FhirJson or "text/json" => [Json, FhirJson],
        Text or "text/markdown" or "text/csv" => [Text, Json, FhirJson],
        _ => null,
    };

    /// <summary>Valid UTF-8 (a sequence cut off at the end of an incomplete head is fine) without control characters other than tab, CR, LF, FF.</summary>
    private static bool IsText(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.StartsWith(Utf8Bom))
        {
            head = head[3..];
        }
        var rest = head;
        while (!rest.IsEmpty)
        {
            var status = System.Text.Rune.DecodeFromUtf8(rest, out var rune, out var consumed);
            if (status == System.Buffers.OperationStatus.NeedMoreData && !complete)
            {
                return true;
            }
            if (status != System.Buffers.OperationStatus.Done)
            {
                return false;
            }
            if (rune.Value < 0x20 && rune.Value is not ('\t' or '\n' or '\r' or '\f'))
            {
                return false;
            }
            if (rune.Value == 0x7F)
            {
                return false;
            }
            rest = rest[consumed..];
        }
        return true;
    }

    /// <summary>FHIR JSON when the top-level object's <c>resourceType</c> is <c>Bundle</c>, JSON when the head parses as JSON so far, else null.</summary>
    private static string? JsonKind(ReadOnlySpan<byte> head, bool complete)
    {
        if (head.StartsWith(Utf8Bom))
        {
            head = head[3..];
        }
        var reader = new Utf8JsonReader(head, complete, new JsonReaderState(new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow }));
        string? resourceType = null;
        try
        {
            if (!reader.Read())
            {
                return null;
            }
            if (reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return null;
            }
            var isObject = reader.TokenType == JsonTokenType.StartObject;
            while (reader.Read())
            {
                if (isObject && reader.CurrentDepth == 1 && reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("resourceType"u8))
                {
                    if (!reader.Read())
                    {
                        break;
                    }
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        resourceType ??= reader.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            return null;
        }
        if (complete && reader.BytesConsumed < head.Length && !IsWhitespace(head[(int)reader.BytesConsumed..]))
        {
            return null;
        }
        return resourceType == "Bundle" ? FhirJson : Json;
    }

    private static bool IsWhitespace(ReadOnlySpan<byte> bytes) => bytes.IndexOfAnyExcept(" \t\r\n"u8) < 0;
}
