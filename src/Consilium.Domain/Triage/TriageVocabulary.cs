namespace Consilium.Domain.Triage;

/// <summary>
/// The word lists and code lists behind the situation rules, kept apart from the code so a clinician can
/// review them. Stems match at the start of a word (a trailing <c>$</c> means a whole word); "contains"
/// lists match anywhere in the text.
/// </summary>
public static class TriageVocabulary
{
    /// <summary>Words that make a condition a cancer (matched anywhere: "adenocarcinoma", "glioblastoma").</summary>
    public static IReadOnlyList<string> MalignantContains { get; } =
    [
        "malignan", "carcinoma", "cancer", "lymphoma", "leukemi", "leukaemi", "melanoma", "sarcoma", "myeloma", "blastoma",
        "mesothelioma", "glioma", "metasta", "seminoma", "neoplasm, malignant", "tumour, malignant", "tumor, malignant",
    ];

    /// <summary>"Neoplasm of X" without a behaviour: treated as cancer until pathology says otherwise.</summary>
    public static IReadOnlyList<string> UnspecifiedNeoplasm { get; } = ["neoplasm"];

    /// <summary>Words that stop a cancer word from counting.</summary>
    public static IReadOnlyList<string> NotACancerDiagnosis { get; } =
    [
        "benign", "history of", "family history", "screening", "fear of", "risk of", "at risk", "no evidence of", "negative for",
        "uncertain behavio", "uncertain behaviour", "unknown behavio",
    ];

    /// <summary>Words that mark a neoplasm of uncertain behaviour (flagged for a coordinator's review).</summary>
    public static IReadOnlyList<string> UncertainBehaviour { get; } = ["uncertain behavio", "unknown behavio"];

    /// <summary>SNOMED CT malignant-disease concepts recognised by code alone (for records without display text).</summary>
    public static IReadOnlySet<string> MalignantSnomed { get; } = new HashSet<string>
    {
        "363346000", "372087000", "254637007", "254632001", "424132000", "93761005", "94260004", "109838007", "363406005",
        "92691004", "126906006", "314994000", "254837009", "399068003", "93655004", "269533000", "188340000", "118600007",
        "93143009", "109989006", "372244006", "2092003", "302820008",
    };

    /// <summary>Words that make a procedure a cancer treatment.</summary>
    public static IReadOnlyList<string> CancerTreatmentProcedures { get; } =
    [
        "chemotherapy", "chemo", "radiotherapy", "radiation therapy", "teleradiotherapy", "brachytherapy", "immunotherapy",
        "stereotactic", "proton therapy", "hormone therapy", "androgen deprivation", "stem cell transplant", "bone marrow transplant",
        "car-t", "targeted therapy",
    ];

    /// <summary>Words that make a procedure surgery on an organ (a cancer treatment when it is on the cancer's organ).</summary>
    public static IReadOnlyList<string> ExcisionContains { get; } = ["ectomy", "resection", "excision", "ablation", "amputation", "lobectomy"];

    /// <summary>Antineoplastic medicines (ingredient names as RxNorm displays carry them).</summary>
    public static IReadOnlyList<string> Antineoplastics { get; } =
    [
        "cisplatin", "carboplatin", "oxaliplatin", "paclitaxel", "docetaxel", "pemetrexed", "etoposide", "fluorouracil", "capecitabine",
        "irinotecan", "leucovorin", "gemcitabine", "vinorelbine", "cyclophosphamide", "doxorubicin", "methotrexate", "bevacizumab",
        "pembrolizumab", "nivolumab", "atezolizumab", "durvalumab", "ipilimumab", "cetuximab", "trastuzumab", "pertuzumab", "rituximab",
        "osimertinib", "erlotinib", "gefitinib", "afatinib", "alectinib", "crizotinib", "lorlatinib", "sotorasib", "imatinib", "ibrutinib",
        "leuprolide", "goserelin", "degarelix", "bicalutamide", "abiraterone", "enzalutamide", "apalutamide", "tamoxifen", "letrozole",
        "anastrozole", "exemestane", "fulvestrant", "palbociclib", "ribociclib", "abemaciclib", "olaparib", "temozolomide", "lenalidomide",
        "bortezomib",
    ];

    /// <summary>Words that make a condition an acute episode rather than a chronic condition.</summary>
    public static IReadOnlyList<string> AcuteEpisode { get; } =
    [
        "acute", "sprain", "laceration", "fracture", "injury", "burn", "concussion", "pregnancy", "viral", "streptococcal",
        "sore throat", "otitis media", "miscarriage", "whiplash", "overdose", "bronchitis", "cystitis", "appendicitis", "contusion",
        "impacted", "(finding)", "(situation)", "history of", "smokes", "body mass index",
    ];

    /// <summary>Words in a patient's question or a document title that concern images.</summary>
    public static IReadOnlyList<string> ImagingWords { get; } =
    [
        "scan", "scans", "mri$", "ct$", "cat scan", "x-ray", "xray", "mammogra", "ultrasound", "pet$", "pet-ct", "imaging", "radiolog",
        "images", "biopsy image", "angiogra", "echocardiogra", "sonogra", "tomograph",
    ];

    /// <summary>A treatment must have run this long before "no improvement" means the treatment is not working.</summary>
    public static TimeSpan MinimumTreatmentTrial { get; } = TimeSpan.FromDays(28);

    /// <summary>A planned surgery this close is expedited.</summary>
    public static TimeSpan ExpeditedSurgeryWindow { get; } = TimeSpan.FromDays(21);

    /// <summary>A condition is chronic when it has lasted this long (or says "chronic").</summary>
    public static TimeSpan ChronicAfter { get; } = TimeSpan.FromDays(90);

    /// <summary>Complex: active chronic conditions in at least this many organ systems.</summary>
    public const int ComplexOrganSystems = 3;
}
