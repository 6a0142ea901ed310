using System.IO.Compression;
using System.Text.Json;

namespace Consilium.Medications.Knowledge;

/// <summary>One imported source as stored: which kind, which source and version, and its content (gzip-compressed JSON).</summary>
/// <param name="Kind">One of <see cref="KnowledgeSnapshot.Kinds"/>.</param>
public sealed record KnowledgeBlob(string Kind, KnowledgeSource Source, byte[] Content);

/// <summary>
/// Imported knowledge as versioned blobs, one per source, so that it can be imported once (<c>consilium knowledge
/// import</c>) and kept in the database with its version; <see cref="Restore"/> rebuilds the same indexed knowledge.
/// </summary>
public static class KnowledgeSnapshot
{
    public const string Thesaurus = "interactions-thesaurus";
    public const string HighPriority = "interactions-onc-high-priority";
    public const string NonInterruptive = "interactions-onc-non-interruptive";
    public const string Cpic = "pgx-cpic";

    public static IReadOnlyList<string> Kinds { get; } = [Thesaurus, HighPriority, NonInterruptive, Cpic];

    private static readonly JsonSerializerOptions Options = new() { IncludeFields = true };

    private sealed record GeneTableDto(string Gene, string Version, IReadOnlyList<GeneDiplotype> Diplotypes, IReadOnlyDictionary<string, string> AlleleFunctions);

    private sealed record CpicDto(
        KnowledgeSource? PhenotypeSource, IReadOnlyList<GeneTableDto> Genes,
        KnowledgeSource? RecommendationSource, IReadOnlyList<CpicGuideline> Guidelines,
        KnowledgeSource? PairSource, IReadOnlyList<CpicPair> Pairs);

    public static IReadOnlyList<KnowledgeBlob> Export(MedicationKnowledge knowledge)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        var i = knowledge.Imported;
        var blobs = new List<KnowledgeBlob>();
        if (i.Thesaurus is { } t)
        {
            blobs.Add(new KnowledgeBlob(Thesaurus, t.Source, Pack(t)));
        }
        if (i.HighPriority is { } h)
        {
            blobs.Add(new KnowledgeBlob(HighPriority, h.Source, Pack(h)));
        }
        if (i.NonInterruptive is { } n)
        {
            blobs.Add(new KnowledgeBlob(NonInterruptive, n.Source, Pack(n)));
        }
        if (i.Cpic is { } c)
        {
            var source = c.RecommendationSource ?? c.PhenotypeSource ?? c.PairSource!;
            var dto = new CpicDto(c.PhenotypeSource, c.Genes.Select(g => new GeneTableDto(g.Gene, g.Version, g.Rows.ToList(), g.AlleleFunctions)).ToList(),
                c.RecommendationSource, c.Guidelines, c.PairSource, c.Pairs);
            blobs.Add(new KnowledgeBlob(Cpic, source, Pack(dto)));
        }
        return blobs;
    }

    /// <summary>Rebuilds the knowledge from stored blobs (one per kind; unknown kinds are ignored).</summary>
    /// <exception cref="InvalidDataException">A blob is not what its kind says.</exception>
    public static MedicationKnowledge Restore(IEnumerable<KnowledgeBlob> blobs)
    {
        ThesaurusData? thesaurus = null;
        PairListData? high = null, low = null;
        CpicData? cpic = null;
        foreach (var b in blobs)
        {
            switch (b.Kind)
            {
                case Thesaurus:
                    thesaurus = Unpack<ThesaurusData>(b);
                    break;
                case HighPriority:
                    high = Unpack<PairListData>(b);
                    break;
                case NonInterruptive:
                    low = Unpack<PairListData>(b);
                    break;
                case Cpic:
                    var d = Unpack<CpicDto>(b);
                    cpic = new CpicData(d.PhenotypeSource, d.Genes.Select(g => new GenePhenotypeTable(g.Gene, g.Version, g.Diplotypes, g.AlleleFunctions)).ToList(),
                        d.RecommendationSource, d.Guidelines, d.PairSource, d.Pairs);
                    break;
            }
        }
        return MedicationKnowledge.Create(thesaurus, high, low, cpic);
    }

    private static byte[] Pack<T>(T value)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, value, Options);
        }
        return buffer.ToArray();
    }

    private static T Unpack<T>(KnowledgeBlob blob)
    {
        try
        {
            using var gzip = new GZipStream(new MemoryStream(blob.Content), CompressionMode.Decompress);
            return JsonSerializer.Deserialize<T>(gzip, Options) ?? throw new InvalidDataException($"{blob.Kind}: empty content.");
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"{blob.Kind} ({blob.Source.Citation}): stored content cannot be read: {ex.Message}", ex);
        }
    }
}
