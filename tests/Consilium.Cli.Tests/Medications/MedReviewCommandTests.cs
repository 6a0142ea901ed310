using System.Text.Json;

namespace Consilium.Cli.Tests.Medications;

/// <summary><c>consilium medreview</c> through the real executable, with small knowledge files the test writes.</summary>
public sealed class MedReviewCommandTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "consilium-medreview-" + Guid.NewGuid().ToString("N"));

    public MedReviewCommandTests()
    {
        Write("interactions/ansm/all_eng_tables_sept2016.xml", """
            <?xml version="1.0" encoding="utf-8" ?>
            <INTERACTIONS>
            <INTERACTION><SOURCE><CLINICAL_SOURCE>ANSM</CLINICAL_SOURCE><SOURCE_FILE>SIMVASTATIN.html</SOURCE_FILE></SOURCE>
            <DRUG1><DRUG name="SIMVASTATIN" rxcui="36567"><ATC code="C10AA01" /></DRUG></DRUG1>
            <DRUG2><DRUG name="CLARITHROMYCIN" rxcui="21212"><ATC code="J01FA09" /></DRUG></DRUG2>
            <DESCRIPTION>Increased risk of rhabdomyolysis</DESCRIPTION><SEVERITY>CONTRAINDICATION</SEVERITY><COMMENT>Use another statin.</COMMENT>
            </INTERACTION>
            </INTERACTIONS>
            """);
        Write("pgx/gene_phenotypes/CYP2C19.json", """
            {"gene":"CYP2C19","version":"test","diplotypes":[
             {"generesult":"Poor Metabolizer","diplotype":"*2/*2","lookupkey":"Poor Metabolizer","activityScore":null,"phenotype":"Poor Metabolizer"},
             {"generesult":"Normal Metabolizer","diplotype":"*1/*1","lookupkey":"Normal Metabolizer","activityScore":null,"phenotype":"Normal Metabolizer"}]}
            """);
        Write("pgx/recommendations_cpic/clopidogrel.json", """
            {"drugid":"RxNorm:32968","drugname":"clopidogrel","guidelinename":"CYP2C19 and Clopidogrel","url":"https://cpicpgx.org/","genes":["CYP2C19"],"cpicVersion":"v1.30.0","source":"CPIC",
             "recommendations":[
              {"lookupkey":{"CYP2C19":"Poor Metabolizer"},"phenotypes":{"CYP2C19":"Poor Metabolizer"},"implications":{"CYP2C19":"Reduced active metabolite"},"drugrecommendation":"Use prasugrel or ticagrelor.","classification":"Strong","population":"general"},
              {"lookupkey":{"CYP2C19":"Normal Metabolizer"},"phenotypes":{"CYP2C19":"Normal Metabolizer"},"implications":{},"drugrecommendation":"Standard dose.","classification":"Strong","population":"general"}]}
            """);
        Write("genotypes.tsv", "CYP2C19\t*2/*2\n");
        Write("bad-genotypes.tsv", "CYP2C19 *2/*2\n");
        Write("patient.json", """
            {"resourceType":"Bundle","type":"collection","entry":[
             {"fullUrl":"urn:uuid:p","resource":{"resourceType":"Patient","id":"p","birthDate":"1950-01-01"}},
             {"fullUrl":"urn:uuid:m1","resource":{"resourceType":"MedicationRequest","id":"m1","status":"active","intent":"order","subject":{"reference":"urn:uuid:p"},"authoredOn":"2025-01-01",
               "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"312961","display":"Simvastatin 20 MG Oral Tablet"}]}}},
             {"fullUrl":"urn:uuid:m2","resource":{"resourceType":"MedicationRequest","id":"m2","status":"active","intent":"order","subject":{"reference":"urn:uuid:p"},"authoredOn":"2025-03-01",
               "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"197450","display":"Clarithromycin 500 MG Oral Tablet"}]}}},
             {"fullUrl":"urn:uuid:m3","resource":{"resourceType":"MedicationRequest","id":"m3","status":"active","intent":"order","subject":{"reference":"urn:uuid:p"},"authoredOn":"2025-02-01",
               "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"309362","display":"Clopidogrel 75 MG Oral Tablet"}]}}}
            ]}
            """);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }

    private void Write(string rel, string text)
    {
        var path = Path.Combine(_dir, rel);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private string P(string rel) => Path.Combine(_dir, rel);

    [Fact]
    public void GivenBundleKnowledgeAndGenotypes_WhenJson_ThenExactlyOneObjectWithRankedFindingsInTheAgreedShape()
    {
        var run = ConsiliumProcess.Start("medreview", P("patient.json"), "--interactions", P("interactions"), "--pgx", P("pgx"), "--genotypes", P("genotypes.tsv"), "--json", "--as-of", "2025-06-01");
        Assert.True(run.ExitCode == 0, run.StdErr);
        using var doc = JsonDocument.Parse(run.StdOut);
        var root = doc.RootElement;
        Assert.Equal(["findings"], root.EnumerateObject().Select(p => p.Name));
        var findings = root.GetProperty("findings").EnumerateArray().ToList();
        Assert.All(findings, f => Assert.Equal(["kind", "severity", "drugs", "summary", "evidence", "source"], f.EnumerateObject().Select(p => p.Name)));
        Assert.All(findings, f => Assert.Contains(f.GetProperty("kind").GetString(), new[] { "interaction", "pharmacogenomic", "adherence", "duration" }));

        var first = findings[0];
        Assert.Equal("pharmacogenomic", first.GetProperty("kind").GetString());
        Assert.Equal("high", first.GetProperty("severity").GetString());
        Assert.Contains("Use prasugrel or ticagrelor.", first.GetProperty("summary").GetString(), StringComparison.Ordinal);
        Assert.Contains("CPIC v1.30.0", first.GetProperty("source").GetString(), StringComparison.Ordinal);

        var interaction = Assert.Single(findings, f => f.GetProperty("kind").GetString() == "interaction");
        Assert.Equal("high", interaction.GetProperty("severity").GetString());
        Assert.Equal(["Clarithromycin 500 MG Oral Tablet", "Simvastatin 20 MG Oral Tablet"], interaction.GetProperty("drugs").EnumerateArray().Select(d => d.GetString()));
        Assert.Contains("2016-09", interaction.GetProperty("source").GetString(), StringComparison.Ordinal);
        Assert.Equal("info", findings[^1].GetProperty("severity").GetString());
    }

    [Fact]
    public void GivenNoJson_WhenRun_ThenReadableReportWithHowEachDrugMatched()
    {
        var run = ConsiliumProcess.Start("medreview", P("patient.json"), "--interactions", P("interactions"), "--pgx", P("pgx"), "--as-of", "2025-06-01");
        Assert.True(run.ExitCode == 0, run.StdErr);
        // The console wraps long lines: compare with whitespace runs collapsed.
        var text = System.Text.RegularExpressions.Regex.Replace(run.StdOut, @"\s+", " ");
        Assert.Contains("Medications", text, StringComparison.Ordinal);
        Assert.Contains("name \"clopidogrel\" in \"Clopidogrel 75 MG Oral Tablet\"", text, StringComparison.Ordinal);
        Assert.Contains("HIGH interaction: Contraindication", text, StringComparison.Ordinal);
        Assert.Contains("testing could explain non-response or toxicity", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("missing.json", "interactions", "pgx", null, "no such file")]
    [InlineData("patient.json", "nowhere", "pgx", null, "no such interactions directory")]
    [InlineData("patient.json", "pgx", null, null, "no interaction files found")]
    [InlineData("patient.json", "interactions", "pgx", "bad-genotypes.tsv", "line 1")]
    [InlineData("patient.json", "interactions", "pgx", "missing.tsv", "no such file")]
    public void GivenBadInput_WhenRun_ThenExitTwoWithOneLineNamingIt(string bundle, string? interactions, string? pgx, string? genotypes, string expected)
    {
        var args = new List<string> { "medreview", P(bundle) };
        if (interactions is not null)
        {
            args.AddRange(["--interactions", P(interactions)]);
        }
        if (pgx is not null)
        {
            args.AddRange(["--pgx", P(pgx)]);
        }
        if (genotypes is not null)
        {
            args.AddRange(["--genotypes", P(genotypes)]);
        }
        var run = ConsiliumProcess.Start([.. args]);
        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.StdOut);
    }

    [Fact]
    public void GivenNoKnowledgeDirectory_WhenRun_ThenExitTwoSayingWhatToGive()
    {
        var run = ConsiliumProcess.Start("medreview", P("patient.json"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--interactions", run.StdErr, StringComparison.Ordinal);
    }

    [Fact]
    public void GivenKnowledgeImportedIntoTheDatabase_WhenMedreviewStored_ThenSameFindingsAsFromTheDirectories()
    {
        var data = P("data");
        var first = ConsiliumProcess.Start("knowledge", "import", "--interactions", P("interactions"), "--pgx", P("pgx"), "--data-dir", data, "--by", "test");
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("Imported 2 new knowledge source version(s)", first.StdOut, StringComparison.Ordinal);
        var again = ConsiliumProcess.Start("knowledge", "import", "--interactions", P("interactions"), "--pgx", P("pgx"), "--data-dir", data);
        Assert.Contains("Imported 0 new knowledge source version(s)", again.StdOut, StringComparison.Ordinal);

        var stored = ConsiliumProcess.Start("medreview", P("patient.json"), "--stored", "--data-dir", data, "--genotypes", P("genotypes.tsv"), "--json", "--as-of", "2025-06-01");
        var direct = ConsiliumProcess.Start("medreview", P("patient.json"), "--interactions", P("interactions"), "--pgx", P("pgx"), "--genotypes", P("genotypes.tsv"), "--json", "--as-of", "2025-06-01");
        Assert.True(stored.ExitCode == 0, stored.StdErr);
        Assert.Equal(direct.StdOut, stored.StdOut);
    }

    [Fact]
    public void GivenEmptyDatabase_WhenMedreviewStored_ThenExitTwoSayingToImportFirst()
    {
        var run = ConsiliumProcess.Start("medreview", P("patient.json"), "--stored", "--data-dir", P("empty-data"));
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("knowledge import", run.StdErr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("medreview")]
    [InlineData("knowledge", "import")]
    public void GivenHelp_WhenAsked_ThenPrintedWithoutMarkupErrors(params string[] command)
    {
        var run = ConsiliumProcess.Start([.. command, "--help"]);
        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.Contains("--interactions", run.StdOut, StringComparison.Ordinal);
    }
}
