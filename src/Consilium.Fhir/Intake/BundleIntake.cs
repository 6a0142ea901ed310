using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Hl7.Fhir.Utility;

namespace Consilium.Fhir.Intake;

/// <summary>
/// Reads a FHIR R4 Bundle (JSON) into a <see cref="Domain.Cases.CaseFile"/>.
/// </summary>
/// <remarks>
/// The Bundle is first scanned with System.Text.Json; only the resource types a case uses
/// (<see cref="MappedResourceTypes"/>) are materialised with the Firely SDK, one entry at a time.
/// Claims, ExplanationOfBenefits, Encounters and the rest are counted and never built.
/// Only Bundles are accepted: a lone resource is rejected (wrap it in a Bundle of type collection).
/// </remarks>
public static class BundleIntake
{
    /// <summary>Bundle types that can carry a case.</summary>
    public static IReadOnlyList<string> AcceptedBundleTypes { get; } =
        ["collection", "transaction", "document", "searchset", "batch", "transaction-response", "batch-response"];

    /// <summary>Resource types mapped into the case (Medication only to resolve medication codes).</summary>
    public static IReadOnlyList<string> MappedResourceTypes { get; } =
    [
        "Patient", "Condition", "Procedure", "ServiceRequest", "MedicationRequest", "MedicationStatement", "MedicationDispense", "Medication",
        "Observation", "Goal", "ImagingStudy", "DiagnosticReport", "DocumentReference", "QuestionnaireResponse",
    ];

    private static readonly HashSet<string> Mapped = new(MappedResourceTypes, StringComparer.Ordinal);

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256 };

    /// <summary>
    /// Tolerant of what real exports get wrong without changing meaning (unknown elements, codes outside a value set,
    /// missing mandatory elements); strict about values of the wrong type or format (e.g. <c>"birthDate": 12</c>).
    /// </summary>
    private static readonly FhirJsonDeserializer Deserializer = new(
        new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible).Ignoring(["PVAL105"]));

    /// <summary>Reads a Bundle from UTF-8 JSON bytes.</summary>
    /// <exception cref="FhirIntakeException">The input is not JSON, not a FHIR Bundle, or has an invalid entry.</exception>
    public static BundleIntakeResult Read(byte[] utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        return Read(new ReadOnlyMemory<byte>(utf8Json));
    }

    /// <summary>Reads a Bundle from UTF-8 JSON bytes.</summary>
    /// <exception cref="FhirIntakeException">The input is not JSON, not a FHIR Bundle, or has an invalid entry.</exception>
    public static BundleIntakeResult Read(ReadOnlyMemory<byte> utf8Json)
    {
        // JsonDocument checks the UTF-8 inside strings only when a string is read, which would surface deep in the
        // mapping as an InvalidOperationException; a damaged or mis-encoded export is refused here, with where it breaks.
        if (InvalidUtf8At(utf8Json.Span) is { } bad)
        {
            throw FhirIntakeException.At(
                $"The input is not valid UTF-8 (FHIR JSON must be UTF-8): the bytes at line {bad.Line}, column {bad.Column} are not UTF-8 text; the export is damaged or in another encoding",
                line: bad.Line, column: bad.Column);
        }
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8Json, DocumentOptions);
        }
        catch (JsonException e)
        {
            throw NotJson(utf8Json.Span, e);
        }
        using (document)
        {
            return ReadDocument(document, utf8Json.Span);
        }
    }

    /// <summary>Reads a Bundle from a stream of UTF-8 JSON (read to the end; the stream is not closed).</summary>
    /// <exception cref="FhirIntakeException">The input is not JSON, not a FHIR Bundle, or has an invalid entry.</exception>
    public static BundleIntakeResult Read(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = utf8Json.CanSeek ? new MemoryStream(checked((int)Math.Max(0, utf8Json.Length - utf8Json.Position))) : new MemoryStream();
        utf8Json.CopyTo(buffer);
        return Read(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>Reads a Bundle from a stream of UTF-8 JSON (read to the end; the stream is not closed).</summary>
    /// <exception cref="FhirIntakeException">The input is not JSON, not a FHIR Bundle, or has an invalid entry.</exception>
    public static async Task<BundleIntakeResult> ReadAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        using var buffer = new MemoryStream();
        await utf8Json.CopyToAsync(buffer, cancellationToken);
        return Read(new ReadOnlyMemory<byte>(buffer.GetBuffer(), 0, (int)buffer.Length));
    }

    /// <summary>Reads a Bundle from a JSON file.</summary>
    /// <exception cref="FhirIntakeException">The file cannot be read, or is not a valid FHIR Bundle.</exception>
    public static BundleIntakeResult ReadFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw FhirIntakeException.At($"Cannot read file '{path}': {e.Message}", inner: e);
        }
        return Read(bytes);
    }

    /// <summary>Reads a Bundle from a JSON file.</summary>
    /// <exception cref="FhirIntakeException">The file cannot be read, or is not a valid FHIR Bundle.</exception>
    public static async Task<BundleIntakeResult> ReadFileAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw FhirIntakeException.At($"Cannot read file '{path}': {e.Message}", inner: e);
        }
        return Read(bytes);
    }

    private static FhirIntakeException NotJson(ReadOnlySpan<byte> input, JsonException e)
    {
        if (IsBlank(input))
        {
            return FhirIntakeException.At("The input is empty: expected a FHIR Bundle in JSON", inner: e);
        }
        // JsonException positions are zero-based.
        long? line = e.LineNumber is { } l ? l + 1 : null;
        long? column = e.BytePositionInLine is { } c ? c + 1 : null;
        var detail = e.Message;
        var cut = detail.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut > 0)
        {
            detail = detail[..cut];
        }
        return FhirIntakeException.At($"The input is not valid JSON: {detail}", path: string.IsNullOrEmpty(e.Path) || e.Path == "$" ? null : e.Path, line: line, column: column, inner: e);
    }

    /// <summary>The line and column (1-based, in bytes) of the first byte that is not UTF-8, or null when all of it is.</summary>
    internal static (long Line, long Column)? InvalidUtf8At(ReadOnlySpan<byte> input)
    {
        if (System.Text.Unicode.Utf8.IsValid(input))
        {
            return null;
        }
        long line = 1, lineStart = 0, i = 0;
        var rest = input;
        while (!rest.IsEmpty)
        {
            if (System.Text.Rune.DecodeFromUtf8(rest, out _, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                break;
            }
            if (rest[0] == (byte)'\n')
            {
                line++;
                lineStart = i + 1;
            }
            i += consumed;
            rest = rest[consumed..];
        }
        return (line, i - lineStart + 1);
    }

    private static bool IsBlank(ReadOnlySpan<byte> input)
    {
        foreach (var b in input)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
            {
                return false;
            }
        }
        return true;
    }

    private static BundleIntakeResult ReadDocument(JsonDocument document, ReadOnlySpan<byte> input)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw FhirIntakeException.At($"The input is JSON but not a FHIR resource: expected an object with \"resourceType\": \"Bundle\", found {Describe(root.ValueKind)}");
        }
        if (!root.TryGetProperty("resourceType", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
        {
            throw FhirIntakeException.At("The input is JSON but not a FHIR resource: it has no \"resourceType\" (expected \"Bundle\")", path: "resourceType");
        }
        var resourceType = typeElement.GetString();
        if (resourceType != "Bundle")
        {
            throw FhirIntakeException.At($"Expected a FHIR Bundle but found a {resourceType} resource; send the records inside a Bundle (type collection or transaction)", path: "resourceType");
        }

        var notes = new List<string>();
        string bundleType;
        if (!root.TryGetProperty("type", out var typeProperty) || typeProperty.ValueKind == JsonValueKind.Null)
        {
            bundleType = "collection";
            notes.Add("Bundle.type is missing; read as a collection.");
        }
        else if (typeProperty.ValueKind != JsonValueKind.String)
        {
            throw FhirIntakeException.At($"Bundle.type must be a string, found {Describe(typeProperty.ValueKind)}", path: "Bundle.type");
        }
        else
        {
            bundleType = typeProperty.GetString()!;
            if (!AcceptedBundleTypes.Contains(bundleType))
            {
                throw FhirIntakeException.At($"Bundle.type '{bundleType}' cannot carry a case; expected one of {string.Join(", ", AcceptedBundleTypes)}", path: "Bundle.type");
            }
        }

        var entries = new List<BundleEntry>();
        var ignored = new Dictionary<string, int>(StringComparer.Ordinal);
        var entryCount = 0;
        if (root.TryGetProperty("entry", out var entryArray) && entryArray.ValueKind != JsonValueKind.Null)
        {
            if (entryArray.ValueKind != JsonValueKind.Array)
            {
                throw FhirIntakeException.At($"Bundle.entry must be an array, found {Describe(entryArray.ValueKind)}", path: "Bundle.entry");
            }
            var index = 0;
            var withoutResource = 0;
            foreach (var entry in entryArray.EnumerateArray())
            {
                entryCount++;
                var entryIndex = index++;
                if (entry.ValueKind != JsonValueKind.Object)
                {
                    throw FhirIntakeException.At($"an entry must be an object, found {Describe(entry.ValueKind)}", entryIndex, path: $"Bundle.entry[{entryIndex}]");
                }
                string? fullUrl = null;
                if (entry.TryGetProperty("fullUrl", out var fullUrlElement))
                {
                    if (fullUrlElement.ValueKind == JsonValueKind.String)
                    {
                        fullUrl = fullUrlElement.GetString();
                    }
                    else if (fullUrlElement.ValueKind != JsonValueKind.Null)
                    {
                        throw FhirIntakeException.At($"fullUrl must be a string, found {Describe(fullUrlElement.ValueKind)}", entryIndex, path: $"Bundle.entry[{entryIndex}].fullUrl");
                    }
                }
                if (!entry.TryGetProperty("resource", out var resource) || resource.ValueKind == JsonValueKind.Null)
                {
                    withoutResource++;
                    continue;
                }
                if (resource.ValueKind != JsonValueKind.Object)
                {
                    throw FhirIntakeException.At($"the resource must be a JSON object, found {Describe(resource.ValueKind)}", entryIndex, path: $"Bundle.entry[{entryIndex}].resource");
                }
                if (!resource.TryGetProperty("resourceType", out var rt) || rt.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(rt.GetString()))
                {
                    throw FhirIntakeException.At("the resource has no \"resourceType\"", entryIndex, path: $"Bundle.entry[{entryIndex}].resource.resourceType");
                }
                var type = rt.GetString()!;
                string? id = resource.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString() : null;
                if (!Mapped.Contains(type))
                {
                    ignored[type] = ignored.GetValueOrDefault(type) + 1;
                    continue;
                }
                var parsed = Deserialize(resource, input, entryIndex, type, id);
                entries.Add(new BundleEntry(entryIndex, fullUrl, parsed));
            }
            if (withoutResource > 0)
            {
                notes.Add($"{withoutResource} entr{(withoutResource == 1 ? "y has" : "ies have")} no resource (e.g. transaction responses or deletes) and {(withoutResource == 1 ? "was" : "were")} skipped.");
            }
        }

        return CaseFileBuilder.Build(entries, bundleType, entryCount, ignored, notes);
    }

    private static Resource Deserialize(JsonElement resource, ReadOnlySpan<byte> input, int entryIndex, string type, string? id)
    {
        var raw = JsonMarshal.GetRawUtf8Value(resource);
        var reader = new Utf8JsonReader(raw, ReaderOptions);
        Resource? parsed;
        IEnumerable<CodedException> errors;
        try
        {
            Deserializer.TryDeserializeResource(ref reader, out parsed, out errors);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw FhirIntakeException.At($"is not valid FHIR R4: {e.Message}", entryIndex, type, id, inner: e);
        }
        var problems = errors as IReadOnlyCollection<CodedException> ?? errors.ToList();
        if (problems.Count > 0 || parsed is null)
        {
            throw EntryError(problems.FirstOrDefault(), problems.Count - 1, raw, input, entryIndex, type, id);
        }
        return parsed;
    }

    private static FhirIntakeException EntryError(CodedException? error, int others, ReadOnlySpan<byte> raw, ReadOnlySpan<byte> input, int entryIndex, string type, string? id)
    {
        if (error is not ExtendedCodedException extended)
        {
            return FhirIntakeException.At($"is not valid FHIR R4: {error?.Message ?? "the resource could not be read"}", entryIndex, type, id, inner: error);
        }
        // Firely reports positions inside the resource; translate them to the whole input.
        var (startLine, startColumn) = PositionOf(raw, input);
        long? line = null;
        long? column = null;
        if (extended.LineNumber > 0 && startLine > 0)
        {
            line = startLine + extended.LineNumber - 1;
            column = extended.LineNumber == 1 ? startColumn + extended.Position - 1 : extended.Position;
        }
        var path = string.IsNullOrEmpty(extended.InstancePath) ? null : extended.InstancePath.Replace("$this", type, StringComparison.Ordinal);
        var problem = $"is not valid FHIR R4: {extended.BaseErrorMessage}";
        return FhirIntakeException.At(problem + (others > 0 ? $" (and {others} more problem{(others == 1 ? string.Empty : "s")})" : string.Empty), entryIndex, type, id, path, line, column, extended);
    }

    /// <summary>One-based line and column at which <paramref name="slice"/> starts inside <paramref name="whole"/>, or (0, 0) when it is not a slice of it.</summary>
    private static (long Line, long Column) PositionOf(ReadOnlySpan<byte> slice, ReadOnlySpan<byte> whole)
    {
        var offset = (long)Unsafe.ByteOffset(ref MemoryMarshal.GetReference(whole), ref MemoryMarshal.GetReference(slice));
        if (offset < 0 || offset > whole.Length)
        {
            return (0, 0);
        }
        var before = whole[..(int)offset];
        var line = before.Count((byte)'\n') + 1L;
        var lastNewline = before.LastIndexOf((byte)'\n');
        return (line, offset - lastNewline);
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };
}

/// <summary>A materialised Bundle entry that the case uses.</summary>
internal sealed record BundleEntry(int Index, string? FullUrl, Resource Resource);
