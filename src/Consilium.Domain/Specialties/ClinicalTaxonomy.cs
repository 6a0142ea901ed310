using Consilium.Domain.Clinical;

namespace Consilium.Domain.Specialties;

/// <summary>
/// Conditions → organ systems → specialties, in one reviewable place. A concept is placed by, in order:
/// its ICD-10 code (chapter and block ranges), its HPO top-level branch, then the words of its display text.
/// </summary>
public static class ClinicalTaxonomy
{
    public static readonly OrganSystem Cardiovascular = new("cardiovascular", "heart and blood vessels", "cardiology", "cardiothoracic surgery", new("cardiology", "interventional cardiology"), "cardio-oncology", "cardiothoracic radiology");
    public static readonly OrganSystem Respiratory = new("respiratory", "lungs and airways", "pulmonology", "thoracic surgery", new("pulmonology", "interventional pulmonology"), "thoracic oncology", "thoracic radiology");
    public static readonly OrganSystem Nervous = new("nervous", "brain, spinal cord and nerves", "neurology", "neurosurgery", new("radiology", "interventional neuroradiology"), "neuro-oncology", "neuroradiology");
    public static readonly OrganSystem Digestive = new("digestive", "digestive system", "gastroenterology", "colorectal surgery", new("surgery", "laparoscopic and robotic colorectal surgery"), "gastrointestinal oncology", "abdominal radiology");
    public static readonly OrganSystem Urinary = new("urinary", "kidneys and urinary tract", "nephrology", "urology", new("urology", "endourology"), "urologic oncology", "abdominal radiology");
    public static readonly OrganSystem MaleReproductive = new("male-reproductive", "male reproductive system", "urology", "urology", new("surgery", "robotic urologic surgery"), "urologic oncology", "abdominal radiology");
    public static readonly OrganSystem FemaleReproductive = new("female-reproductive", "female reproductive system and pregnancy", "obstetrics and gynaecology", "gynaecologic surgery", new("surgery", "minimally invasive gynaecologic surgery"), "gynaecologic oncology", "abdominal radiology");
    public static readonly OrganSystem Breast = new("breast", "breast", "breast medicine", "breast surgery", new("surgery", "oncoplastic breast surgery"), "breast oncology", "breast imaging");
    public static readonly OrganSystem Endocrine = new("endocrine", "hormones and metabolism", "endocrinology", "endocrine surgery", null, "endocrine oncology", "abdominal radiology");
    public static readonly OrganSystem Musculoskeletal = new("musculoskeletal", "bones, joints and muscles", "rheumatology", "orthopaedic surgery", new("surgery", "arthroscopic surgery"), "musculoskeletal oncology", "musculoskeletal radiology");
    public static readonly OrganSystem Skin = new("skin", "skin", "dermatology", "dermatologic surgery", new("dermatology", "Mohs surgery"), "cutaneous oncology", "musculoskeletal radiology");
    public static readonly OrganSystem Blood = new("blood", "blood and immune system", "haematology", "surgery", null, "hematologic oncology", "body imaging");
    public static readonly OrganSystem Mental = new("mental", "mental health", "psychiatry", "neurosurgery", null, "psycho-oncology", "neuroradiology");
    public static readonly OrganSystem Eye = new("eye", "eyes", "ophthalmology", "ophthalmic surgery", null, "ocular oncology", "neuroradiology");
    public static readonly OrganSystem EarNoseThroat = new("ent", "ear, nose and throat", "otolaryngology", "head and neck surgery", new("otolaryngology", "endoscopic sinus surgery"), "head and neck oncology", "head and neck radiology");
    public static readonly OrganSystem Infection = new("infection", "infections", "infectious diseases", "surgery", null, "medical oncology", "body imaging");
    public static readonly OrganSystem Congenital = new("congenital", "congenital and genetic conditions", "medical genetics", "paediatric surgery", null, "paediatric oncology", "paediatric radiology");

    public static IReadOnlyList<OrganSystem> All { get; } =
    [
        Cardiovascular, Respiratory, Nervous, Digestive, Urinary, MaleReproductive, FemaleReproductive, Breast,
        Endocrine, Musculoskeletal, Skin, Blood, Mental, Eye, EarNoseThroat, Infection, Congenital,
    ];

    /// <summary>ICD-10 ranges (inclusive, by the first three characters), most specific first.</summary>
    private static readonly (string From, string To, OrganSystem System)[] Icd10Ranges =
    [
        // Neoplasms by site
        ("C00", "C14", EarNoseThroat), ("C15", "C26", Digestive), ("C30", "C32", EarNoseThroat), ("C33", "C39", Respiratory),
        ("C40", "C41", Musculoskeletal), ("C43", "C44", Skin), ("C45", "C45", Respiratory), ("C46", "C49", Musculoskeletal),
        ("C50", "C50", Breast), ("C51", "C58", FemaleReproductive), ("C60", "C63", MaleReproductive), ("C64", "C68", Urinary),
        ("C69", "C69", Eye), ("C70", "C72", Nervous), ("C73", "C75", Endocrine), ("C76", "C80", Blood), ("C81", "C96", Blood),
        ("D00", "D01", Digestive), ("D02", "D02", Respiratory), ("D03", "D04", Skin), ("D05", "D05", Breast), ("D06", "D06", FemaleReproductive),
        ("D07", "D07", MaleReproductive), ("D09", "D09", Urinary), ("D10", "D36", Blood), ("D37", "D48", Blood),
        ("D50", "D89", Blood),
        ("A00", "B99", Infection),
        ("E00", "E90", Endocrine),
        ("F00", "F99", Mental),
        ("G00", "G99", Nervous),
        ("H00", "H59", Eye), ("H60", "H95", EarNoseThroat),
        ("I60", "I69", Nervous), ("I00", "I99", Cardiovascular),
        ("J00", "J06", EarNoseThroat), ("J30", "J39", EarNoseThroat), ("J00", "J99", Respiratory),
        ("K00", "K95", Digestive),
        ("L00", "L99", Skin),
        ("M00", "M99", Musculoskeletal),
        ("N00", "N39", Urinary), ("N40", "N53", MaleReproductive), ("N60", "N65", Breast), ("N70", "N98", FemaleReproductive),
        ("O00", "O9A", FemaleReproductive),
        ("Q00", "Q99", Congenital),
    ];

    /// <summary>HPO top-level branches under Phenotypic abnormality (HP:0000118).</summary>
    private static readonly Dictionary<string, OrganSystem> HpoBranches = new(StringComparer.OrdinalIgnoreCase)
    {
        ["HP:0001626"] = Cardiovascular,
        ["HP:0002086"] = Respiratory,
        ["HP:0000707"] = Nervous,
        ["HP:0025031"] = Digestive,
        ["HP:0000079"] = Urinary,
        ["HP:0000078"] = FemaleReproductive,
        ["HP:0000769"] = Breast,
        ["HP:0000818"] = Endocrine,
        ["HP:0001939"] = Endocrine,
        ["HP:0033127"] = Musculoskeletal,
        ["HP:0000924"] = Musculoskeletal,
        ["HP:0001574"] = Skin,
        ["HP:0001871"] = Blood,
        ["HP:0002715"] = Blood,
        ["HP:0000708"] = Mental,
        ["HP:0000478"] = Eye,
        ["HP:0000598"] = EarNoseThroat,
        ["HP:0000152"] = EarNoseThroat,
    };

    /// <summary>
    /// Word stems (matched at the start of a word, case-insensitive) → system. Checked in this order, so the more
    /// specific stems come first ("heartburn" before "heart", "cerebrovascular" before "vascular").
    /// </summary>
    private static readonly (string Stem, OrganSystem System)[] Words =
    [
        ("heartburn", Digestive), ("stroke", Nervous), ("cerebrovascular", Nervous), ("cerebral", Nervous), ("brain", Nervous),
        ("seizure", Nervous), ("epilep", Nervous), ("migraine", Nervous), ("headache", Nervous), ("neuro", Nervous), ("alzheimer", Nervous),
        ("dementia", Nervous), ("parkinson", Nervous), ("multiple sclerosis", Nervous), ("spinal cord", Nervous), ("concussion", Nervous),
        ("ataxia", Nervous), ("palsy", Nervous), ("paralysis", Nervous), ("weakness", Nervous), ("numbness", Nervous), ("tremor", Nervous),
        ("breast", Breast), ("mammary", Breast),
        ("prostat", MaleReproductive), ("testis$", MaleReproductive), ("testic", MaleReproductive), ("scrot", MaleReproductive), ("erectile", MaleReproductive),
        ("pregnan", FemaleReproductive), ("miscarriage", FemaleReproductive), ("eclampsia", FemaleReproductive), ("preeclampsia", FemaleReproductive),
        ("antepartum", FemaleReproductive), ("fetus", FemaleReproductive), ("ovar", FemaleReproductive), ("uter", FemaleReproductive),
        ("cervix", FemaleReproductive), ("endometri", FemaleReproductive), ("vagin", FemaleReproductive), ("menstru", FemaleReproductive),
        ("sinus", EarNoseThroat), ("pharyn", EarNoseThroat), ("throat", EarNoseThroat), ("otitis", EarNoseThroat), ("ear$", EarNoseThroat), ("ears$", EarNoseThroat),
        ("tonsil", EarNoseThroat), ("laryn", EarNoseThroat), ("rhinitis", EarNoseThroat), ("hearing", EarNoseThroat), ("molar", EarNoseThroat),
        ("lung", Respiratory), ("pulmonary", Respiratory), ("bronch", Respiratory), ("asthma", Respiratory), ("pneumon", Respiratory),
        ("emphysema", Respiratory), ("copd", Respiratory), ("respirat", Respiratory), ("pleura", Respiratory), ("trache", Respiratory),
        ("cough", Respiratory), ("dyspn", Respiratory), ("breath", Respiratory),
        ("heart", Cardiovascular), ("cardi", Cardiovascular), ("coronary", Cardiovascular), ("atrial", Cardiovascular), ("ventric", Cardiovascular),
        ("hypertens", Cardiovascular), ("angina", Cardiovascular), ("myocard", Cardiovascular), ("aort", Cardiovascular), ("valv", Cardiovascular),
        ("arrhythm", Cardiovascular), ("vascular", Cardiovascular), ("arter", Cardiovascular), ("vein", Cardiovascular), ("venous", Cardiovascular),
        ("thromb", Cardiovascular), ("chest pain", Cardiovascular), ("palpitation", Cardiovascular),
        ("colon", Digestive), ("colorectal", Digestive), ("rectum", Digestive), ("rectal", Digestive), ("anus", Digestive), ("anal$", Digestive), ("bowel", Digestive),
        ("intestin", Digestive), ("gastr", Digestive), ("stomach", Digestive), ("liver", Digestive), ("hepat", Digestive), ("pancrea", Digestive),
        ("oesophag", Digestive), ("esophag", Digestive), ("append", Digestive), ("diarrh", Digestive), ("crohn", Digestive), ("colitis", Digestive),
        ("polyp", Digestive), ("gallbladder", Digestive), ("cholecyst", Digestive), ("abdominal", Digestive), ("nausea", Digestive), ("vomit", Digestive),
        ("kidney", Urinary), ("renal", Urinary), ("nephr", Urinary), ("urinary", Urinary), ("bladder", Urinary), ("cystitis", Urinary), ("ureter", Urinary),
        ("diabet", Endocrine), ("thyroid", Endocrine), ("prediabet", Endocrine), ("hyperlipid", Endocrine), ("lipid", Endocrine), ("cholesterol", Endocrine),
        ("triglycerid", Endocrine), ("obes", Endocrine), ("metabolic", Endocrine), ("hyperglyc", Endocrine), ("hypoglyc", Endocrine), ("adrenal", Endocrine),
        ("pituitar", Endocrine),
        ("osteopor", Musculoskeletal), ("arthritis", Musculoskeletal), ("osteoarth", Musculoskeletal), ("joint", Musculoskeletal), ("bone", Musculoskeletal),
        ("fracture", Musculoskeletal), ("spine", Musculoskeletal), ("spinal", Musculoskeletal), ("back pain", Musculoskeletal), ("knee", Musculoskeletal),
        ("hip$", Musculoskeletal), ("hips$", Musculoskeletal), ("shoulder", Musculoskeletal), ("ligament", Musculoskeletal), ("tendon", Musculoskeletal), ("gout", Musculoskeletal),
        ("sprain", Musculoskeletal), ("muscle", Musculoskeletal), ("myopath", Musculoskeletal), ("lupus", Musculoskeletal), ("whiplash", Musculoskeletal),
        ("skin", Skin), ("derma", Skin), ("eczema", Skin), ("psoria", Skin), ("rash", Skin), ("burn", Skin), ("melanoma", Skin), ("laceration", Skin),
        ("anemia", Blood), ("anaemia", Blood), ("leuk", Blood), ("lymphoma", Blood), ("myeloma", Blood), ("coagul", Blood), ("thrombocyt", Blood),
        ("neutropen", Blood), ("immunodef", Blood), ("allerg", Blood), ("haemophilia", Blood), ("hemophilia", Blood), ("bleeding", Blood),
        ("depress", Mental), ("anxiety", Mental), ("attention deficit", Mental), ("adhd", Mental), ("bipolar", Mental), ("schizo", Mental),
        ("alcoholism", Mental), ("substance", Mental), ("overdose", Mental), ("suicid", Mental), ("psych", Mental), ("autis", Mental),
        ("retin", Eye), ("eye", Eye), ("vision", Eye), ("visual", Eye), ("glaucoma", Eye), ("cataract", Eye),
        ("sepsis", Infection), ("infection", Infection), ("viral", Infection), ("bacterial", Infection), ("hiv", Infection), ("tubercul", Infection),
        ("congenital", Congenital), ("chromosom", Congenital), ("trisomy", Congenital), ("genetic", Congenital),
    ];

    /// <summary>The organ system a coded concept belongs to, or null when nothing places it.</summary>
    public static OrganSystem? SystemOf(CodedConcept concept)
    {
        ArgumentNullException.ThrowIfNull(concept);
        foreach (var code in concept.Codings.Where(c => CodeSystems.IsIcd10(c.System)))
        {
            if (SystemOfIcd10(code.Code) is { } s)
            {
                return s;
            }
        }
        foreach (var code in concept.Codings.Where(c => c.System == CodeSystems.Hpo))
        {
            if (HpoBranches.TryGetValue(code.Code, out var s))
            {
                return s;
            }
        }
        foreach (var words in concept.Words())
        {
            if (SystemOfWords(words) is { } s)
            {
                return s;
            }
        }
        return null;
    }

    public static OrganSystem? SystemOfIcd10(string code)
    {
        var key = Icd10Key(code);
        if (key is null)
        {
            return null;
        }
        foreach (var (from, to, system) in Icd10Ranges)
        {
            if (string.CompareOrdinal(key, from) >= 0 && string.CompareOrdinal(key, to) <= 0)
            {
                return system;
            }
        }
        return null;
    }

    /// <summary>The first organ system whose word stem starts a word of the text.</summary>
    public static OrganSystem? SystemOfWords(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var (stem, system) in Words)
        {
            if (TextMatch.StartsWord(text, stem))
            {
                return system;
            }
        }
        return null;
    }

    /// <summary>"C18.9" → "C18"; null when it is not an ICD-10 code.</summary>
    public static string? Icd10Key(string code)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            return null;
        }
        var c = code.Trim().ToUpperInvariant();
        if (c.Length < 3 || !char.IsAsciiLetterUpper(c[0]) || !char.IsAsciiDigit(c[1]) || !(char.IsAsciiDigit(c[2]) || c[2] == 'A'))
        {
            return null;
        }
        return c[..3];
    }

    /// <summary>True when the ICD-10 code's three-character category lies in [from, to].</summary>
    public static bool Icd10InRange(string code, string from, string to)
    {
        var key = Icd10Key(code);
        return key is not null && string.CompareOrdinal(key, from) >= 0 && string.CompareOrdinal(key, to) <= 0;
    }
}
