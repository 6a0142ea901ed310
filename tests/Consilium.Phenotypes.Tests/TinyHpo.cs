using System.IO.Compression;
using System.Text;
using Consilium.Phenotypes.Annotations;
using Consilium.Phenotypes.Ontology;

namespace Consilium.Phenotypes.Tests;

/// <summary>A small ontology and annotation file written by the tests themselves (shapes of the real HPO files).</summary>
internal static class TinyHpo
{
    private static readonly (string Id, string Label, string[] Parents)[] Terms =
    [
        ("HP:0000001", "All", []),
        ("HP:0000118", "Phenotypic abnormality", ["HP:0000001"]),
        ("HP:0000707", "Abnormality of the nervous system", ["HP:0000118"]),
        ("HP:0001250", "Seizure", ["HP:0000707"]),
        ("HP:0002069", "Bilateral tonic-clonic seizure", ["HP:0001250"]),
        ("HP:0002121", "Absence seizure", ["HP:0001250"]),
        ("HP:0001251", "Ataxia", ["HP:0000707"]),
        ("HP:0000478", "Abnormality of the eye", ["HP:0000118"]),
        ("HP:0000505", "Visual impairment", ["HP:0000478"]),
        ("HP:0001083", "Ectopia lentis", ["HP:0000478"]),
        ("HP:0001626", "Abnormality of the cardiovascular system", ["HP:0000118"]),
        ("HP:0001631", "Atrial septal defect", ["HP:0001626"]),
        ("HP:0000005", "Mode of inheritance", ["HP:0000001"]),
        ("HP:0000006", "Autosomal dominant inheritance", ["HP:0000005"]),
    ];

    public static string ObographsJson()
    {
        var sb = new StringBuilder();
        sb.Append("""{"graphs":[{"id":"http://purl.obolibrary.org/obo/hp.json","meta":{"version":"http://purl.obolibrary.org/obo/hp/releases/2025-01-01/hp.json"},"nodes":[""");
        var first = true;
        foreach (var (id, label, _) in Terms)
        {
            if (!first)
            {
                sb.Append(',');
            }
            first = false;
            var iri = "http://purl.obolibrary.org/obo/" + id.Replace(':', '_');
            var meta = id switch
            {
                "HP:0001250" => ""","meta":{"synonyms":[{"pred":"hasExactSynonym","val":"Epileptic seizure"},{"synonymType":"http://purl.obolibrary.org/obo/hp#layperson","pred":"hasRelatedSynonym","val":"Fits"}],"basicPropertyValues":[{"pred":"http://www.geneontology.org/formats/oboInOwl#hasAlternativeId","val":"HP:0001275"}]}""",
                "HP:0001251" => ""","meta":{"synonyms":[{"synonymType":"http://purl.obolibrary.org/obo/hp#layperson","pred":"hasExactSynonym","val":"Unsteady walking"}]}""",
                "HP:0001631" => ""","meta":{"synonyms":[{"synonymType":"http://purl.obolibrary.org/obo/hp#abbreviation","pred":"hasExactSynonym","val":"ASD"},{"pred":"hasExactSynonym","val":"Hole in the heart wall between the atria"}]}""",
                _ => "",
            };
            sb.Append($$"""{"id":"{{iri}}","lbl":"{{label}}","type":"CLASS"{{meta}}}""");
        }
        sb.Append(""",{"id":"http://purl.obolibrary.org/obo/HP_0000057","lbl":"obsolete Wobbly gait","type":"CLASS","meta":{"deprecated":true,"basicPropertyValues":[{"pred":"http://purl.obolibrary.org/obo/IAO_0100001","val":"HP:0001251"}]}}""");
        sb.Append(""",{"id":"http://purl.obolibrary.org/obo/HP_0000058","lbl":"obsolete Nothing","type":"CLASS","meta":{"deprecated":true}}""");
        sb.Append("""],"edges":[""");
        first = true;
        foreach (var (id, _, parents) in Terms)
        {
            foreach (var p in parents)
            {
                if (!first)
                {
                    sb.Append(',');
                }
                first = false;
                sb.Append($$"""{"sub":"http://purl.obolibrary.org/obo/{{id.Replace(':', '_')}}","pred":"is_a","obj":"http://purl.obolibrary.org/obo/{{p.Replace(':', '_')}}"}""");
            }
        }
        sb.Append("]}]}");
        return sb.ToString();
    }

    public static string Obo()
    {
        var sb = new StringBuilder("format-version: 1.2\ndata-version: hp/releases/2025-01-01\n\n");
        foreach (var (id, label, parents) in Terms)
        {
            sb.Append($"[Term]\nid: {id}\nname: {label}\n");
            if (id == "HP:0001250")
            {
                sb.Append("alt_id: HP:0001275\nsynonym: \"Epileptic seizure\" EXACT []\nsynonym: \"Fits\" RELATED layperson []\n");
            }
            foreach (var p in parents)
            {
                sb.Append($"is_a: {p} ! parent\n");
            }
            sb.Append('\n');
        }
        sb.Append("[Term]\nid: HP:0000057\nname: obsolete Wobbly gait\nis_obsolete: true\nreplaced_by: HP:0001251\n\n[Typedef]\nid: part_of\nname: part of\n");
        return sb.ToString();
    }

    /// <summary>Three diseases: a seizure disorder, an eye disease, a heart disease that explicitly lacks seizures.</summary>
    public static string Hpoa() =>
        "#description: \"tiny\"\n#version: 2025-01-01\n" +
        "database_id\tdisease_name\tqualifier\thpo_id\treference\tevidence\tonset\tfrequency\tsex\tmodifier\taspect\tbiocuration\n" +
        "OMIM:100001\tSeizure disorder\t\tHP:0001250\tPMID:1\tPCS\tHP:0003577\tHP:0040281\t\t\tP\tHPO:x\n" +
        "OMIM:100001\tSeizure disorder\t\tHP:0001251\tPMID:1;PMID:2\tPCS\t\t1/2\t\t\tP\tHPO:x\n" +
        "OMIM:100001\tSeizure disorder\t\tHP:0001251\tPMID:3\tPCS\t\t3/4\t\t\tP\tHPO:x\n" +
        "OMIM:100001\tSeizure disorder\t\tHP:0000006\tPMID:1\tIEA\t\t\t\t\tI\tHPO:x\n" +
        "OMIM:100002\tEye disease\t\tHP:0001083\tOMIM:100002\tTAS\t\tHP:0040280\t\t\tP\tHPO:x\n" +
        "OMIM:100002\tEye disease\t\tHP:0000505\tOMIM:100002\tTAS\t\t40%\t\t\tP\tHPO:x\n" +
        "OMIM:100003\tHeart disease\t\tHP:0001631\tOMIM:100003\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "OMIM:100003\tHeart disease\tNOT\tHP:0001250\tOMIM:100003\tTAS\t\t\t\t\tP\tHPO:x\n" +
        "ORPHA:9\tSeizure disorder (Orphanet)\t\tHP:0002069\tORPHA:9\tTAS\t\tHP:0040283\t\t\tP\tHPO:x\n";

    public static PhenotypeOntology Ontology() => OntologyReader.ReadObographs(new MemoryStream(Encoding.UTF8.GetBytes(ObographsJson())));

    public static DiseaseAnnotations Annotations(PhenotypeOntology? ontology = null) =>
        AnnotationReader.Read(new StringReader(Hpoa()), ontology ?? Ontology());

    /// <summary>Writes text to a temporary file, gzip-compressed when asked.</summary>
    public static string WriteTemp(string text, bool gzip, string extension)
    {
        var path = Path.Combine(Path.GetTempPath(), $"consilium-tiny-{Guid.NewGuid():N}{extension}");
        var bytes = Encoding.UTF8.GetBytes(text);
        if (gzip)
        {
            using var file = File.Create(path);
            using var z = new GZipStream(file, CompressionLevel.Fastest);
            z.Write(bytes);
        }
        else
        {
            File.WriteAllBytes(path, bytes);
        }
        return path;
    }
}
