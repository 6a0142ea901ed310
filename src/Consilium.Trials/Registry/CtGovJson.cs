using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Consilium.Trials.Registry;

/// <summary>A record as read from a file: where it came from, the record, and the study's JSON exactly as exported.</summary>
public sealed record RegistryEntry(string File, TrialRecord Record, string Json);

/// <summary>
/// Reads ClinicalTrials.gov API v2 JSON: a single study object, an array of studies ("Download → JSON"), an API page
/// (<c>{"studies":[...]}</c>), or a folder of such files. Everything is read before anything is returned, so a bad
/// file stops the whole import with a message that names the file, the study and the field.
/// </summary>
public static partial class CtGovJson
{
    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 128 };

    /// <summary>Every record under <paramref name="path"/> (a file, or a folder searched recursively for <c>*.json</c>, in name order).</summary>
    /// <exception cref="TrialRecordException">The path does not exist, or a file or record is malformed.</exception>
    public static IReadOnlyList<RegistryEntry> ReadPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path))
        {
            var files = Directory.EnumerateFiles(path, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
            if (files.Count == 0)
            {
                throw new TrialRecordException($"{path}: the folder holds no .json file.");
            }
            return files.SelectMany(f => ReadFile(f, Path.GetRelativePath(path, f))).ToList();
        }
        if (!File.Exists(path))
        {
            throw new TrialRecordException($"{path}: no such file or folder.");
        }
        return ReadFile(path, Path.GetFileName(path));
    }

    private static IReadOnlyList<RegistryEntry> ReadFile(string path, string name)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException ex)
        {
            throw new TrialRecordException($"{name}: cannot be read ({ex.Message}).", ex);
        }
        return Read(bytes, name);
    }

    /// <summary>The records in one file's bytes; <paramref name="name"/> is how messages name the file.</summary>
    public static IReadOnlyList<RegistryEntry> Read(ReadOnlyMemory<byte> utf8Json, string name)
    {
        // JsonDocument checks the UTF-8 of strings only when they are read; a bad byte would surface later as an InvalidOperationException.
        if (!System.Text.Unicode.Utf8.IsValid(utf8Json.Span))
        {
            throw new TrialRecordException($"{name}: not valid UTF-8 text (ClinicalTrials.gov exports are UTF-8; the file is damaged or in another encoding).");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json, Options);
        }
        catch (JsonException ex)
        {
            throw new TrialRecordException($"{name}: not valid JSON (line {ex.LineNumber + 1}: {ex.Message}).", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            var studies = root.ValueKind switch
            {
                JsonValueKind.Array => root.EnumerateArray().ToList(),
                JsonValueKind.Object when root.TryGetProperty("studies", out var page) && page.ValueKind == JsonValueKind.Array => page.EnumerateArray().ToList(),
                JsonValueKind.Object when root.TryGetProperty("protocolSection", out _) => [root],
                _ => throw new TrialRecordException($"{name}: not a ClinicalTrials.gov API v2 export (expected a study with protocolSection, an array of studies, or {{\"studies\":[...]}})."),
            };
            return studies.Select((s, i) => new RegistryEntry(name, Parse(s, studies.Count == 1 ? name : $"{name}: study {i + 1}"), s.GetRawText())).ToList();
        }
    }

    /// <summary>Reads one study object as stored (its JSON exactly as exported).</summary>
    public static TrialRecord ParseStudy(string json, string where)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            using var doc = JsonDocument.Parse(json, Options);
            return Parse(doc.RootElement, where);
        }
        catch (JsonException ex)
        {
            throw new TrialRecordException($"{where}: not valid JSON ({ex.Message}).", ex);
        }
    }

    private static TrialRecord Parse(JsonElement study, string where)
    {
        if (study.ValueKind != JsonValueKind.Object)
        {
            throw new TrialRecordException($"{where}: a study must be a JSON object, found {study.ValueKind}.");
        }
        var protocol = Required(study, "protocolSection", where, "protocolSection");
        var id = Required(protocol, "identificationModule", where, "protocolSection.identificationModule");
        var nct = RequiredString(id, "nctId", where, "protocolSection.identificationModule.nctId");
        if (!NctIdPattern().IsMatch(nct))
        {
            throw new TrialRecordException($"{where}: protocolSection.identificationModule.nctId '{nct}' is not an NCT number (NCT followed by 8 digits).");
        }
        where = $"{where} ({nct})";
        var title = RequiredString(id, "briefTitle", where, "protocolSection.identificationModule.briefTitle");
        var status = Object(protocol, "statusModule");
        var conditions = Object(protocol, "conditionsModule");
        var design = Object(protocol, "designModule");
        var eligibility = Object(protocol, "eligibilityModule");
        var arms = Object(protocol, "armsInterventionsModule");
        var contacts = Object(protocol, "contactsLocationsModule");
        var derived = Object(study, "derivedSection");
        var browse = derived is { } d ? Object(d, "conditionBrowseModule") : null;

        return new TrialRecord(nct, title)
        {
            OfficialTitle = String(id, "officialTitle"),
            Status = (status is { } s ? String(s, "overallStatus") : null) ?? "UNKNOWN",
            LastUpdate = status is { } s2
                ? Date(s2.TryGetProperty("lastUpdatePostDateStruct", out var lu) && lu.ValueKind == JsonValueKind.Object ? String(lu, "date") : String(s2, "lastUpdateSubmitDate"), where, "protocolSection.statusModule.lastUpdatePostDateStruct.date")
                : null,
            VersionDate = derived is { } d2 && Object(d2, "miscInfoModule") is { } misc ? Date(String(misc, "versionHolder"), where, "derivedSection.miscInfoModule.versionHolder") : null,
            Conditions = conditions is { } c ? Strings(c, "conditions") : [],
            Keywords = conditions is { } c2 ? Strings(c2, "keywords") : [],
            ConditionMeshTerms = browse is { } b ? [.. Terms(b, "meshes"), .. Terms(b, "ancestors")] : [],
            Phases = design is { } p ? Strings(p, "phases") : [],
            StudyType = design is { } p2 ? String(p2, "studyType") : null,
            Sex = eligibility is { } e ? Sex(String(e, "sex"), where) : TrialSex.All,
            MinimumAgeYears = eligibility is { } e2 ? Age(String(e2, "minimumAge"), where, "protocolSection.eligibilityModule.minimumAge") : null,
            MaximumAgeYears = eligibility is { } e3 ? Age(String(e3, "maximumAge"), where, "protocolSection.eligibilityModule.maximumAge") : null,
            EligibilityText = eligibility is { } e4 ? String(e4, "eligibilityCriteria") ?? string.Empty : string.Empty,
            Interventions = arms is { } a ? Objects(a, "interventions").Select(i => new TrialIntervention(String(i, "type") ?? "OTHER", String(i, "name") ?? "(unnamed)")).ToList() : [],
            Sites = contacts is { } l ? Objects(l, "locations").Select(Site).ToList() : [],
            CentralContacts = contacts is { } l2 ? Objects(l2, "centralContacts").Select(Contact).ToList() : [],
        };
    }

    private static TrialSite Site(JsonElement l)
    {
        double? lat = null, lon = null;
        if (Object(l, "geoPoint") is { } g && g.TryGetProperty("lat", out var la) && la.ValueKind == JsonValueKind.Number && g.TryGetProperty("lon", out var lo) && lo.ValueKind == JsonValueKind.Number)
        {
            lat = la.GetDouble();
            lon = lo.GetDouble();
        }
        return new TrialSite(String(l, "facility") ?? "(facility not named)", String(l, "status"), String(l, "city"), String(l, "state"), String(l, "zip"), String(l, "country"))
        {
            Latitude = lat,
            Longitude = lon,
            Contacts = Objects(l, "contacts").Select(Contact).ToList(),
        };
    }

    private static TrialContact Contact(JsonElement c) => new(String(c, "name") ?? "(name not given)", String(c, "role"), String(c, "phone"), String(c, "email"));

    private static TrialSex Sex(string? value, string where) => value switch
    {
        null or "ALL" => TrialSex.All,
        "FEMALE" => TrialSex.Female,
        "MALE" => TrialSex.Male,
        _ => throw new TrialRecordException($"{where}: protocolSection.eligibilityModule.sex '{value}' is not ALL, FEMALE or MALE."),
    };

    /// <summary>"18 Years", "6 Months", "N/A" → whole years (months and weeks count as the years they fall in).</summary>
    internal static int? Age(string? value, string where, string field)
    {
        if (value is null || value.Equals("N/A", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var m = AgePattern().Match(value);
        if (!m.Success)
        {
            throw new TrialRecordException($"{where}: {field} '{value}' is not an age like '18 Years'.");
        }
        var n = decimal.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var years = m.Groups[2].Value.ToUpperInvariant() switch
        {
            var u when u.StartsWith("YEAR", StringComparison.Ordinal) => n,
            var u when u.StartsWith("MONTH", StringComparison.Ordinal) => n / 12,
            var u when u.StartsWith("WEEK", StringComparison.Ordinal) => n / 52,
            var u when u.StartsWith("DAY", StringComparison.Ordinal) => n / 365,
            _ => n / 8760,
        };
        return (int)Math.Floor(years);
    }

    private static DateOnly? Date(string? value, string where, string field)
    {
        if (value is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month))
        {
            return month;
        }
        throw new TrialRecordException($"{where}: {field} '{value}' is not a date (yyyy-MM-dd or yyyy-MM).");
    }

    private static JsonElement Required(JsonElement parent, string name, string where, string field) =>
        Object(parent, name) ?? throw new TrialRecordException($"{where}: {field} is missing.");

    private static string RequiredString(JsonElement parent, string name, string where, string field) =>
        String(parent, name) is { Length: > 0 } s ? s : throw new TrialRecordException($"{where}: {field} is missing or empty.");

    private static JsonElement? Object(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Object ? v : null;

    private static string? String(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()!.Trim() : null;

    private static List<string> Strings(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!.Trim()).Where(x => x.Length > 0).ToList()
            : [];

    private static IEnumerable<JsonElement> Objects(JsonElement parent, string name) =>
        parent.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array ? v.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.Object) : [];

    private static IEnumerable<string> Terms(JsonElement parent, string name) =>
        Objects(parent, name).Select(t => String(t, "term")).OfType<string>();

    [GeneratedRegex(@"^NCT\d{8}$")]
    private static partial Regex NctIdPattern();

    [GeneratedRegex(@"^\s*(\d+(?:\.\d+)?)\s*(Years?|Months?|Weeks?|Days?|Hours?|Minutes?)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex AgePattern();
}
