using System.Text;
using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace Consilium.Cli.Bench.Fuzz;

/// <summary>
/// FsCheck generators for the values an attacker or a broken export sends: arbitrary strings, known payloads (script,
/// SQL, traversal, template and log injection), long repetitions that make backtracking regexes explode, odd Unicode
/// (lone surrogates, right-to-left overrides, zero-width), extreme numbers, and whole random JSON documents.
/// Sampled with a seed, so the same run gives the same values.
/// </summary>
internal static class HostileValues
{
    private static readonly string[] Payloads =
    [
        "", " ", "\0", "\u0000\u0001\u0002", "<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>", "'; DROP TABLE Cases; --",
        "' OR '1'='1", "../../../../etc/passwd", "..\\..\\windows\\win.ini", "/etc/shadow", "C:\\boot.ini", "%2e%2e%2f%2e%2e%2f", "\u202Egnp.exe",
        "\u200B\u200C\u200D\uFEFF", "${jndi:ldap://127.0.0.1/a}", "{{7*7}}", "@{7*7}", "%s%s%s%n", "\r\nSet-Cookie: x=1", "NaN", "Infinity", "-0",
        "1e309", "-1e309", "99999999999999999999999999999", "-2147483649", "9223372036854775808", "0x7fffffff", "true", "null", "[]", "{}",
        "\uD800", "\uDFFF", "\uD83D\uDE00\uD83D\uDE00", "Ω≈ç√∫˜µ≤≥÷", "ـــــ", "𝕿𝖍𝖊", "HP:", "HP:000000000000001", "OMIM:", "ORPHA:-1",
        "NCT0000000", "NCT99999999", "9999-99-99", "0000-00-00", "2024-02-30", "1900-01-01T25:61:61Z", "-1 Years", "999999999 Years", "18 Yeers",
        "a@b", "@", "x@y..z", new string('@', 300), "javascript:alert(1)", "//evil.example", "/\\evil.example", "http://127.0.0.1:1/", "file:///etc/passwd",
    ];

    /// <summary>Strings: FsCheck's arbitrary strings, known payloads, long repetitions and random Unicode.</summary>
    public static Gen<string> Strings { get; } = Gen.Frequency(
        (4, ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? "")),
        (4, Gen.Elements(Payloads)),
        (2, from unit in Gen.Elements("a", "1.", "aa", " ", "x-", "ab", "\t", "(", "[a", "HP:0", "0")
            from count in Gen.Choose(1_000, 60_000)
            from tail in Gen.Elements("!", "", "\0", "$", "}")
            select string.Concat(Enumerable.Repeat(unit, count)) + tail),
        (2, from points in Gen.ArrayOf(Gen.Choose(0, 0x10FFFF))
            select string.Concat(points.Select(p => p is >= 0xD800 and <= 0xDFFF ? ((char)p).ToString() : char.ConvertFromUtf32(p)))));

    /// <summary>A JSON value of any shape, up to the generator's size.</summary>
    public static Gen<JsonNode?> Json { get; } = Gen.Sized(JsonOfSize);

    private static Gen<JsonNode?> JsonOfSize(int size)
    {
        var leaf = Gen.OneOf(
            Gen.Constant<JsonNode?>(null),
            ArbMap.Default.ArbFor<bool>().Generator.Select(b => (JsonNode?)JsonValue.Create(b)),
            ArbMap.Default.ArbFor<int>().Generator.Select(i => (JsonNode?)JsonValue.Create(i)),
            ArbMap.Default.ArbFor<NormalFloat>().Generator.Select(d => (JsonNode?)JsonValue.Create(d.Get)),
            Strings.Select(s => (JsonNode?)JsonValue.Create(s)));
        if (size <= 1)
        {
            return leaf;
        }
        var child = Gen.Resize(Gen.Sized<JsonNode?>(JsonOfSize), size / 3);
        var array = Gen.ArrayOf(child).Select(items => (JsonNode?)new JsonArray(items));
        var obj = Gen.ArrayOf(Gen.Zip(Gen.Elements("resourceType", "id", "type", "entry", "resource", "experts", "name", "nodes", "graphs", "protocolSection", "phenotypicFeatures", "subject", "x"), child))
            .Select(pairs =>
            {
                var o = new JsonObject();
                foreach (var (k, v) in pairs)
                {
                    o[k] = v;
                }
                return (JsonNode?)o;
            });
        return Gen.Frequency<JsonNode?>((3, leaf), (1, array), (1, obj));
    }

    /// <summary>One sample of <paramref name="gen"/> for this input's seed.</summary>
    public static T Sample<T>(Gen<T> gen, int seed, int size = 30) =>
        Gen.Sample(gen, size, new Rnd(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL)), 1)[0];

    public static string String(int seed) => Sample(Strings, seed);

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
