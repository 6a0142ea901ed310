using System.Text.Json;
using Consilium.Medications.Knowledge;
using Consilium.Medications.Knowledge.Import;

namespace Consilium.Medications.Tests;

/// <summary>
/// Small knowledge files in the layouts of ../shared/data/interactions and ../shared/data/pgx, written by the tests
/// into a temporary directory (the real files are never copied into the repository).
/// </summary>
internal sealed class KnowledgeFiles : IDisposable
{
    public KnowledgeFiles()
    {
        Root = Path.Combine(Path.GetTempPath(), "consilium-medknow-" + Guid.NewGuid().ToString("N"));
        Interactions = Path.Combine(Root, "interactions");
        Pgx = Path.Combine(Root, "pgx");
        WriteInteractions();
        WritePgx();
    }

    public string Root { get; }
    public string Interactions { get; }
    public string Pgx { get; }

    public MedicationKnowledge Load() => KnowledgeImport.FromDirectories(Interactions, Pgx);

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

    private static string Drug(string name, string? rxcui, params string[] atc) =>
        $"<DRUG name=\"{name} \"{(rxcui is null ? string.Empty : $" rxcui=\"{rxcui}\"")}>" + string.Concat(atc.Select(a => $"<ATC code=\"{a}\" />")) + "</DRUG>";

    private static string Class(string name, string code) => $"<CLASS name=\"{name}\" code=\"{code}\" />";

    private static string Rule(string file, string d1, string d2, string description, string severity, string? comment) =>
        $"""
        <INTERACTION>
        <SOURCE><CLINICAL_SOURCE>ANSM</CLINICAL_SOURCE><SOURCE_FILE>{file}
        </SOURCE_FILE></SOURCE>
        <DRUG1>{d1}</DRUG1>
        <DRUG2>{d2}</DRUG2>
        <DESCRIPTION>{description}</DESCRIPTION>
        <SEVERITY>{severity}</SEVERITY>
        {(comment is null ? string.Empty : $"<COMMENT>{comment}</COMMENT>")}
        </INTERACTION>
        """;

    private void WriteInteractions()
    {
        var ansm = Path.Combine(Interactions, "ansm_worldvista_2016");
        var rules = new[]
        {
            // drug–drug, contraindication (typo in the level as in the real translation)
            Rule("1-SIMVASTATIN.html", Drug("SIMVASTATIN", "36567", "C10AA01"), Drug("CLARITHROMYCIN", "21212", "J01FA09"),
                "Increased risk of rhabdomyolysis (decreased hepatic metabolism of simvastatin)", "CONTRAINDICATON", "Use another statin."),
            // drug–class, not recommended
            Rule("2-CLOPIDOGREL.html", Drug("CLOPIDOGREL", "32968", "B01AC04"), Class("PROTON PUMP INHIBITORS", "A02BC"),
                "Decrease of the active metabolite of clopidogrel", "Nor recommended", "Prefer pantoprazole."),
            // class–class, precaution for use
            Rule("3-BRADY.html", Class("BETA BLOCKING AGENTS", "C07"), Class("DIHYDROPYRIDINES", "C08CA"),
                "Hypotension, heart failure in patients with latent cardiac insufficiency", "Precaution for use", "Clinical monitoring."),
            // drug–drug, take into account
            Rule("4-PARACETAMOL.html", Drug("PARACETAMOL", "161", "N02BE01"), Drug("WARFARIN", "11289", "B01AA03"),
                "Risk of increased anticoagulant effect at high doses of paracetamol", "Tale into account", null),
            // drug–drug, no level
            Rule("5-X.html", Drug("DIGOXIN", "3407", "C01AA05"), Drug("VERAPAMIL", "11170", "C08DA01"),
                "Bradycardia", "With doses of methotrexate > 20 mg/week", null),
        };
        Write(Path.Combine(ansm, "all_eng_tables_sept2016.xml"), "<?xml version=\"1.0\" encoding=\"utf-8\" ?>\n<INTERACTIONS>\n" + string.Join("\n", rules) + "\n</INTERACTIONS>\n");
        Write(Path.Combine(ansm, "eng_groups2016_xml-v3.tsv"),
            "Drug Name\tRxNorm\tSource File\tClinical Source\tClass Name\tClass Code\n" +
            "OMEPRAZOLE\t7646\tPPI.html\tANSM\tPROTON PUMP INHIBITORS\tA02BC\n" +
            "PANTOPRAZOLE\t40790\tPPI.html\tANSM\tPROTON PUMP INHIBITORS\tA02BC\n" +
            "METOPROLOL\t6918\tBB.html\tANSM\tBETA BLOCKING AGENTS\tC07\n" +
            "AMLODIPINE\t17767\tDHP.html\tANSM\tDIHYDROPYRIDINES\tC08CA\n");
        Write(Path.Combine(ansm, "eng_groups_tables_2016_xml_atc_codes-v2.tsv"),
            "ATC Code\tDrug Name\nA02BC01\tOMEPRAZOLE\nC07AB02;\tMETOPROLOL\n");
        Write(Path.Combine(Interactions, "onc_high_priority", "ONC_High_Priority_Mapped.csv"),
            "\uFEFFSimvastatin$DB00641$Gemfibrozil$DB01241$\r\nGemfibrozil$DB01241$Simvastatin$DB00641$\r\n");
        Write(Path.Combine(Interactions, "onc_non_interruptive", "ONC_Non_Interuptive_List_Mapped_Formatted.csv"),
            "1,ACE inhibitors,lisinopril,DB00722,u,b,Salicylates,aspirin,DB00945,u,b\n");
    }

    private static string Json(object o) => JsonSerializer.Serialize(o);

    private static object Diplotypes(string gene, params (string Diplotype, string Phenotype, string? Score)[] rows) => new
    {
        gene,
        version = "2025-11-05-00-25",
        haplotypes = new Dictionary<string, string>(),
        diplotypes = rows.Select(r => new
        {
            generesult = r.Phenotype,
            diplotype = r.Diplotype,
            lookupkey = r.Score ?? r.Phenotype,
            activityScore = r.Score,
            phenotype = r.Phenotype,
        }).ToArray(),
    };

    internal static object Rec(Dictionary<string, string> lookup, string recommendation, string classification, string population = "general") => new
    {
        implications = lookup.ToDictionary(kv => kv.Key, kv => $"{kv.Key} implication"),
        drugrecommendation = recommendation,
        classification,
        phenotypes = lookup,
        activityscore = new Dictionary<string, string>(),
        lookupkey = lookup,
        comments = "n/a",
        population,
    };

    private static object Guideline(string drug, string rxcui, string[] genes, object[]? recs, string? notes = null) => new
    {
        drugid = $"RxNorm:{rxcui}",
        drugname = drug,
        guidelinename = $"{string.Join(", ", genes)} and {drug}",
        url = $"https://cpicpgx.org/guidelines/{drug}/",
        genes,
        notesonusage = notes,
        cpicVersion = "v1.30.0",
        source = "CPIC",
        recommendations = recs,
    };

    private static Dictionary<string, string> K(params string[] kv)
    {
        var d = new Dictionary<string, string>();
        for (var i = 0; i < kv.Length; i += 2)
        {
            d[kv[i]] = kv[i + 1];
        }
        return d;
    }

    public const string ClopidogrelPoor = "Avoid standard dose clopidogrel. Use prasugrel or ticagrelor.";
    public const string ClopidogrelNormal = "Use clopidogrel at standard dose.";
    public const string CodeinePoor = "Avoid codeine use because of possibility of diminished analgesia.";
    public const string ThiopurineTpmtPoor = "For non-malignant conditions, consider alternative non-thiopurine immunosuppressant therapy.";
    public const string ThiopurineTpmtPoorNoNudt = "Based on TPMT status, consider alternative therapy.";
    public const string FluorouracilIntermediate = "Reduce starting dose by 50% followed by titration of dose.";
    public const string SimvastatinPoor = "Prescribe an alternative statin depending on the desired potency.";
    public const string WarfarinNotes = "Warfarin recommendation does not follow simple diplotype to phenotype translation.";
    public const string AbacavirPositive = "Abacavir is not recommended";

    private void WritePgx()
    {
        var genes = Path.Combine(Pgx, "gene_phenotypes");
        Write(Path.Combine(genes, "CYP2C19.json"), Json(Diplotypes("CYP2C19", ("*1/*1", "Normal Metabolizer", null), ("*1/*2", "Intermediate Metabolizer", null), ("*2/*2", "Poor Metabolizer", null))));
        Write(Path.Combine(genes, "CYP2D6.json"), Json(Diplotypes("CYP2D6", ("*1/*1", "Normal Metabolizer", "2.0"), ("*1/*4", "Intermediate Metabolizer", "1.0"), ("*4/*4", "Poor Metabolizer", "0.0"))));
        Write(Path.Combine(genes, "TPMT.json"), Json(Diplotypes("TPMT", ("*1/*1", "Normal Metabolizer", null), ("*3A/*3A", "Poor Metabolizer", null))));
        Write(Path.Combine(genes, "NUDT15.json"), Json(Diplotypes("NUDT15", ("*1/*1", "Normal Metabolizer", null), ("*3/*3", "Poor Metabolizer", null))));
        Write(Path.Combine(genes, "DPYD.json"), Json(Diplotypes("DPYD", ("Reference/Reference", "Normal Metabolizer", "2.0"), ("Reference/c.1905+1G>A (*2A)", "Intermediate Metabolizer", "1.0"))));
        Write(Path.Combine(genes, "SLCO1B1.json"), Json(Diplotypes("SLCO1B1", ("*1/*1", "Normal Function", null), ("*5/*5", "Poor Function", null))));
        Write(Path.Combine(genes, "CYP2C9.json"), Json(Diplotypes("CYP2C9", ("*1/*1", "Normal Metabolizer", "2.0"), ("*3/*3", "Poor Metabolizer", "0.0"))));
        Write(Path.Combine(genes, "VKORC1.json"), Json(Diplotypes("VKORC1", ("rs9923231 reference (C)/rs9923231 reference (C)", "-1639 GG", null), ("rs9923231 reference (C)/rs9923231 variant (T)", "-1639 AG", null), ("rs9923231 variant (T)/rs9923231 variant (T)", "-1639 AA", null))));

        var recs = Path.Combine(Pgx, "recommendations_cpic");
        Write(Path.Combine(recs, "clopidogrel.json"), Json(Guideline("clopidogrel", "32968", ["CYP2C19"],
        [
            Rec(K("CYP2C19", "Poor Metabolizer"), ClopidogrelPoor, "Strong", "CVI ACS PCI"),
            Rec(K("CYP2C19", "Normal Metabolizer"), ClopidogrelNormal, "Strong", "CVI ACS PCI"),
        ])));
        Write(Path.Combine(recs, "codeine.json"), Json(Guideline("codeine", "2670", ["CYP2D6"],
        [
            Rec(K("CYP2D6", "0.0"), CodeinePoor, "Strong"),
            Rec(K("CYP2D6", "2.0"), "Use codeine label recommended age- or weight-specific dosing.", "Strong"),
        ])));
        Write(Path.Combine(recs, "azathioprine.json"), Json(Guideline("azathioprine", "1256", ["TPMT", "NUDT15"],
        [
            Rec(K("TPMT", "Poor Metabolizer", "NUDT15", "Normal Metabolizer"), ThiopurineTpmtPoor, "Strong"),
            Rec(K("TPMT", "Poor Metabolizer", "NUDT15", "No Result"), ThiopurineTpmtPoorNoNudt, "Strong"),
            Rec(K("TPMT", "Normal Metabolizer", "NUDT15", "Normal Metabolizer"), "Start with normal starting dose.", "Strong"),
        ])));
        Write(Path.Combine(recs, "fluorouracil.json"), Json(Guideline("fluorouracil", "4492", ["DPYD"],
        [
            Rec(K("DPYD", "1.0"), FluorouracilIntermediate, "Moderate"),
            Rec(K("DPYD", "2.0"), "Based on genotype, there is no indication to change dose or therapy.", "Strong"),
        ])));
        Write(Path.Combine(recs, "simvastatin.json"), Json(Guideline("simvastatin", "36567", ["SLCO1B1"],
        [
            Rec(K("SLCO1B1", "Poor Function"), SimvastatinPoor, "Strong"),
            Rec(K("SLCO1B1", "Normal Function"), "Prescribe desired starting dose.", "Strong"),
        ])));
        Write(Path.Combine(recs, "warfarin.json"), Json(Guideline("warfarin", "11289", ["CYP2C9", "VKORC1", "CYP4F2"], null, WarfarinNotes)));
        Write(Path.Combine(recs, "abacavir.json"), Json(Guideline("abacavir", "190521", ["HLA-B"],
        [
            Rec(K("HLA-B", "*57:01 positive"), AbacavirPositive, "Strong"),
            Rec(K("HLA-B", "*57:01 negative"), "Use abacavir per standard dosing guidelines", "Strong"),
        ])));
        Write(Path.Combine(Pgx, "cpic_pairs_2019", "cpicPairs.csv"),
            "\"Date last updated: Oct 3, 2019\",,,,,,\r\nGene,Drug,Guideline,CPIC Level,PharmGKB Level of Evidence,PGx on FDA Label,CPIC Publications (PMID)\r\n" +
            "CYP2C19,clopidogrel,https://cpicpgx.org/x,A,1A,Actionable PGx,1\r\n" +
            "CYP2D6,ondansetron,https://cpicpgx.org/y,A,1A,,2\r\n" +
            "ITPA,interferon alfa-2b, recombinant,,C/D,2B,\r\n" +
            "CYP2C9,ibuprofen,,C,3,,\r\n");
    }
}
