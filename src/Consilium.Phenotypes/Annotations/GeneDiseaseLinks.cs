namespace Consilium.Phenotypes.Annotations;

/// <summary>
/// Which genes are linked to which diseases, as HPO's <c>genes_to_disease.txt</c> gives them
/// (columns <c>ncbi_gene_id, gene_symbol, association_type, disease_id, source</c>; plain or gzip).
/// Used only to recognise entries of different databases that describe the same single-gene condition.
/// </summary>
public sealed class GeneDiseaseLinks
{
    private readonly Dictionary<string, HashSet<string>> _genesOfDisease;
    private readonly Dictionary<string, HashSet<string>> _diseasesOfGene;

    private GeneDiseaseLinks(Dictionary<string, HashSet<string>> genesOfDisease, Dictionary<string, HashSet<string>> diseasesOfGene, int rows)
    {
        _genesOfDisease = genesOfDisease;
        _diseasesOfGene = diseasesOfGene;
        RowCount = rows;
    }

    /// <summary>Links read.</summary>
    public int RowCount { get; }

    /// <summary>The genes (NCBI Gene ids) linked to a disease id.</summary>
    public IReadOnlyCollection<string> GenesOf(string diseaseId) => _genesOfDisease.TryGetValue(diseaseId, out var g) ? g : [];

    /// <summary>The disease ids linked to a gene.</summary>
    public IReadOnlyCollection<string> DiseasesOf(string geneId) => _diseasesOfGene.TryGetValue(geneId, out var d) ? d : [];

    public static GeneDiseaseLinks Load(string path)
    {
        using var reader = DataFiles.OpenText(path);
        return Read(reader);
    }

    /// <summary>Reads the tab-separated file; a file without the expected header, or a row without a gene or disease id, is refused with its line number.</summary>
    public static GeneDiseaseLinks Read(TextReader reader)
    {
        var genesOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var diseasesOf = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        var line = 0;
        var rows = 0;
        var header = false;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Length == 0 || text.StartsWith('#'))
            {
                continue;
            }
            var cols = text.Split('\t');
            if (!header)
            {
                if (cols.Length < 4 || cols[0] != "ncbi_gene_id" || cols[3] != "disease_id")
                {
                    throw new InvalidDataException($"line {line}: expected the genes_to_disease header (ncbi_gene_id, gene_symbol, association_type, disease_id, source)");
                }
                header = true;
                continue;
            }
            if (cols.Length < 4 || !cols[0].Contains(':', StringComparison.Ordinal) || !cols[3].Contains(':', StringComparison.Ordinal))
            {
                throw new InvalidDataException($"line {line}: expected a gene id and a disease id (e.g. NCBIGene:2200 … OMIM:154700)");
            }
            rows++;
            Add(genesOf, cols[3], cols[0]);
            Add(diseasesOf, cols[0], cols[3]);
        }
        if (!header)
        {
            throw new InvalidDataException("empty file: expected the genes_to_disease header (ncbi_gene_id, gene_symbol, association_type, disease_id, source)");
        }
        return new GeneDiseaseLinks(genesOf, diseasesOf, rows);

        static void Add(Dictionary<string, HashSet<string>> map, string key, string value)
        {
            if (!map.TryGetValue(key, out var set))
            {
                map[key] = set = new HashSet<string>(StringComparer.Ordinal);
            }
            set.Add(value);
        }
    }
}
