using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Consilium.Cli.Bench.Fuzz;

/// <summary>
/// Makes input number <c>i</c> of a run from the target's real seed files: byte mutations every reader must survive
/// (truncation, flipped bytes, invalid UTF-8, UTF-16 and BOMs), structural ones for JSON (wrong types, huge strings,
/// deep nesting, duplicate keys, missing properties), text and XML ones (huge lines, broken separators, entity
/// expansion), archive ones (zip bombs, path traversal, nested and truncated ZIPs), and FsCheck-generated values.
/// The same seed and index always give the same input.
/// </summary>
internal static class Mutations
{
    private const int HugeBytes = 2 * 1024 * 1024;

    private static readonly string[] Common = ["seed", "truncate", "flip-bytes", "insert-bytes", "delete-chunk", "duplicate-chunk", "invalid-utf8", "utf16-le-bom", "utf16-be", "utf8-bom", "empty", "nul-bytes", "random-bytes"];
    private static readonly string[] JsonOnly = ["wrong-type", "huge-string", "deep-nesting", "duplicate-key", "drop-property", "hostile-string", "extreme-number", "huge-array", "fscheck-json", "fscheck-json-in-seed", "json-null", "json-scalar"];
    private static readonly string[] TextOnly = ["hostile-field", "huge-line", "duplicate-lines", "drop-lines", "swap-separators", "shuffle-lines", "crlf-mix", "fscheck-text"];
    private static readonly string[] XmlOnly = ["billion-laughs", "external-entity", "deep-nesting-xml", "hostile-text", "unclosed-tag", "huge-attribute"];
    private static readonly string[] ArchiveOnly = ["zip-bomb", "zip-traversal", "zip-absolute-name", "zip-many-entries", "zip-nested", "zip-truncated", "zip-of-seeds", "zip-lying-size", "zip-empty-names"];
    private static readonly string[] FieldOnly = ["hostile-string", "hostile-string", "hostile-string", "huge-string", "invalid-utf8", "seed", "empty"];

    public static IReadOnlyList<string> For(InputShape shape) => shape switch
    {
        InputShape.Json => [.. Common, .. JsonOnly, .. JsonOnly],
        InputShape.Text => [.. Common, .. TextOnly, .. TextOnly],
        InputShape.Xml => [.. Common, .. XmlOnly, .. TextOnly],
        InputShape.Archive => [.. Common, .. ArchiveOnly, .. ArchiveOnly],
        InputShape.Field => FieldOnly,
        _ => Common,
    };

    public static FuzzInput Make(FuzzTarget target, int runSeed, int index)
    {
        var seed = unchecked((runSeed * 1_000_003) + index);
        var rnd = new Random(seed);
        var mutations = For(target.Shape);
        var mutation = mutations[rnd.Next(mutations.Count)];
        var seeds = target.Seeds;
        var original = seeds.Count == 0 ? [] : seeds[rnd.Next(seeds.Count)];
        byte[] bytes;
        try
        {
            bytes = Apply(mutation, original, target.Shape, seeds, rnd, seed);
        }
        catch (JsonException)
        {
            // The seed is not JSON after all (a text format in a JSON-shaped target): fall back to flipping bytes.
            mutation = "flip-bytes";
            bytes = FlipBytes(original, rnd);
        }
        return new FuzzInput(index, mutation, bytes, seed);
    }

    private static byte[] Apply(string mutation, byte[] seed, InputShape shape, IReadOnlyList<byte[]> seeds, Random rnd, int fsSeed) => mutation switch
    {
        "seed" => seed,
        "truncate" => seed[..(seed.Length == 0 ? 0 : rnd.Next(seed.Length))],
        "flip-bytes" => FlipBytes(seed, rnd),
        "insert-bytes" => Insert(seed, rnd.Next(seed.Length + 1), RandomBytes(rnd, rnd.Next(1, 64))),
        "delete-chunk" => DeleteChunk(seed, rnd),
        "duplicate-chunk" => DuplicateChunk(seed, rnd),
        "invalid-utf8" => Insert(seed, rnd.Next(seed.Length + 1), rnd.Next(5) switch
        {
            0 => [0xC3, 0x28],
            1 => [0xFF, 0xFE, 0xFD],
            2 => [0xC0, 0xAF],
            3 => [0xED, 0xA0, 0x80],
            _ => [0xF4, 0x90, 0x80, 0x80],
        }),
        "utf16-le-bom" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Encoding.UTF8.GetString(seed))],
        "utf16-be" => Encoding.BigEndianUnicode.GetBytes(Encoding.UTF8.GetString(seed)),
        "utf8-bom" => [0xEF, 0xBB, 0xBF, .. seed],
        "empty" => [],
        "nul-bytes" => Insert(seed, rnd.Next(seed.Length + 1), new byte[rnd.Next(1, 4096)]),
        "random-bytes" => RandomBytes(rnd, rnd.Next(0, 8192)),
        "hostile-string" when shape == InputShape.Field => HostileValues.Utf8(HostileValues.String(fsSeed)),
        "huge-string" when shape == InputShape.Field => HostileValues.Utf8(new string('x', rnd.Next(100_000, HugeBytes))),
        "wrong-type" or "huge-string" or "drop-property" or "hostile-string" or "extreme-number" or "huge-array" or "fscheck-json-in-seed" => MutateJson(mutation, seed, rnd, fsSeed),
        "deep-nesting" => DeepNesting(seed, rnd),
        "duplicate-key" => DuplicateKey(seed, rnd),
        "fscheck-json" => Encoding.UTF8.GetBytes(HostileValues.Sample(HostileValues.Json, fsSeed)?.ToJsonString() ?? "null"),
        "json-null" => "null"u8.ToArray(),
        "json-scalar" => Encoding.UTF8.GetBytes(rnd.Next(3) switch { 0 => "42", 1 => "\"a string\"", _ => "[]" }),
        "hostile-field" or "huge-line" or "duplicate-lines" or "drop-lines" or "swap-separators" or "shuffle-lines" or "crlf-mix" or "fscheck-text" => MutateLines(mutation, seed, rnd, fsSeed),
        "billion-laughs" => Encoding.UTF8.GetBytes(BillionLaughs),
        "external-entity" => Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><INTERACTIONS><INTERACTION><DRUG1>&e;</DRUG1><DRUG2>b</DRUG2><DESCRIPTION>&e;</DESCRIPTION></INTERACTION></INTERACTIONS>"),
        "deep-nesting-xml" => Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<a>", rnd.Next(1_000, 200_000))) + "x"),
        "hostile-text" => ReplaceXmlText(seed, rnd, fsSeed),
        "unclosed-tag" => [.. seed[..(seed.Length / 2)], .. "<INTERACTION><DRUG1"u8.ToArray()],
        "huge-attribute" => Insert(seed, Math.Max(0, Array.IndexOf(seed, (byte)'>')), Encoding.UTF8.GetBytes(" a=\"" + new string('x', rnd.Next(10_000, HugeBytes)) + "\"")),
        _ when mutation.StartsWith("zip-", StringComparison.Ordinal) => Archives.Make(mutation, seed, seeds, rnd),
        _ => seed,
    };

    private static byte[] FlipBytes(byte[] seed, Random rnd)
    {
        if (seed.Length == 0)
        {
            return RandomBytes(rnd, 16);
        }
        var copy = (byte[])seed.Clone();
        for (var n = rnd.Next(1, 9); n > 0; n--)
        {
            copy[rnd.Next(copy.Length)] ^= (byte)rnd.Next(1, 256);
        }
        return copy;
    }

    private static byte[] Insert(byte[] seed, int at, byte[] what) => [.. seed[..at], .. what, .. seed[at..]];

    private static byte[] DeleteChunk(byte[] seed, Random rnd)
    {
        if (seed.Length < 2)
        {
            return [];
        }
        var start = rnd.Next(seed.Length);
        var length = rnd.Next(1, Math.Min(4096, seed.Length - start) + 1);
        return [.. seed[..start], .. seed[(start + length)..]];
    }

    private static byte[] DuplicateChunk(byte[] seed, Random rnd)
    {
        if (seed.Length == 0)
        {
            return seed;
        }
        var start = rnd.Next(seed.Length);
        var length = rnd.Next(1, Math.Min(4096, seed.Length - start) + 1);
        return Insert(seed, rnd.Next(seed.Length + 1), seed[start..(start + length)]);
    }

    internal static byte[] RandomBytes(Random rnd, int length)
    {
        var bytes = new byte[length];
        rnd.NextBytes(bytes);
        return bytes;
    }

    private static byte[] MutateJson(string mutation, byte[] seed, Random rnd, int fsSeed)
    {
        var root = JsonNode.Parse(seed, documentOptions: new JsonDocumentOptions { MaxDepth = 512 }) ?? throw new JsonException("null seed");
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[rnd.Next(nodes.Count)];
        switch (mutation)
        {
            case "wrong-type":
                Replace(root, target, rnd.Next(6) switch
                {
                    0 => JsonValue.Create(rnd.Next()),
                    1 => JsonValue.Create("not the expected type"),
                    2 => new JsonArray(JsonValue.Create(1), JsonValue.Create("two")),
                    3 => new JsonObject { ["unexpected"] = true },
                    4 => JsonValue.Create(false),
                    _ => null,
                });
                break;
            case "huge-string":
                Replace(root, target, JsonValue.Create(new string((char)('a' + rnd.Next(26)), rnd.Next(100_000, HugeBytes))));
                break;
            case "hostile-string":
                Replace(root, StringNode(nodes, rnd) ?? target, JsonValue.Create(HostileValues.String(fsSeed)));
                break;
            case "extreme-number":
                return Encoding.UTF8.GetBytes(ReplaceWithRaw(root, target, rnd.Next(5) switch { 0 => "1e999999", 1 => "-0", 2 => "123456789012345678901234567890", 3 => "0.0000000000000000000000000000001", _ => "-9223372036854775809" }));
            case "huge-array":
                if (nodes.OfType<JsonArray>().Where(a => a.Count > 0).ToList() is { Count: > 0 } arrays)
                {
                    var array = arrays[rnd.Next(arrays.Count)];
                    var item = array[0];
                    // Thousands of entries, but not past a few times the upload limit: a copied bundle entry can be 30 kB.
                    var itemBytes = Math.Max(1, item?.ToJsonString().Length ?? 4);
                    for (var n = Math.Min(rnd.Next(500, 5_000), Math.Max(1, 4 * HugeBytes / itemBytes)); n > 0; n--)
                    {
                        array.Add(item?.DeepClone());
                    }
                }
                break;
            case "drop-property":
                if (nodes.OfType<JsonObject>().Where(o => o.Count > 0).ToList() is { Count: > 0 } objects)
                {
                    var o = objects[rnd.Next(objects.Count)];
                    o.Remove(o.ElementAt(rnd.Next(o.Count)).Key);
                }
                break;
            case "fscheck-json-in-seed":
                Replace(root, target, HostileValues.Sample(HostileValues.Json, fsSeed));
                break;
            default:
                break;
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static JsonNode? StringNode(List<JsonNode> nodes, Random rnd) =>
        nodes.Where(n => n is JsonValue v && v.GetValueKind() == JsonValueKind.String).ToList() is { Count: > 0 } strings ? strings[rnd.Next(strings.Count)] : null;

    private static void Collect(JsonNode node, List<JsonNode> into)
    {
        into.Add(node);
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, v) in o)
                {
                    if (v is not null)
                    {
                        Collect(v, into);
                    }
                }
                break;
            case JsonArray a:
                foreach (var v in a)
                {
                    if (v is not null)
                    {
                        Collect(v, into);
                    }
                }
                break;
            default:
                break;
        }
    }

    private static void Replace(JsonNode root, JsonNode target, JsonNode? with)
    {
        if (ReferenceEquals(root, target) || target.Parent is null)
        {
            return;
        }
        switch (target.Parent)
        {
            case JsonObject o:
                o[target.GetPropertyName()] = with;
                break;
            case JsonArray a:
                a[target.GetElementIndex()] = with;
                break;
            default:
                break;
        }
    }

    private static string ReplaceWithRaw(JsonNode root, JsonNode target, string raw)
    {
        const string marker = "\"__consilium_fuzz_marker__\"";
        Replace(root, target, JsonValue.Create("__consilium_fuzz_marker__"));
        var text = root.ToJsonString();
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? text : string.Concat(text.AsSpan(0, at), raw, text.AsSpan(at + marker.Length));
    }

    private static byte[] DeepNesting(byte[] seed, Random rnd)
    {
        var depth = rnd.Next(100, 100_000);
        var open = rnd.Next(2) == 0 ? "[" : "{\"a\":";
        var close = open == "[" ? "]" : "}";
        var nested = string.Concat(Enumerable.Repeat(open, depth)) + "1" + string.Concat(Enumerable.Repeat(close, depth));
        // As the first property of the root object, so the document is otherwise what the reader expects.
        var text = Encoding.UTF8.GetString(seed);
        var brace = text.IndexOf('{', StringComparison.Ordinal);
        if (brace < 0 || rnd.Next(4) == 0)
        {
            return Encoding.UTF8.GetBytes(nested);
        }
        return Encoding.UTF8.GetBytes(text[..(brace + 1)] + "\"nest\":" + nested + "," + text[(brace + 1)..]);
    }

    private static byte[] DuplicateKey(byte[] seed, Random rnd)
    {
        var root = JsonNode.Parse(seed) ?? throw new JsonException("null seed");
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var objects = nodes.OfType<JsonObject>().Where(o => o.Count > 0).ToList();
        if (objects.Count == 0)
        {
            return seed;
        }
        var target = objects[rnd.Next(objects.Count)];
        var (key, _) = target.ElementAt(rnd.Next(target.Count));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteWithDuplicate(writer, root, target, key, rnd);
        }
        return buffer.ToArray();
    }

    private static void WriteWithDuplicate(Utf8JsonWriter writer, JsonNode? node, JsonObject target, string key, Random rnd)
    {
        switch (node)
        {
            case JsonObject o:
                writer.WriteStartObject();
                foreach (var (k, v) in o)
                {
                    writer.WritePropertyName(k);
                    WriteWithDuplicate(writer, v, target, key, rnd);
                    if (ReferenceEquals(o, target) && k == key)
                    {
                        writer.WritePropertyName(k);
                        if (rnd.Next(2) == 0)
                        {
                            writer.WriteStringValue("duplicate");
                        }
                        else
                        {
                            WriteWithDuplicate(writer, v, target, key, rnd);
                        }
                    }
                }
                writer.WriteEndObject();
                break;
            case JsonArray a:
                writer.WriteStartArray();
                foreach (var v in a)
                {
                    WriteWithDuplicate(writer, v, target, key, rnd);
                }
                writer.WriteEndArray();
                break;
            case null:
                writer.WriteNullValue();
                break;
            default:
                node.WriteTo(writer);
                break;
        }
    }

    private static byte[] MutateLines(string mutation, byte[] seed, Random rnd, int fsSeed)
    {
        var lines = Encoding.UTF8.GetString(seed).Split('\n').ToList();
        var i = rnd.Next(lines.Count);
        switch (mutation)
        {
            case "hostile-field":
            case "fscheck-text":
                var separator = lines[i].Contains('\t', StringComparison.Ordinal) ? '\t' : lines[i].Contains('$', StringComparison.Ordinal) ? '$' : ',';
                var fields = lines[i].Split(separator);
                fields[rnd.Next(fields.Length)] = HostileValues.String(fsSeed);
                lines[i] = mutation == "fscheck-text" ? HostileValues.String(fsSeed) : string.Join(separator, fields);
                break;
            case "huge-line":
                lines.Insert(i, new string('x', rnd.Next(100_000, HugeBytes)));
                break;
            case "duplicate-lines":
                lines.InsertRange(i, Enumerable.Repeat(lines[i], rnd.Next(2, 2_000)));
                break;
            case "drop-lines":
                lines.RemoveRange(i, Math.Min(lines.Count - i, rnd.Next(1, 50)));
                break;
            case "swap-separators":
                lines[i] = lines[i].Replace('\t', ',').Replace(':', '\t').Replace('$', '\t');
                break;
            case "shuffle-lines":
                lines = [.. lines.OrderBy(_ => rnd.Next())];
                break;
            case "crlf-mix":
                return Encoding.UTF8.GetBytes(string.Join(rnd.Next(2) == 0 ? "\r" : "\r\r\n", lines));
            default:
                break;
        }
        return Encoding.UTF8.GetBytes(string.Join('\n', lines));
    }

    private static byte[] ReplaceXmlText(byte[] seed, Random rnd, int fsSeed)
    {
        var text = Encoding.UTF8.GetString(seed);
        var close = text.IndexOf("</", rnd.Next(Math.Max(1, text.Length)), StringComparison.Ordinal);
        if (close < 0)
        {
            close = text.IndexOf("</", StringComparison.Ordinal);
        }
        var value = System.Security.SecurityElement.Escape(HostileValues.String(fsSeed)) ?? "";
        return close < 0 ? seed : Encoding.UTF8.GetBytes(text[..close] + value + text[close..]);
    }

    private const string BillionLaughs = """
        <?xml version="1.0"?>
        <!DOCTYPE lolz [
         <!ENTITY lol "lol">
         <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
         <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
         <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
         <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
         <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
         <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
         <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
         <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
         <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
        ]>
        <INTERACTIONS><INTERACTION><DRUG1>&lol9;</DRUG1><DRUG2>b</DRUG2><DESCRIPTION>&lol9;</DESCRIPTION></INTERACTION></INTERACTIONS>
        """;
}

/// <summary>Hostile ZIP archives around the target's seed files.</summary>
internal static class Archives
{
    public static byte[] Make(string mutation, byte[] seed, IReadOnlyList<byte[]> seeds, Random rnd)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            switch (mutation)
            {
                case "zip-bomb":
                    // Tens of MB of zeros that compress about 1000:1: the import's ratio and size limits must refuse it.
                    using (var s = zip.CreateEntry("bomb.dcm", CompressionLevel.SmallestSize).Open())
                    {
                        var zeros = new byte[1024 * 1024];
                        for (var n = rnd.Next(16, 64); n > 0; n--)
                        {
                            s.Write(zeros);
                        }
                    }
                    break;
                case "zip-traversal":
                    Add(zip, string.Concat(Enumerable.Repeat("../", rnd.Next(1, 12))) + "etc/" + rnd.Next(1000) + ".dcm", seed);
                    break;
                case "zip-absolute-name":
                    Add(zip, rnd.Next(2) == 0 ? "/tmp/consilium-fuzz.dcm" : "C:\\Windows\\consilium-fuzz.dcm", seed);
                    break;
                case "zip-many-entries":
                    for (var n = rnd.Next(1_000, 25_000); n > 0; n--)
                    {
                        zip.CreateEntry($"e{n}.dcm", CompressionLevel.NoCompression);
                    }
                    break;
                case "zip-nested":
                    Add(zip, "inner.zip", Make("zip-of-seeds", seed, seeds, rnd));
                    break;
                case "zip-of-seeds":
                    foreach (var file in seeds.Take(rnd.Next(1, seeds.Count + 1)))
                    {
                        Add(zip, $"IM{rnd.Next(100_000)}.dcm", file);
                    }
                    break;
                case "zip-empty-names":
                    Add(zip, rnd.Next(2) == 0 ? "dir/" : " ", seed);
                    break;
                default:
                    Add(zip, "IM0001.dcm", seed);
                    break;
            }
        }
        var bytes = buffer.ToArray();
        return mutation switch
        {
            "zip-truncated" => bytes[..rnd.Next(bytes.Length)],
            // A local header that claims a tiny uncompressed size for a large entry.
            "zip-lying-size" => LieAboutSize(bytes),
            _ => bytes,
        };
    }

    private static void Add(ZipArchive zip, string name, byte[] content)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.Fastest).Open();
        s.Write(content);
    }

    private static byte[] LieAboutSize(byte[] zip)
    {
        var copy = (byte[])zip.Clone();
        for (var i = 0; i + 46 < copy.Length; i++)
        {
            // Central directory header: uncompressed size at offset 24.
            if (copy[i] == 0x50 && copy[i + 1] == 0x4B && copy[i + 2] == 0x01 && copy[i + 3] == 0x02)
            {
                copy[i + 24] = 1;
                copy[i + 25] = 0;
                copy[i + 26] = 0;
                copy[i + 27] = 0;
            }
        }
        return copy;
    }
}
