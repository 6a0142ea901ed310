using Hl7.Fhir.Model;

namespace Consilium.Fhir.Intake;

/// <summary>
/// The keys case items are known by (<c>ResourceType/id</c>, else the entry's fullUrl), and the resolution of
/// references inside the Bundle (<c>urn:uuid:…</c>, <c>Condition/123</c>, absolute URLs, contained <c>#id</c>) to those keys.
/// </summary>
internal sealed class SourceKeys
{
    private readonly Dictionary<string, string> _aliases = new(StringComparer.Ordinal);

    public static string KeyOf(BundleEntry entry) =>
        !string.IsNullOrEmpty(entry.Resource.Id) ? $"{entry.Resource.TypeName}/{entry.Resource.Id}"
        : !string.IsNullOrEmpty(entry.FullUrl) ? entry.FullUrl
        : $"Bundle.entry[{entry.Index}]";

    public void Add(BundleEntry entry, string key)
    {
        _aliases.TryAdd(key, key);
        if (!string.IsNullOrEmpty(entry.FullUrl))
        {
            _aliases.TryAdd(entry.FullUrl, key);
            if (TypeAndId(entry.FullUrl) is { } fromUrl)
            {
                _aliases.TryAdd(fromUrl, key);
            }
        }
    }

    /// <summary>The key a reference points to; references outside the Bundle are returned in <c>Type/id</c> form when they have one, else as written.</summary>
    public string? Resolve(ResourceReference? reference, string containerKey)
    {
        var value = reference?.Reference;
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        if (value.StartsWith('#'))
        {
            return containerKey + value;
        }
        if (_aliases.TryGetValue(value, out var key))
        {
            return key;
        }
        if (TypeAndId(value) is { } typeAndId)
        {
            return _aliases.TryGetValue(typeAndId, out var byTypeAndId) ? byTypeAndId : typeAndId;
        }
        return value;
    }

    public IReadOnlyList<string> ResolveAll(IEnumerable<ResourceReference>? references, string containerKey)
    {
        if (references is null)
        {
            return [];
        }
        var keys = new List<string>();
        foreach (var reference in references)
        {
            if (Resolve(reference, containerKey) is { } key && !keys.Contains(key))
            {
                keys.Add(key);
            }
        }
        return keys;
    }

    /// <summary><c>Type/id</c> from <c>Type/id</c>, <c>http://server/fhir/Type/id</c> or <c>…/Type/id/_history/2</c>; null for other forms.</summary>
    internal static string? TypeAndId(string reference)
    {
        if (reference.StartsWith("urn:", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var parts = reference.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var n = parts.Length;
        if (n >= 4 && parts[n - 2] == "_history")
        {
            n -= 2;
        }
        if (n < 2)
        {
            return null;
        }
        var type = parts[n - 2];
        var id = parts[n - 1];
        if (type.Length == 0 || !char.IsAsciiLetterUpper(type[0]) || !type.All(char.IsAsciiLetter) || id.Contains('?', StringComparison.Ordinal))
        {
            return null;
        }
        return $"{type}/{id}";
    }
}
