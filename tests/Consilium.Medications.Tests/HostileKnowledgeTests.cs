using System.Text;
using Consilium.Medications.Knowledge.Import;

namespace Consilium.Medications.Tests;

/// <summary>Inputs `consilium bench fuzz` found in the knowledge import: a CPIC file with invalid UTF-8 (crash), a deeply nested thesaurus (hang), a DTD.</summary>
public sealed class HostileKnowledgeTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "consilium-hostile-knowledge-" + Guid.NewGuid().ToString("N"));

    private string Write(string relative, byte[] content)
    {
        var path = Path.Combine(_root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    [Fact]
    public void GivenACpicGeneFileWithInvalidUtf8_WhenImported_ThenKnowledgeImportErrorSaysItIsNotUtf8()
    {
        Write("pgx/gene_phenotypes/VKORC1.json", [.. "{\"gene\":\"VKORC1\",\"diplotypes\":[{\"diplotype\":\"A"u8.ToArray(), 0xFF, .. "\"}]}"u8.ToArray()]);
        var e = Assert.Throws<KnowledgeImportException>(() => KnowledgeImport.FromDirectories(null, Path.Combine(_root, "pgx")));
        Assert.Contains("not valid UTF-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenACpicRecommendationThatIsAString_WhenImported_ThenItIsSkippedAndTheObjectRowsAreRead()
    {
        // Found by `bench fuzz` (huge-string mutation): a string where a recommendation object belongs made the reader throw InvalidOperationException.
        Write("pgx/recommendations_cpic/codeine.json", Encoding.UTF8.GetBytes("""
            {"drugname":"codeine","drugid":"RxNorm:2670","genes":["CYP2D6"],"recommendations":[
              "not a recommendation",
              {"lookupkey":{"CYP2D6":"0.0"},"phenotypes":{"CYP2D6":"Poor Metabolizer"},"drugrecommendation":"Avoid codeine use.","classification":"Strong"}]}
            """));
        var guideline = KnowledgeImport.FromDirectories(null, Path.Combine(_root, "pgx")).Pharmacogenomics.GuidelineFor("codeine");
        Assert.NotNull(guideline);
        Assert.Equal("Avoid codeine use.", Assert.Single(guideline.Recommendations).DrugRecommendation);
    }

    [Fact]
    public void GivenAThesaurusNestedTenThousandDeep_WhenImported_ThenKnowledgeImportErrorSaysHowDeep()
    {
        Write("interactions/all_eng_tables_2016.xml", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("<a>", 10_000)) + string.Concat(Enumerable.Repeat("</a>", 10_000))));
        var e = Assert.Throws<KnowledgeImportException>(() => KnowledgeImport.FromDirectories(Path.Combine(_root, "interactions"), null));
        Assert.Contains("nested more than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenAThesaurusWithEntityExpansion_WhenImported_ThenItIsRefusedAsNotWellFormed()
    {
        Write("interactions/all_eng_tables_2016.xml", Encoding.UTF8.GetBytes("""
            <?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
            <INTERACTIONS><INTERACTION><DRUG1>&b;</DRUG1><DRUG2>b</DRUG2><DESCRIPTION>&b;</DESCRIPTION></INTERACTION></INTERACTIONS>
            """));
        var e = Assert.Throws<KnowledgeImportException>(() => KnowledgeImport.FromDirectories(Path.Combine(_root, "interactions"), null));
        Assert.Contains("not well-formed XML", e.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }
}
