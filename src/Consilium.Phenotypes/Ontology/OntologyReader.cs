using System.Text.Json;

namespace Consilium.Phenotypes.Ontology;

/// <summary>Reads the ontology from OBO Graphs JSON (<c>hp.json</c>) or OBO (<c>hp.obo</c>), plain or gzip.</summary>
public static class OntologyReader
{
    private const string AltIdPred = "http://www.geneontology.org/formats/oboInOwl#hasAlternativeId";
    private const string ReplacedByPred = "http://purl.obolibrary.org/obo/IAO_0100001";
    private const string ConsiderPred = "http://www.geneontology.org/formats/oboInOwl#consider";

    /// <summary>Loads a file, choosing the format from its first non-blank character (<c>{</c> means JSON).</summary>
    public static PhenotypeOntology Load(string path)
    {
        using var stream = DataFiles.OpenRead(path);
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        var bytes = memory.GetBuffer().AsMemory(0, (int)memory.Length);
        var span = bytes.Span;
        var i = 0;
        while (i < span.Length && span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF)
        {
            i++;
        }
        if (i < span.Length && span[i] == (byte)'{')
        {
            return ReadObographs(bytes[i..]);
        }
        memory.Position = 0;
        using var reader = new StreamReader(memory);
        return ReadObo(reader);
    }

    /// <summary>Reads OBO Graphs JSON (the first graph).</summary>
    /// <exception cref="InvalidDataException">Not JSON, or not shaped as OBO Graphs (the message says where).</exception>
    public static PhenotypeOntology ReadObographs(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        using var memory = new MemoryStream();
        json.CopyTo(memory);
        return ReadObographs(memory.GetBuffer().AsMemory(0, (int)memory.Length));
    }

    private static PhenotypeOntology ReadObographs(ReadOnlyMemory<byte> json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }
        using (doc)
        {
            var where = "the document";
            try
            {
                return ReadObographs(doc, ref where);
            }
            catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or IndexOutOfRangeException or ArgumentException)
            {
                // A JsonElement of the wrong kind (a number where the graph has an object, a missing "nodes"): say where.
                throw new InvalidDataException($"not OBO Graphs JSON: {where} is not as expected ({e.Message})", e);
            }
        }
    }

    private static PhenotypeOntology ReadObographs(JsonDocument doc, ref string where)
    {
        var builder = new OntologyBuilder();
        where = "graphs[0]";
        var graph = doc.RootElement.GetProperty("graphs")[0];
        if (graph.TryGetProperty("meta", out var gmeta) && gmeta.TryGetProperty("version", out var ver))
        {
            builder.Version = ReleaseFromIri(ver.GetString());
        }
        var index = 0;
        foreach (var node in graph.GetProperty("nodes").EnumerateArray())
        {
            where = $"graphs[0].nodes[{index++}]";
            if (node.TryGetProperty("type", out var type) && type.GetString() != "CLASS")
            {
                continue;
            }
            var id = CurieFromIri(node.GetProperty("id").GetString() ?? "");
            if (id is null)
            {
                continue;
            }
            var label = node.TryGetProperty("lbl", out var lbl) ? lbl.GetString() ?? "" : "";
            string? definition = null;
            var synonyms = new List<TermSynonym>();
            var alt = new List<string>();
            var consider = new List<string>();
            string? replacedBy = null;
            var obsolete = false;
            if (node.TryGetProperty("meta", out var meta))
            {
                if (meta.TryGetProperty("definition", out var def) && def.TryGetProperty("val", out var dv))
                {
                    definition = dv.GetString();
                }
                if (meta.TryGetProperty("deprecated", out var dep) && dep.ValueKind == JsonValueKind.True)
                {
                    obsolete = true;
                }
                if (meta.TryGetProperty("synonyms", out var syns))
                {
                    foreach (var s in syns.EnumerateArray())
                    {
                        var text = s.TryGetProperty("val", out var v) ? v.GetString() : null;
                        if (string.IsNullOrWhiteSpace(text))
                        {
                            continue;
                        }
                        var scope = s.TryGetProperty("pred", out var p) ? ScopeFromPredicate(p.GetString()) : SynonymScope.Related;
                        var typeName = s.TryGetProperty("synonymType", out var st) ? SynonymTypeName(st.GetString()) : "";
                        synonyms.Add(new TermSynonym(text, scope, typeName));
                    }
                }
                if (meta.TryGetProperty("basicPropertyValues", out var bpvs))
                {
                    foreach (var b in bpvs.EnumerateArray())
                    {
                        var pred = b.TryGetProperty("pred", out var bp) ? bp.GetString() : null;
                        var val = b.TryGetProperty("val", out var bv) ? bv.GetString() : null;
                        if (val is null)
                        {
                            continue;
                        }
                        switch (pred)
                        {
                            case AltIdPred: alt.Add(val); break;
                            case ReplacedByPred: replacedBy = CurieFromIri(val) ?? val; break;
                            case ConsiderPred: consider.Add(CurieFromIri(val) ?? val); break;
                            default: break;
                        }
                    }
                }
            }
            if (obsolete && label.StartsWith("obsolete ", StringComparison.Ordinal))
            {
                label = label["obsolete ".Length..];
            }
            builder.AddTerm(new OntologyTerm(id, label)
            {
                Definition = definition,
                Synonyms = synonyms,
                IsObsolete = obsolete,
                AltIds = alt,
                ReplacedBy = replacedBy,
                Consider = consider,
            });
        }
        if (graph.TryGetProperty("edges", out var edges))
        {
            index = 0;
            foreach (var e in edges.EnumerateArray())
            {
                where = $"graphs[0].edges[{index++}]";
                if (e.GetProperty("pred").GetString() is not ("is_a" or "http://www.w3.org/2000/01/rdf-schema#subClassOf"))
                {
                    continue;
                }
                var sub = CurieFromIri(e.GetProperty("sub").GetString() ?? "");
                var obj = CurieFromIri(e.GetProperty("obj").GetString() ?? "");
                if (sub is not null && obj is not null)
                {
                    builder.AddIsA(sub, obj);
                }
            }
        }
        return builder.Build();
    }

    /// <summary>Reads the OBO 1.4 flat-file format (<c>[Term]</c> stanzas).</summary>
    public static PhenotypeOntology ReadObo(TextReader reader)
    {
        var builder = new OntologyBuilder();
        string? line;
        var inTerm = false;
        string? id = null;
        string label = "";
        string? definition = null;
        string? replacedBy = null;
        var obsolete = false;
        var synonyms = new List<TermSynonym>();
        var alt = new List<string>();
        var consider = new List<string>();
        var parents = new List<string>();

        void Flush()
        {
            if (inTerm && id is not null)
            {
                builder.AddTerm(new OntologyTerm(id, label)
                {
                    Definition = definition,
                    Synonyms = [.. synonyms],
                    IsObsolete = obsolete,
                    AltIds = [.. alt],
                    ReplacedBy = replacedBy,
                    Consider = [.. consider],
                });
                foreach (var p in parents)
                {
                    builder.AddIsA(id, p);
                }
            }
            id = null;
            label = "";
            definition = null;
            replacedBy = null;
            obsolete = false;
            synonyms.Clear();
            alt.Clear();
            consider.Clear();
            parents.Clear();
        }

        while ((line = reader.ReadLine()) is not null)
        {
            line = line.Trim();
            if (line.Length == 0 || line[0] == '!')
            {
                continue;
            }
            if (line[0] == '[')
            {
                Flush();
                inTerm = line == "[Term]";
                continue;
            }
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }
            var tag = line[..colon];
            var value = StripComment(line[(colon + 1)..].Trim());
            if (!inTerm)
            {
                if (tag == "data-version")
                {
                    builder.Version = ReleaseFromIri(value);
                }
                continue;
            }
            switch (tag)
            {
                case "id": id = value; break;
                case "name": label = value; break;
                case "def": definition = QuotedText(value, out _); break;
                case "is_obsolete": obsolete = value == "true"; break;
                case "alt_id": alt.Add(value); break;
                case "replaced_by": replacedBy = value; break;
                case "consider": consider.Add(value); break;
                case "is_a":
                    var space = value.IndexOf(' ', StringComparison.Ordinal);
                    parents.Add(space > 0 ? value[..space] : value);
                    break;
                case "synonym":
                    var text = QuotedText(value, out var rest);
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        var parts = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                        var scope = parts.Length > 0 ? ScopeFromPredicate(parts[0]) : SynonymScope.Related;
                        var type = parts.Length > 1 && !parts[1].StartsWith('[') ? SynonymTypeName(parts[1]) : "";
                        synonyms.Add(new TermSynonym(text, scope, type));
                    }
                    break;
                default: break;
            }
        }
        Flush();
        return builder.Build();
    }

    private static string StripComment(string value)
    {
        // " ! label" trailing comments, but not inside quotes
        if (value.StartsWith('"'))
        {
            return value;
        }
        var bang = value.IndexOf(" !", StringComparison.Ordinal);
        return bang >= 0 ? value[..bang].TrimEnd() : value;
    }

    private static string QuotedText(string value, out string rest)
    {
        rest = "";
        if (!value.StartsWith('"'))
        {
            return value;
        }
        var sb = new System.Text.StringBuilder();
        for (var i = 1; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '\\' && i + 1 < value.Length)
            {
                sb.Append(value[++i]);
            }
            else if (c == '"')
            {
                rest = value[(i + 1)..].Trim();
                break;
            }
            else
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }

    private static SynonymScope ScopeFromPredicate(string? pred) => pred switch
    {
        "hasExactSynonym" or "EXACT" => SynonymScope.Exact,
        "hasBroadSynonym" or "BROAD" => SynonymScope.Broad,
        "hasNarrowSynonym" or "NARROW" => SynonymScope.Narrow,
        _ => SynonymScope.Related,
    };

    private static string SynonymTypeName(string? iri)
    {
        if (string.IsNullOrEmpty(iri))
        {
            return "";
        }
        var hash = iri.LastIndexOf('#');
        var name = hash >= 0 ? iri[(hash + 1)..] : iri;
        return name.Replace("_synonym", "", StringComparison.Ordinal) switch
        {
            "layperson" => "layperson",
            "uk_spelling" => "uk_spelling",
            "abbreviation" => "abbreviation",
            "plural_form" => "plural_form",
            "obsolete" => "obsolete",
            _ => name,
        };
    }

    /// <summary><c>http://purl.obolibrary.org/obo/HP_0001250</c> → <c>HP:0001250</c>; CURIEs pass through.</summary>
    internal static string? CurieFromIri(string iri)
    {
        const string obo = "http://purl.obolibrary.org/obo/";
        if (iri.StartsWith(obo, StringComparison.Ordinal))
        {
            var local = iri[obo.Length..];
            var us = local.IndexOf('_', StringComparison.Ordinal);
            if (us <= 0 || local.Contains('/', StringComparison.Ordinal) || local.Contains('#', StringComparison.Ordinal))
            {
                return null;
            }
            return string.Concat(local.AsSpan(0, us), ":", local.AsSpan(us + 1));
        }
        return iri.Contains(':', StringComparison.Ordinal) && !iri.Contains('/', StringComparison.Ordinal) ? iri : null;
    }

    private static string? ReleaseFromIri(string? iri)
    {
        if (string.IsNullOrEmpty(iri))
        {
            return null;
        }
        var idx = iri.IndexOf("releases/", StringComparison.Ordinal);
        if (idx < 0)
        {
            return iri;
        }
        var rest = iri[(idx + "releases/".Length)..];
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        return slash > 0 ? rest[..slash] : rest;
    }
}
