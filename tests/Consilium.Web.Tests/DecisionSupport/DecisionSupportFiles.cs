using System.Text;

namespace Consilium.Web.Tests.DecisionSupport;

/// <summary>
/// Small reference files written by the tests into a temporary directory, in the shapes of the real ones: an ANSM-style
/// interaction thesaurus (as tests/Consilium.Medications.Tests write it) and a tiny HPO ontology with annotations
/// (as tests/Consilium.Phenotypes.Tests/TinyHpo.cs write them). The real files are never copied into the repository.
/// </summary>
internal sealed class DecisionSupportFiles : IDisposable
{
    public DecisionSupportFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "consilium-web-ds-" + Guid.NewGuid().ToString("N")[..12]);
        Interactions = Path.Combine(Root, "interactions");
        Hpo = Path.Combine(Root, "hpo");
        WriteInteractions();
        Write(Path.Combine(Hpo, "hp.json"), Obographs());
        Write(Path.Combine(Hpo, "phenotype.hpoa"), Hpoa());
    }

    public string Root { get; }
    public string Interactions { get; }
    public string Hpo { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // a temp directory left behind is harmless
        }
    }

    private static void Write(string path, string text)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
    }

    private static string Drug(string name, string rxcui, string atc) => $"<DRUG name=\"{name} \" rxcui=\"{rxcui}\"><ATC code=\"{atc}\" /></DRUG>";

    private void WriteInteractions()
    {
        var ansm = Path.Combine(Interactions, "ansm_worldvista_2016");
        var rule = $"""
            <INTERACTION>
            <SOURCE><CLINICAL_SOURCE>ANSM</CLINICAL_SOURCE><SOURCE_FILE>1-SIMVASTATIN.html
            </SOURCE_FILE></SOURCE>
            <DRUG1>{Drug("SIMVASTATIN", "36567", "C10AA01")}</DRUG1>
            <DRUG2>{Drug("CLARITHROMYCIN", "21212", "J01FA09")}</DRUG2>
            <DESCRIPTION>Increased risk of rhabdomyolysis (decreased hepatic metabolism of simvastatin)</DESCRIPTION>
            <SEVERITY>CONTRAINDICATON</SEVERITY>
            <COMMENT>Use another statin.</COMMENT>
            </INTERACTION>
            """;
        Write(Path.Combine(ansm, "all_eng_tables_sept2016.xml"), "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<INTERACTIONS>\n" + rule + "\n</INTERACTIONS>\n");
        Write(Path.Combine(ansm, "eng_groups2016_xml-v3.tsv"),
            "Drug Name\tRxNorm\tSource File\tClinical Source\tClass Name\tClass Code\n" +
            "OMEPRAZOLE\t7646\tPPI.html\tANSM\tPROTON PUMP INHIBITORS\tA02BC\n");
        Write(Path.Combine(ansm, "eng_groups_tables_2016_xml_atc_codes-v2.tsv"), "ATC Code\tDrug Name\nA02BC01\tOMEPRAZOLE\n");
        Write(Path.Combine(Interactions, "onc_high_priority", "ONC_High_Priority_Mapped.csv"),
            "\uFEFFSimvastatin$DB00641$Gemfibrozil$DB01241$\r\nGemfibrozil$DB01241$Simvastatin$DB00641$\r\n");
        Write(Path.Combine(Interactions, "onc_non_interruptive", "ONC_Non_Interuptive_List_Mapped_Formatted.csv"),
            "1,ACE inhibitors,lisinopril,DB00722,u,b,Salicylates,aspirin,DB00945,u,b\n");
    }

    private static readonly (string Id, string Label, string[] Parents)[] Terms =
    [
        ("HP:0000001", "All", []),
        ("HP:0000118", "Phenotypic abnormality", ["HP:0000001"]),
        ("HP:0000707", "Abnormality of the nervous system", ["HP:0000118"]),
        ("HP:0001250", "Seizure", ["HP:0000707"]),
        ("HP:0001251", "Ataxia", ["HP:0000707"]),
        ("HP:0000478", "Abnormality of the eye", ["HP:0000118"]),
        ("HP:0000505", "Visual impairment", ["HP:0000478"]),
        ("HP:0001083", "Ectopia lentis", ["HP:0000478"]),
        ("HP:0001626", "Abnormality of the cardiovascular system", ["HP:0000118"]),
        ("HP:0001631", "Atrial septal defect", ["HP:0001626"]),
    ];

    private static string Iri(string id) => "http://purl.obolibrary.org/obo/" + id.Replace(':', '_');

    private static string Obographs()
    {
        var nodes = Terms.Select(t =>
        {
            var meta = t.Id == "HP:0001251"
                ? ""","meta":{"synonyms":[{"synonymType":"http://purl.obolibrary.org/obo/hp#layperson","pred":"hasExactSynonym","val":"Unsteady walking"}]}"""
                : "";
            return $$"""{"id":"{{Iri(t.Id)}}","lbl":"{{t.Label}}","type":"CLASS"{{meta}}}""";
        });
        var edges = Terms.SelectMany(t => t.Parents.Select(p => $$"""{"sub":"{{Iri(t.Id)}}","pred":"is_a","obj":"{{Iri(p)}}"}"""));
        var sb = new StringBuilder();
        sb.Append("""{"graphs":[{"id":"http://purl.obolibrary.org/obo/hp.json","meta":{"version":"http://purl.obolibrary.org/obo/hp/releases/2025-01-01/hp.json"},"nodes":[""");
        sb.AppendJoin(',', nodes);
        sb.Append("""],"edges":[""");
        sb.AppendJoin(',', edges);
        sb.Append("]}]}");
        return sb.ToString();
    }

    /// <summary>Three diseases: a seizure disorder with ataxia, an eye disease, a heart disease.</summary>
    private static string Hpoa() =>
        "#description: \"tiny\"\n#version: 2025-01-01\n" +
        "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n" +
        "OMIM:100001\tSeizure disorder\t\tHP:0001250\tPMID:1\tPCS\t\tHP:0040281\t\t\tP\tHPO:x\n" +
        "OMIM:100001\tSeizure disorder\t\tHP:0001251\tPMID:1\tPCS\t\t3/4\t\t\tP\tHPO:x\n" +
        "OMIM:100002\tEye disease\t\tHP:0001083\tOMIM:100002\tTAS\t\tHP:0040280\t\t\tP\tHPO:x\n" +
        "OMIM:100002\tEye disease\t\tHP:0000505\tOMIM:100002\tTAS\t\t40%\t\t\tP\tHPO:x\n" +
        "OMIM:100003\tHeart disease\t\tHP:0001631\tOMIM:100003\tTAS\t\t\t\t\tP\tHPO:x\n";
}
