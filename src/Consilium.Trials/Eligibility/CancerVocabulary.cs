using Consilium.Domain.Clinical;

namespace Consilium.Trials.Eligibility;

/// <summary>A kind of cancer Consilium recognises in conditions, trial conditions and criteria; <see cref="Parent"/> is the broader kind.</summary>
public sealed record CancerConcept(string Id, string Label, string? Parent, IReadOnlyList<string> Phrases);

/// <summary>
/// The cancers and histologies named in records and trial registrations, as word stems (matched at word starts,
/// so "neoplasm" also finds "neoplasms"; a phrase ending in <c>$</c> must be a whole word). Small and readable on purpose:
/// each concept's phrases are the ways ClinicalTrials.gov conditions, MeSH terms and SNOMED displays write it.
/// </summary>
public static class CancerVocabulary
{
    public const string AnyCancer = "cancer";

    public static IReadOnlyList<CancerConcept> Concepts { get; } =
    [
        new(AnyCancer, "cancer", null, ["cancer", "carcinoma", "malignan", "neoplasm", "tumor", "tumour", "oncolog", "solid tumo", "metastatic disease"]),
        new("lung", "lung cancer", AnyCancer, ["lung cancer", "lung carcinoma", "carcinoma of lung", "carcinoma of the lung", "lung neoplasm", "neoplasm of lung", "malignant neoplasm of lung", "bronchogenic", "bronchial carcinoma", "pulmonary carcinoma", "thoracic cancer", "thoracic neoplasm", "lung tumo", "lung adenocarcinoma", "lung squamous"]),
        new("nsclc", "non-small cell lung cancer", "lung", ["non-small cell lung", "non small cell lung", "non-small-cell lung", "nonsmall cell lung", "nsclc", "carcinoma, non-small-cell lung", "non-small cell carcinoma of lung", "adenocarcinoma of lung", "adenocarcinoma of the lung", "lung adenocarcinoma", "squamous cell carcinoma of lung", "squamous cell carcinoma of the lung", "squamous cell lung", "large cell carcinoma of lung", "large cell lung"]),
        new("sclc", "small cell lung cancer", "lung", ["small cell lung", "small-cell lung", "sclc$", "small cell carcinoma of lung", "small cell carcinoma of the lung", "oat cell"]),
        new("mesothelioma", "mesothelioma", AnyCancer, ["mesothelioma"]),
        new("breast", "breast cancer", AnyCancer, ["breast cancer", "breast carcinoma", "carcinoma of breast", "breast neoplasm", "neoplasm of breast", "malignant neoplasm of breast"]),
        new("colorectal", "colorectal cancer", AnyCancer, ["colorectal", "colon cancer", "rectal cancer", "carcinoma of colon", "colon carcinoma", "colonic neoplasm", "rectal neoplasm", "neoplasm of colon", "malignant tumor of colon", "adenocarcinoma of colon"]),
        new("prostate", "prostate cancer", AnyCancer, ["prostate cancer", "prostatic cancer", "carcinoma of prostate", "prostate carcinoma", "prostatic neoplasm", "neoplasm of prostate", "malignant tumor of prostate"]),
        new("melanoma", "melanoma", AnyCancer, ["melanoma"]),
        new("pancreas", "pancreatic cancer", AnyCancer, ["pancreatic cancer", "pancreatic carcinoma", "pancreatic adenocarcinoma", "pancreatic neoplasm", "carcinoma of pancreas"]),
        new("ovary", "ovarian cancer", AnyCancer, ["ovarian cancer", "ovarian carcinoma", "ovarian neoplasm", "carcinoma of ovary"]),
        new("brain", "brain tumour", AnyCancer, ["glioma", "glioblastoma", "astrocytoma", "brain tumo", "brain neoplasm", "oligodendroglioma", "medulloblastoma"]),
        new("lymphoma", "lymphoma", AnyCancer, ["lymphoma"]),
        new("leukemia", "leukaemia", AnyCancer, ["leukemia", "leukaemia"]),
        new("myeloma", "myeloma", AnyCancer, ["myeloma"]),
        new("bladder", "bladder cancer", AnyCancer, ["bladder cancer", "urothelial", "bladder carcinoma", "bladder neoplasm"]),
        new("kidney", "kidney cancer", AnyCancer, ["renal cell", "kidney cancer", "renal cancer", "kidney neoplasm"]),
        new("liver", "liver cancer", AnyCancer, ["hepatocellular", "liver cancer", "liver neoplasm", "cholangiocarcinoma"]),
        new("stomach", "gastric cancer", AnyCancer, ["gastric cancer", "stomach cancer", "gastric adenocarcinoma", "stomach neoplasm", "gastric carcinoma", "esophageal cancer", "oesophageal cancer", "esophageal neoplasm"]),
        new("head-neck", "head and neck cancer", AnyCancer, ["head and neck", "oropharyn", "laryn", "nasopharyn", "oral cavity cancer"]),
        new("sarcoma", "sarcoma", AnyCancer, ["sarcoma"]),
        new("thyroid", "thyroid cancer", AnyCancer, ["thyroid cancer", "thyroid carcinoma", "thyroid neoplasm"]),
        new("cervix", "cervical cancer", AnyCancer, ["cervical cancer", "carcinoma of cervix", "cervix carcinoma", "uterine cervical neoplasm"]),
        new("endometrium", "endometrial cancer", AnyCancer, ["endometrial cancer", "endometrial carcinoma", "uterine cancer", "endometrial neoplasm"]),
    ];

    private static readonly Dictionary<string, CancerConcept> ById = Concepts.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static CancerConcept Get(string id) => ById[id];

    /// <summary>The concepts a text names, most specific only ("non-small cell lung cancer" gives nsclc, not also lung and cancer).</summary>
    public static IReadOnlySet<string> Find(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new HashSet<string>(StringComparer.Ordinal);
        foreach (var c in Concepts)
        {
            if (c.Phrases.Any(p => Mentions(text, p, c.Id)))
            {
                found.Add(c.Id);
            }
        }
        // a broader concept found only through a narrower one's words adds nothing
        foreach (var id in found.ToList())
        {
            for (var p = ById[id].Parent; p is not null; p = ById[p].Parent)
            {
                found.Remove(p);
            }
        }
        return found;
    }

    /// <summary>The concept and every broader one ("nsclc" → nsclc, lung, cancer).</summary>
    public static IEnumerable<string> WithAncestors(string id)
    {
        for (string? c = id; c is not null; c = ById[c].Parent)
        {
            yield return c;
        }
    }

    /// <summary>"small cell lung" must not be read inside "non-small cell lung".</summary>
    private static bool Mentions(string text, string phrase, string conceptId)
    {
        var i = 0;
        while ((i = TextMatch.IndexOfWordStart(text, phrase, i)) >= 0)
        {
            if (conceptId != "sclc" || !PrecededByNon(text, i))
            {
                return true;
            }
            i++;
        }
        return false;
    }

    private static bool PrecededByNon(string text, int at)
    {
        var before = text[..at].TrimEnd(' ', '-');
        return before.EndsWith("non", StringComparison.OrdinalIgnoreCase);
    }
}
