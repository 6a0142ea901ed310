using System.Text;
using Consilium.Domain.Experts;
using Consilium.Fhir.Experts;
using Consilium.Fhir.Intake;
using Consilium.Medications.Knowledge.Import;
using Consilium.Phenotypes.Annotations;
using Consilium.Phenotypes.Ontology;
using Consilium.Phenotypes.Phenopackets;
using Consilium.Storage.Documents;
using Consilium.Trials.Registry;

namespace Consilium.Cli.Bench.Fuzz;

/// <summary>A file reader under attack: the reader itself, called the way its import command calls it.</summary>
internal sealed class ParserTarget(string name, InputShape shape, IReadOnlyList<byte[]> seeds, Func<FuzzInput, Verdict> read, params Type[] rejections) : FuzzTarget
{
    public override string Name => name;

    public override InputShape Shape => shape;

    public override IReadOnlyList<byte[]> Seeds => seeds;

    public override Task<Verdict> RunAsync(FuzzInput input, CancellationToken cancellationToken) => Task.FromResult(read(input));

    public override bool IsRejection(Exception exception) => rejections.Any(t => t.IsInstanceOfType(exception));
}

/// <summary>Every file reader Consilium has, each with seeds cut from the real files in the shared data.</summary>
internal static class ParserTargets
{
    public static IReadOnlyList<FuzzTarget> Create(FuzzSeeds seeds, string scratch)
    {
        var ontologySeed = seeds.OntologyJson();
        var smallOntology = OntologyReader.ReadObographs(new MemoryStream(ontologySeed));
        return
        [
            new ParserTarget("fhir-bundle-intake", InputShape.Json, seeds.FhirBundles(), ReadBundle, typeof(FhirIntakeException)),
            new ParserTarget("phenopacket", InputShape.Json, seeds.Phenopackets(), i => Accept(PhenopacketFile.Read(new MemoryStream(i.Bytes)).ObservedTermIds.Count()), typeof(InvalidDataException)),
            new ParserTarget("expert-directory-json", InputShape.Json, seeds.ExpertDirectories(), i => Accept(ExpertDirectoryJson.Parse(i.Text).Count), typeof(ExpertDirectoryFormatException)),
            new ParserTarget("expert-directory-fhir", InputShape.Json, seeds.PractitionerBundles(), i => Accept(PractitionerDirectory.ImportJson(i.Text).Count), typeof(ExpertDirectoryFormatException)),
            new ParserTarget("trial-registry", InputShape.Json, seeds.TrialStudies(), ReadTrials, typeof(TrialRecordException)),
            new ParserTarget("trial-eligibility-text", InputShape.Text, seeds.EligibilityTexts(), ReadEligibility),
            new ParserTarget("knowledge-cpic-gene", InputShape.Json, seeds.Pgx("gene_phenotypes", "IFNL3.json", "VKORC1.json", "ABCG2.json", "CACNA1S.json", "CYP3A5.json"),
                i => Knowledge(scratch, i, pgx: "gene_phenotypes/GENE.json"), typeof(KnowledgeImportException)),
            new ParserTarget("knowledge-cpic-recommendation", InputShape.Json, seeds.Pgx("recommendations_cpic", "ivacaftor.json", "peginterferon_alfa_2a.json", "abacavir.json"),
                i => Knowledge(scratch, i, pgx: "recommendations_cpic/drug.json"), typeof(KnowledgeImportException)),
            new ParserTarget("knowledge-cpic-pairs", InputShape.Text, [seeds.Head("pgx/cpic_pairs_2019/cpicPairs.csv", 80)],
                i => Knowledge(scratch, i, pgx: "cpic_pairs_2019/cpicPairs.csv"), typeof(KnowledgeImportException)),
            new ParserTarget("knowledge-interaction-thesaurus", InputShape.Xml, [seeds.ThesaurusRules()],
                i => Knowledge(scratch, i, interactions: "ansm/all_eng_tables_sept2016.xml"), typeof(KnowledgeImportException)),
            new ParserTarget("knowledge-onc-high-priority", InputShape.Text, [seeds.Head("interactions/onc_high_priority/ONC_High_Priority_Mapped.csv", 120)],
                i => Knowledge(scratch, i, interactions: "onc/ONC_High_Priority_Mapped.csv"), typeof(KnowledgeImportException)),
            new ParserTarget("knowledge-onc-non-interruptive", InputShape.Text, [seeds.Head("interactions/onc_non_interruptive/ONC_Non_Interuptive_List_Mapped_Formatted.csv", 120)],
                i => Knowledge(scratch, i, interactions: "onc/ONC_Non_Interuptive_List_Mapped_Formatted.csv"), typeof(KnowledgeImportException)),
            new ParserTarget("hpo-ontology-json", InputShape.Json, [ontologySeed], i => Accept(OntologyReader.ReadObographs(new MemoryStream(i.Bytes)).Count), typeof(InvalidDataException)),
            new ParserTarget("hpo-ontology-obo", InputShape.Text, [seeds.OntologyObo()], i => Accept(OntologyReader.ReadObo(new StringReader(i.Text)).Count), typeof(InvalidDataException)),
            new ParserTarget("hpo-annotations", InputShape.Text, [seeds.GzipHead("hpo/phenotype.v2025-05-06.hpoa.gz", 400)],
                i => Accept(AnnotationReader.Read(new StringReader(i.Text), smallOntology).Diseases.Count), typeof(InvalidDataException)),
            new ParserTarget("hpo-gene-disease-links", InputShape.Text, [seeds.GzipHead("hpo/genes_to_disease.txt.gz", 300)],
                i => Accept(GeneDiseaseLinks.Read(new StringReader(i.Text)).RowCount), typeof(InvalidDataException)),
            new ParserTarget("document-content-sniffer", InputShape.Json, FuzzSeeds.DocumentHeads(), Sniff),
        ];
    }

    private static Verdict Accept(int count) => Verdict.Accept($"{count} read");

    private static readonly string[] PgxGenes = ["CYP2D6", "CYP2C19", "CYP2C9", "DPYD", "TPMT", "NUDT15", "UGT1A1", "SLCO1B1", "VKORC1", "HLA-B", "HLA-A"];

    /// <summary>A referral as the platform takes it in: read, then what decision support reads from its text (trial facts, genotypes).</summary>
    private static Verdict ReadBundle(FuzzInput input)
    {
        var read = BundleIntake.Read(input.Bytes);
        var facts = Consilium.Trials.Eligibility.PatientFacts.From(read.CaseFile, new DateOnly(2026, 1, 5));
        var genotypes = Consilium.Medications.Review.Genotypes.FromCase(read.CaseFile, PgxGenes);
        return Verdict.Accept($"{read.EntryCount} entries, {genotypes.Count} genotypes, age {facts.Age}");
    }

    /// <summary>A registry import as the trial options use it: read, then every record prepared (criteria split and recognised).</summary>
    private static Verdict ReadTrials(FuzzInput input)
    {
        var entries = CtGovJson.Read(input.Bytes, "fuzz.json");
        var criteria = entries.Sum(e => Consilium.Trials.Matching.PreparedTrial.Prepare(e.Record).Criteria.Count);
        return Verdict.Accept($"{entries.Count} trials, {criteria} criteria");
    }

    /// <summary>Free eligibility text (hostile lines, huge lines): the splitter and the recognisers' regular expressions must stay linear.</summary>
    private static Verdict ReadEligibility(FuzzInput input)
    {
        var criteria = Consilium.Trials.Eligibility.CriteriaSplitter.Split(input.Text);
        var requirements = criteria.Sum(c => Consilium.Trials.Eligibility.CriterionRecognizer.Recognize(c.Text).Count);
        return Verdict.Accept($"{criteria.Count} criteria, {requirements} requirements");
    }

    /// <summary>The upload check: what the bytes are, and whether that fits the (hostile) name and declared type.</summary>
    private static Verdict Sniff(FuzzInput input)
    {
        var rnd = new Random(input.Seed);
        var type = ContentSniffer.Detect(input.Bytes, complete: true);
        if (type is null)
        {
            return Verdict.Reject("not a kind of file Consilium accepts");
        }
        var name = rnd.Next(3) == 0 ? HostileValues.String(input.Seed) : "record" + (new[] { ".pdf", ".png", ".json", ".txt", ".dcm", "", ".exe" })[rnd.Next(7)];
        var declared = (new[] { null, "application/pdf", "text/html", "application/octet-stream", "image/svg+xml", HostileValues.String(input.Seed + 1) })[rnd.Next(6)];
        return ContentSniffer.Fits(type, name, declared, out var conflict) ? Verdict.Accept(type) : Verdict.Reject(conflict ?? "");
    }

    /// <summary>Writes the input where the knowledge import looks for it, in a folder of its own, and imports that folder.</summary>
    private static Verdict Knowledge(string scratch, FuzzInput input, string? interactions = null, string? pgx = null)
    {
        var root = Path.Combine(scratch, "knowledge-" + input.Index.ToString(System.Globalization.CultureInfo.InvariantCulture));
        try
        {
            var file = Path.Combine(root, interactions ?? pgx!);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.WriteAllBytes(file, input.Bytes);
            var knowledge = Consilium.Medications.Knowledge.Import.KnowledgeImport.FromDirectories(
                interactions is null ? null : Path.Combine(root, interactions.Split('/')[0]),
                pgx is null ? null : root);
            return Verdict.Accept($"{knowledge.Sources.Count} sources");
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    internal static string Describe(byte[] bytes) => bytes.Length <= 80 ? Encoding.UTF8.GetString(bytes) : $"{bytes.Length} bytes";
}
