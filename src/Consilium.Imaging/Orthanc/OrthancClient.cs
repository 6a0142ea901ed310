using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Consilium.Domain.Imaging;

namespace Consilium.Imaging.Orthanc;

/// <summary>An instance Orthanc took: its id, the study and series it belongs to, and whether it was new.</summary>
public sealed record StoredInstance(string InstanceId, string SeriesId, string StudyId, bool AlreadyStored);

/// <summary>Orthanc refused a file (not DICOM, truncated, unreadable); <see cref="Exception.Message"/> is Orthanc's reason.</summary>
public sealed class DicomRejectedException : Exception
{
    public DicomRejectedException(string message) : base(message) { }
    public DicomRejectedException() { }
    public DicomRejectedException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>
/// Consilium's client of an Orthanc archive over HTTP: Orthanc's REST API (store an instance, delete, find the study of a
/// series or instance) and DICOMweb (STOW-RS store, QIDO-RS search, WADO-RS rendered frames). The <see cref="HttpClient"/>
/// carries the base address and the credentials (see <see cref="Create"/>).
/// </summary>
public sealed class OrthancClient(HttpClient http)
{
    private const string DicomWebRoot = "dicom-web/";

    public HttpClient Http => http;

    /// <summary>An HttpClient for <paramref name="baseUri"/> with HTTP basic authentication and no overall timeout (uploads can be long).</summary>
    public static HttpClient Create(Uri baseUri, string userName, string password)
    {
        ArgumentNullException.ThrowIfNull(baseUri);
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5), AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = baseUri.AbsoluteUri.EndsWith('/') ? baseUri : new Uri(baseUri.AbsoluteUri + "/"),
            Timeout = Timeout.InfiniteTimeSpan,
        };
        client.DefaultRequestHeaders.Authorization = BasicAuthorization(userName, password);
        return client;
    }

    public static AuthenticationHeaderValue BasicAuthorization(string userName, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userName}:{password}")));

    /// <summary>Orthanc's version (GET /system); throws <see cref="HttpRequestException"/> when it does not answer.</summary>
    public async Task<string> GetVersionAsync(CancellationToken cancellationToken = default)
    {
        using var response = await http.GetAsync(new Uri("system", UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        using var json = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
        return json.RootElement.GetProperty("Version").GetString() ?? "?";
    }

    /// <summary>
    /// Stores one DICOM file (POST /instances), streamed as it is read (chunked, never buffered). Throws
    /// <see cref="DicomRejectedException"/> when Orthanc cannot read it.
    /// </summary>
    public async Task<StoredInstance> StoreInstanceAsync(Stream dicom, CancellationToken cancellationToken = default)
    {
        using var content = new StreamContent(dicom, 1024 * 1024);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
        using var response = await http.PostAsync(new Uri("instances", UriKind.Relative), content, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode == HttpStatusCode.BadRequest)
        {
            throw new DicomRejectedException(Describe(body));
        }
        EnsureSuccess(response, body);
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        return new StoredInstance(
            root.GetProperty("ID").GetString()!,
            root.GetProperty("ParentSeries").GetString()!,
            root.GetProperty("ParentStudy").GetString()!,
            string.Equals(root.GetProperty("Status").GetString(), "AlreadyStored", StringComparison.Ordinal));
    }

    /// <summary>
    /// Stores DICOM files with DICOMweb STOW-RS (one multipart/related request, each file streamed); returns the SOP
    /// instance UIDs stored and those that failed.
    /// </summary>
    public async Task<(int Stored, int Failed)> StowAsync(IEnumerable<Func<Stream>> files, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(files);
        using var multipart = new MultipartContent("related", "consilium-" + Guid.NewGuid().ToString("N"));
        multipart.Headers.ContentType!.Parameters.Add(new NameValueHeaderValue("type", "\"application/dicom\""));
        foreach (var open in files)
        {
            var part = new StreamContent(new DeferredStream(open), 81920);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/dicom");
            multipart.Add(part);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(DicomWebRoot + "studies", UriKind.Relative)) { Content = multipart };
        request.Headers.Accept.ParseAdd("application/dicom+json");
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        EnsureSuccess(response, body);
        using var json = JsonDocument.Parse(body);
        return (Count(json.RootElement, "00081199"), Count(json.RootElement, "00081198"));

        static int Count(JsonElement root, string tag) =>
            root.TryGetProperty(tag, out var seq) && seq.TryGetProperty("Value", out var values) ? values.GetArrayLength() : 0;
    }

    /// <summary>Deletes an instance (DELETE /instances/{id}); a missing one is not an error.</summary>
    public Task DeleteInstanceAsync(string instanceId, CancellationToken cancellationToken = default) => DeleteAsync("instances/" + Id(instanceId), cancellationToken);

    /// <summary>Deletes a whole study (DELETE /studies/{id}); a missing one is not an error.</summary>
    public Task DeleteStudyAsync(string studyId, CancellationToken cancellationToken = default) => DeleteAsync("studies/" + Id(studyId), cancellationToken);

    /// <summary>The Orthanc id of the study a series or instance belongs to (GET /{level}/{id}/study); null when there is no such resource.</summary>
    public async Task<string?> StudyOfAsync(OrthancLevel level, string id, CancellationToken cancellationToken = default)
    {
        var path = level switch
        {
            OrthancLevel.Series => "series/",
            OrthancLevel.Instance => "instances/",
            _ => throw new ArgumentOutOfRangeException(nameof(level), level, "Only series and instances have a parent study."),
        } + Id(id) + "/study";
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        EnsureSuccess(response, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("ID").GetString();
    }

    /// <summary>
    /// What the archive knows about a study: QIDO-RS for the study (modalities, date, description, counts) and its series
    /// (modality, body part, description, count), and Orthanc's ids of the series (for the viewer). Null when it is not there.
    /// </summary>
    public async Task<ImagingStudy?> DescribeStudyAsync(string orthancStudyId, CancellationToken cancellationToken = default)
    {
        var seriesIds = new Dictionary<string, string>(StringComparer.Ordinal);
        string? studyUid;
        using (var response = await http.GetAsync(new Uri($"studies/{Id(orthancStudyId)}/series", UriKind.Relative), cancellationToken))
        {
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            EnsureSuccess(response, body);
            using var json = JsonDocument.Parse(body);
            studyUid = null;
            foreach (var s in json.RootElement.EnumerateArray())
            {
                if (s.GetProperty("MainDicomTags").TryGetProperty("SeriesInstanceUID", out var uid) && uid.GetString() is { } u)
                {
                    seriesIds[u] = s.GetProperty("ID").GetString()!;
                }
            }
        }
        using (var response = await http.GetAsync(new Uri($"studies/{Id(orthancStudyId)}", UriKind.Relative), cancellationToken))
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            EnsureSuccess(response, body);
            using var json = JsonDocument.Parse(body);
            studyUid = json.RootElement.GetProperty("MainDicomTags").GetProperty("StudyInstanceUID").GetString();
        }
        if (studyUid is null)
        {
            return null;
        }
        var studies = await QidoAsync($"studies?StudyInstanceUID={Uri.EscapeDataString(studyUid)}&includefield=00080061&includefield=00081030&includefield=00201206&includefield=00201208", cancellationToken);
        if (studies.Count == 0)
        {
            return null;
        }
        var study = studies[0];
        var series = await QidoAsync($"studies/{Uri.EscapeDataString(studyUid)}/series?includefield=00180015&includefield=0008103E&includefield=00201209", cancellationToken);
        var seriesList = series.Select(s => new ImagingSeries(
                s.Text("0020000E") ?? "",
                seriesIds.GetValueOrDefault(s.Text("0020000E") ?? "", ""),
                s.Text("00080060"),
                s.Text("00180015"),
                s.Text("0008103E"),
                s.Number("00201209") ?? 0))
            .OrderBy(s => s.Modality, StringComparer.Ordinal).ThenBy(s => s.Description, StringComparer.Ordinal).ToList();
        var modalities = study.Texts("00080061");
        return new ImagingStudy(studyUid, orthancStudyId)
        {
            Modalities = modalities.Count > 0 ? modalities : [.. seriesList.Select(s => s.Modality).OfType<string>().Distinct(StringComparer.Ordinal)],
            BodyPart = seriesList.Select(s => s.BodyPart).FirstOrDefault(b => !string.IsNullOrWhiteSpace(b)),
            StudyDate = DateOnly.TryParseExact(study.Text("00080020"), "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
            Description = study.Text("00081030"),
            Series = seriesList,
            SeriesCount = study.Number("00201206") ?? seriesList.Count,
            InstanceCount = study.Number("00201208") ?? seriesList.Sum(s => s.Instances),
        };
    }

    /// <summary>A QIDO-RS search under /dicom-web/ (e.g. <c>studies?PatientID=1</c>): one dataset per match.</summary>
    public async Task<IReadOnlyList<DicomJson>> QidoAsync(string query, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(DicomWebRoot + query, UriKind.Relative));
        request.Headers.Accept.ParseAdd("application/dicom+json");
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        EnsureSuccess(response, body);
        if (string.IsNullOrWhiteSpace(body))
        {
            return [];
        }
        using var json = JsonDocument.Parse(body);
        return [.. json.RootElement.EnumerateArray().Select(e => new DicomJson(e.Clone()))];
    }

    /// <summary>A frame rendered as PNG by WADO-RS (…/frames/{n}/rendered); null when there is no such instance.</summary>
    public async Task<byte[]?> RenderedFrameAsync(string studyUid, string seriesUid, string instanceUid, int frame = 1, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(RenderedFramePath(studyUid, seriesUid, instanceUid, frame), UriKind.Relative));
        request.Headers.Accept.ParseAdd("image/png");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    /// <summary>The WADO-RS path of a rendered frame, relative to the archive root.</summary>
    public static string RenderedFramePath(string studyUid, string seriesUid, string instanceUid, int frame = 1) =>
        string.Create(CultureInfo.InvariantCulture, $"{DicomWebRoot}studies/{Uri.EscapeDataString(studyUid)}/series/{Uri.EscapeDataString(seriesUid)}/instances/{Uri.EscapeDataString(instanceUid)}/frames/{frame}/rendered");

    /// <summary>The instances of a series: SOP instance UIDs, by QIDO-RS.</summary>
    public async Task<IReadOnlyList<string>> InstanceUidsAsync(string studyUid, string seriesUid, CancellationToken cancellationToken = default) =>
        [.. (await QidoAsync($"studies/{Uri.EscapeDataString(studyUid)}/series/{Uri.EscapeDataString(seriesUid)}/instances", cancellationToken)).Select(i => i.Text("00080018")).OfType<string>()];

    private async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync(new Uri(path, UriKind.Relative), cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            EnsureSuccess(response, await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }

    /// <summary>Orthanc ids are hex digits and dashes; anything else is refused before it reaches a URL.</summary>
    public static bool IsOrthancId(string? id) => id is { Length: > 0 and <= 64 } && id.All(c => char.IsAsciiHexDigit(c) || c == '-');

    private static string Id(string id) => IsOrthancId(id) ? id : throw new ArgumentException($"'{id}' is not an Orthanc id.", nameof(id));

    private static void EnsureSuccess(HttpResponseMessage response, string body)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"Orthanc answered {(int)response.StatusCode} to {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.AbsolutePath}: {Describe(body)}", null, response.StatusCode);
        }
    }

    private static string Describe(string body)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var message = root.TryGetProperty("Message", out var m) ? m.GetString() : null;
            var details = root.TryGetProperty("Details", out var d) ? d.GetString() : null;
            return string.Join(": ", new[] { message, details }.Where(s => !string.IsNullOrWhiteSpace(s)));
        }
        catch (JsonException)
        {
            return body.Length > 200 ? body[..200] : body;
        }
    }

    /// <summary>Opens the stream only when HttpClient first reads it (so a STOW request holds one open file at a time).</summary>
    private sealed class DeferredStream(Func<Stream> open) : Import.ReadOnlyForwardStream
    {
        private Stream? _inner;
        private Stream Inner => _inner ??= open();

        public override int Read(byte[] buffer, int offset, int count) => Inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => Inner.ReadAsync(buffer, cancellationToken);

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                _inner?.Dispose();
                _inner = null;
            }
            base.Dispose(disposing);
        }
    }
}

/// <summary>The levels of Orthanc's resource tree.</summary>
public enum OrthancLevel
{
    Study,
    Series,
    Instance,
}

/// <summary>One DICOM dataset in the DICOM JSON model (PS3.18 F.2): values by tag.</summary>
public sealed class DicomJson(JsonElement element)
{
    public IReadOnlyList<string> Texts(string tag) =>
        element.TryGetProperty(tag, out var attribute) && attribute.TryGetProperty("Value", out var values)
            ? [.. values.EnumerateArray().Select(v => v.ValueKind switch
            {
                JsonValueKind.String => v.GetString(),
                JsonValueKind.Number => v.GetRawText(),
                JsonValueKind.Object when v.TryGetProperty("Alphabetic", out var a) => a.GetString(),
                _ => null,
            }).OfType<string>()]
            : [];

    public string? Text(string tag) => Texts(tag) is [var first, ..] && !string.IsNullOrWhiteSpace(first) ? first.Trim() : null;

    public int? Number(string tag) => int.TryParse(Text(tag), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;
}
