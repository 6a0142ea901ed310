using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Matching;
using Consilium.Domain.Specialties;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Experts.Synthetic;

/// <summary>
/// Seeded generator of realistic-looking expert networks and open cases for demos, tests and benchmarks: the specialty
/// mix follows <see cref="ClinicalTaxonomy"/> (oncology, surgery, radiology and pathology per organ system, medical
/// specialties, genetics), volumes have a long tail (most experts tens of patients, a few many hundreds), licences
/// and languages follow a country mix, capacities 2–10 a week with part of it already taken. The same seed gives the
/// same network and cases. Synthetic people and institutions; codes are real ICD-10 / SNOMED CT / ORPHA codes.
/// </summary>
public sealed class SyntheticNetwork
{
    private static readonly string[] FirstNames = ["Anna", "Ben", "Clara", "David", "Elif", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kaori", "Luca", "Maya", "Nils", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wim", "Xenia", "Yusuf", "Zoe"];
    private static readonly string[] LastNames = ["Adler", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Hansen", "Ivanova", "Jansen", "Kowalski", "Lambert", "Moreau", "Novak", "Okafor", "Peeters", "Rossi", "Schmidt", "Tanaka", "Urban", "Visser", "Weber", "Yilmaz", "Zeller"];

    /// <summary>Country, weight, languages spoken there, subdivisions that license separately (US states).</summary>
    private static readonly (string Country, int Weight, string[] Languages, string[] Subdivisions)[] Countries =
    [
        ("US", 30, ["en", "es"], ["US-MA", "US-NY", "US-CA", "US-TX", "US-IL", "US-PA", "US-WA", "US-FL"]),
        ("DE", 14, ["de"], []), ("FR", 10, ["fr"], []), ("GB", 10, ["en"], []), ("NL", 8, ["nl"], []),
        ("ES", 8, ["es"], []), ("IT", 8, ["it"], []), ("CH", 6, ["de", "fr", "it"], []), ("BE", 6, ["nl", "fr"], []),
    ];

    /// <summary>Conditions by organ-system code: (system, code, display).</summary>
    private static readonly (string System, string[] Conditions)[] ConditionCatalogue =
    [
        ("digestive", ["C18|Malignant neoplasm of colon", "C18.7|Malignant neoplasm of sigmoid colon", "C20|Malignant neoplasm of rectum", "C25|Malignant neoplasm of pancreas", "K50|Crohn disease", "K51|Ulcerative colitis", "K80|Cholelithiasis"]),
        ("breast", ["C50|Malignant neoplasm of breast", "D05|Carcinoma in situ of breast"]),
        ("respiratory", ["C34|Malignant neoplasm of bronchus and lung", "J44|Chronic obstructive pulmonary disease", "J84|Interstitial pulmonary disease"]),
        ("male-reproductive", ["C61|Malignant neoplasm of prostate", "N40|Benign prostatic hyperplasia"]),
        ("urinary", ["C64|Malignant neoplasm of kidney", "C67|Malignant neoplasm of bladder", "N18|Chronic kidney disease"]),
        ("cardiovascular", ["I25|Chronic ischaemic heart disease", "I35|Aortic valve disorders", "I48|Atrial fibrillation", "I71|Aortic aneurysm"]),
        ("nervous", ["C71|Malignant neoplasm of brain", "G35|Multiple sclerosis", "G40|Epilepsy", "G20|Parkinson disease"]),
        ("musculoskeletal", ["M17|Gonarthrosis", "M48|Spinal stenosis", "M05|Rheumatoid arthritis", "C41|Malignant neoplasm of bone"]),
        ("blood", ["C90|Multiple myeloma", "C83|Non-follicular lymphoma", "C92|Myeloid leukaemia", "D61|Aplastic anaemia"]),
        ("female-reproductive", ["C56|Malignant neoplasm of ovary", "C54|Malignant neoplasm of corpus uteri", "N80|Endometriosis"]),
        ("endocrine", ["C73|Malignant neoplasm of thyroid gland", "E10|Type 1 diabetes mellitus", "E05|Thyrotoxicosis"]),
        ("skin", ["C43|Malignant melanoma of skin", "L40|Psoriasis"]),
    ];

    private static readonly string[] RareDiseases = ["ORPHA:558|Marfan syndrome", "ORPHA:586|Cystic fibrosis", "ORPHA:98896|Duchenne muscular dystrophy", "ORPHA:355|Gaucher disease", "ORPHA:324|Fabry disease", "ORPHA:399|Huntington disease", "ORPHA:79445|Wilson disease"];

    /// <summary>Procedures by organ-system code: (SNOMED code, open procedure, minimally invasive alternative).</summary>
    private static readonly (string System, string Code, string Open, string LessInvasive)[] Procedures =
    [
        ("digestive", "26390003", "Sigmoid colectomy", "Laparoscopic colectomy"), ("digestive", "38102005", "Cholecystectomy", "Laparoscopic cholecystectomy"),
        ("male-reproductive", "90470006", "Radical prostatectomy", "Robotic prostatectomy"),
        ("cardiovascular", "232717009", "Coronary artery bypass graft", "Percutaneous coronary intervention"), ("cardiovascular", "71920005", "Open repair of aortic aneurysm", "Endovascular aneurysm repair"),
        ("breast", "172043006", "Mastectomy", "Breast-conserving surgery"),
        ("female-reproductive", "236886002", "Hysterectomy", "Laparoscopic hysterectomy"),
        ("respiratory", "173171007", "Lobectomy of lung", "Video-assisted thoracoscopic lobectomy"),
        ("musculoskeletal", "609588000", "Total knee replacement", "Arthroscopic knee surgery"), ("musculoskeletal", "387731002", "Laminectomy", "Endoscopic spine decompression"),
        ("urinary", "175905003", "Nephrectomy", "Laparoscopic partial nephrectomy"),
    ];

    private static readonly string[] Modalities = ["CT", "MR", "PT", "US", "MG", "CR", "NM"];

    private readonly Random _random;
    private readonly DateTimeOffset _asOf;

    public SyntheticNetwork(int seed, DateTimeOffset asOf)
    {
        _random = new Random(seed);
        _asOf = asOf;
        Areas = BuildAreas();
    }

    /// <summary>(specialty, subspecialty, weight, organ-system code) the network draws expert profiles from.</summary>
    private IReadOnlyList<(string Specialty, string? Subspecialty, int Weight, string? System)> Areas { get; }

    private static List<(string, string?, int, string?)> BuildAreas()
    {
        var areas = new List<(string, string?, int, string?)>
        {
            (Specialty.Oncology, Specialty.MedicalOncology, 30, null), (Specialty.Oncology, Specialty.SurgicalOncology, 16, null),
            (Specialty.Oncology, Specialty.RadiationOncology, 12, null), (Specialty.Pathology, Specialty.SurgicalPathology, 14, null),
            (Specialty.Pathology, Specialty.Hematopathology, 5, null), (Specialty.InternalMedicine, Specialty.DiagnosticMedicine, 10, null),
            (Specialty.InternalMedicine, Specialty.ComplexCare, 8, null), (Specialty.MedicalGenetics, Specialty.RareDiseases, 8, null),
            (Specialty.MedicalGenetics, Specialty.CancerGenetics, 5, null), (Specialty.ClinicalPharmacology, null, 5, null),
        };
        foreach (var s in ClinicalTaxonomy.All)
        {
            areas.Add((Specialty.Oncology, s.OncologySubspecialty, 6, s.Code));
            areas.Add((Specialty.Surgery, s.SurgicalSpecialty, 6, s.Code));
            areas.Add((s.Specialty, null, 8, s.Code));
            areas.Add((Specialty.Radiology, s.RadiologySubspecialty, 4, s.Code));
            if (s.LessInvasive is { } li)
            {
                areas.Add((li.Specialty, li.Subspecialty, 4, s.Code));
            }
        }
        return areas;
    }

    /// <summary><paramref name="count"/> experts with ids <c>exp-00001</c>... .</summary>
    public IReadOnlyList<ExpertProfile> Experts(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var experts = new List<ExpertProfile>(count);
        var institutions = Enumerable.Range(1, Math.Max(10, count / 25)).Select(i => $"{Pick(LastNames)} {(i % 3 == 0 ? "University Hospital" : i % 3 == 1 ? "Medical Center" : "Clinic")} {i}").ToArray();
        var areaWeights = Areas.Sum(a => a.Weight);
        for (var n = 1; n <= count; n++)
        {
            var area = WeightedArea(areaWeights);
            var country = WeightedCountry();
            var home = country.Subdivisions.Length > 0 ? Pick(country.Subdivisions) : country.Country;
            var licences = new SortedSet<string>(StringComparer.Ordinal) { home };
            // US physicians are licensed state by state and often hold several; in Europe a second country is rarer.
            for (var extra = country.Subdivisions.Length > 0 ? _random.Next(0, 4) : (_random.NextDouble() < 0.25 ? 1 : 0); extra > 0; extra--)
            {
                licences.Add(country.Subdivisions.Length > 0 ? Pick(country.Subdivisions) : WeightedCountry().Country);
            }
            var languages = new List<string> { country.Languages[0] };
            if (country.Languages.Length > 1 && _random.NextDouble() < 0.5)
            {
                languages.Add(country.Languages[1]);
            }
            if (!languages.Contains("en") && _random.NextDouble() < 0.7)
            {
                languages.Add("en");
            }
            var systems = area.System is null ? ConditionCatalogue.Select(c => c.System).ToArray() : [area.System];
            var conditions = new List<ConditionExperience>();
            foreach (var entry in Shuffle(ConditionCatalogue.Where(c => systems.Contains(c.System)).SelectMany(c => c.Conditions)).Take(_random.Next(2, 7)))
            {
                var (code, display) = Split(entry);
                conditions.Add(new ConditionExperience(CodeSystems.Icd10, code, display, LongTail()));
            }
            if (area.Subspecialty == Specialty.RareDiseases)
            {
                foreach (var entry in Shuffle(RareDiseases).Take(_random.Next(1, 4)))
                {
                    var (code, display) = Split(entry);
                    conditions.Add(new ConditionExperience(CodeSystems.Orphanet, code, display, LongTail() / 5));
                }
            }
            var procedures = new List<ProcedureExperience>();
            if (area.Specialty == Specialty.Surgery || area.Subspecialty == Specialty.SurgicalOncology)
            {
                foreach (var p in Procedures.Where(p => area.System is null || p.System == area.System))
                {
                    if (_random.NextDouble() < 0.7)
                    {
                        procedures.Add(new ProcedureExperience(p.Open, LongTail()) { Codes = [new ClinicalCode(CodeSystems.Snomed, p.Code, p.Open)], OrganSystem = p.System });
                    }
                    if (_random.NextDouble() < 0.5)
                    {
                        procedures.Add(new ProcedureExperience(p.LessInvasive, LongTail()) { MinimallyInvasive = true, OrganSystem = p.System });
                    }
                }
            }
            ImagingExpertise? imaging = area.Specialty == Specialty.Radiology
                ? new ImagingExpertise(area.Subspecialty, [.. Shuffle(Modalities).Take(_random.Next(2, 6)).Order(StringComparer.Ordinal)])
                : null;
            var subspecialties = area.Subspecialty is null ? new List<string>() : [area.Subspecialty];
            if (area.Specialty == Specialty.Oncology && area.Subspecialty != Specialty.MedicalOncology && _random.NextDouble() < 0.4)
            {
                subspecialties.Add(Specialty.MedicalOncology);
            }
            var capacity = _random.Next(2, 11);
            var institution = Pick(institutions);
            experts.Add(new ExpertProfile
            {
                Id = $"exp-{n:D5}",
                Name = $"Dr {Pick(FirstNames)} {Pick(LastNames)}",
                Identifiers = [$"urn:consilium:synthetic|{n}"],
                Specialties = [area.Specialty],
                Subspecialties = subspecialties,
                Conditions = conditions,
                Procedures = procedures,
                Imaging = imaging,
                BoardCertifications = [area.Subspecialty ?? area.Specialty],
                Licensures = [.. licences],
                Languages = languages,
                Institution = institution,
                Affiliations = _random.NextDouble() < 0.2 ? [Pick(institutions)] : [],
                ClinicalTrials = _random.NextDouble() < 0.3,
                WeeklyCapacity = capacity,
                CurrentLoad = _random.Next(0, capacity + 1) / 2,
                TypicalTurnaroundDays = Math.Round(Math.Clamp(3 + (LogNormal() * 4), 1, 30), 1),
                Availability = _random.NextDouble() < 0.05 ? [new AvailabilityWindow(_asOf.AddDays(14), _asOf.AddDays(60))] : [],
            });
        }
        return experts;
    }

    /// <summary>
    /// <paramref name="count"/> open cases (ids <c>case-000001</c>...) already triaged: the situation mix of a
    /// second-opinion service, 12% expedited, 1% emergency; a third name the first-opinion physician's institution.
    /// </summary>
    public IReadOnlyList<MatchRequest> Cases(int count, IReadOnlyList<ExpertProfile> network)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(network);
        var cases = new List<MatchRequest>(count);
        for (var n = 1; n <= count; n++)
        {
            var country = WeightedCountry();
            var jurisdiction = country.Subdivisions.Length > 0 ? Pick(country.Subdivisions) : country.Country;
            var languages = _random.NextDouble() < 0.9 ? new[] { Pick(country.Languages) } : [Pick(country.Languages), "en"];
            var (systemCode, conditions) = ConditionCatalogue[_random.Next(ConditionCatalogue.Length)];
            var system = ClinicalTaxonomy.All.First(s => s.Code == systemCode);
            var (code, display) = Split(Pick(conditions));
            var cancer = code.StartsWith('C');
            var roll = _random.NextDouble();
            var conditionList = new List<Condition> { new($"Condition/{n}-1", CodedConcept.Of(CodeSystems.Icd10, code, display)) { ClinicalStatus = ClinicalStatus.Active, VerificationStatus = VerificationStatus.Confirmed } };
            var procedures = new List<ProcedureRecord>();
            var imaging = new List<ImagingStudyRecord>();
            var needs = new List<ExpertiseNeed>();
            var situations = new List<string>();
            if (cancer)
            {
                situations.Add(SituationCode.Cancer);
                needs.Add(new ExpertiseNeed(Specialty.Oncology, roll < 0.6 ? system.OncologySubspecialty : Specialty.MedicalOncology, $"{display}: a {system.OncologySubspecialty} specialist."));
                needs.Add(new ExpertiseNeed(Specialty.Pathology, Specialty.SurgicalPathology, "Confirm the diagnosis and stage on the pathology."));
            }
            else if (roll < 0.35 && Procedures.FirstOrDefault(p => p.System == systemCode) is { Code: not null } surgery)
            {
                situations.Add(SituationCode.SurgeryPlanned);
                procedures.Add(new ProcedureRecord($"ServiceRequest/{n}", CodedConcept.Of(CodeSystems.Snomed, surgery.Code, surgery.Open)) { Status = ProcedureStatus.Proposed, IsSurgical = true });
                needs.Add(new ExpertiseNeed(Specialty.Surgery, system.SurgicalSpecialty, $"Second surgical opinion on {surgery.Open}."));
            }
            else if (roll < 0.5)
            {
                situations.Add(SituationCode.RareOrComplex);
                var (rare, rareDisplay) = Split(Pick(RareDiseases));
                conditionList.Add(new Condition($"Condition/{n}-2", CodedConcept.Of(CodeSystems.Orphanet, rare, rareDisplay)) { ClinicalStatus = ClinicalStatus.Active });
                needs.Add(new ExpertiseNeed(Specialty.MedicalGenetics, Specialty.RareDiseases, $"Rare disease ({rareDisplay})."));
            }
            else if (roll < 0.75)
            {
                situations.Add(SituationCode.TreatmentNotWorking);
                needs.Add(new ExpertiseNeed(system.Specialty, null, $"Treatment for a {system.Name} condition is not working."));
            }
            else
            {
                situations.Add(SituationCode.SymptomsUnexplained);
                needs.Add(new ExpertiseNeed(roll < 0.9 ? system.Specialty : Specialty.InternalMedicine, roll < 0.9 ? null : Specialty.DiagnosticMedicine, "Symptoms that the diagnosis does not explain."));
            }
            if (_random.NextDouble() < 0.4)
            {
                imaging.Add(new ImagingStudyRecord($"ImagingStudy/{n}") { Modalities = [Pick(Modalities)] });
                needs.Add(new ExpertiseNeed(Specialty.Radiology, system.RadiologySubspecialty, "Imaging re-read by a subspecialist radiologist."));
            }
            var u = _random.NextDouble();
            var urgency = u < 0.01 ? Urgency.Emergency : u < 0.13 ? Urgency.Expedited : Urgency.Standard;
            var file = new CaseFile
            {
                Patient = new PatientProfile { Jurisdiction = jurisdiction, Languages = languages, BirthDate = new DateOnly(_random.Next(1940, 2010), _random.Next(1, 13), _random.Next(1, 29)) },
                Conditions = conditionList,
                Procedures = procedures,
                ImagingStudies = imaging,
            };
            var triage = new TriageResult
            {
                Situations = [.. situations.Select(s => new SituationFinding(s, [$"Condition/{n}-1"], ["synthetic"]))],
                Urgency = urgency,
                UrgencyReasons = urgency == Urgency.Standard ? [] : ["synthetic"],
                Expertise = needs,
                ImagingReread = imaging.Count > 0,
                TumorBoard = cancer,
                RedFlags = [],
            };
            var first = _random.NextDouble() < 0.33 && network.Count > 0 ? network[_random.Next(network.Count)] : null;
            cases.Add(new MatchRequest($"case-{n:D6}", file, triage, _asOf)
            {
                FirstOpinion = first is null ? null : new FirstOpinion(first.Id, first.Name, first.Institution),
            });
        }
        return cases;
    }

    private (string Specialty, string? Subspecialty, int Weight, string? System) WeightedArea(int total)
    {
        var r = _random.Next(total);
        foreach (var a in Areas)
        {
            if ((r -= a.Weight) < 0)
            {
                return a;
            }
        }
        return Areas[^1];
    }

    private (string Country, int Weight, string[] Languages, string[] Subdivisions) WeightedCountry()
    {
        var r = _random.Next(Countries.Sum(c => c.Weight));
        foreach (var c in Countries)
        {
            if ((r -= c.Weight) < 0)
            {
                return c;
            }
        }
        return Countries[^1];
    }

    /// <summary>Patients treated: Pareto-like, most 5–60, a few in the hundreds or more (capped at 3,000).</summary>
    private int LongTail() => (int)Math.Min(3000, 5 / Math.Pow(1 - _random.NextDouble(), 0.9));

    private double LogNormal() => Math.Exp(0.5 * Gaussian());

    private double Gaussian() => Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());

    private T Pick<T>(IReadOnlyList<T> items) => items[_random.Next(items.Count)];

    private List<T> Shuffle<T>(IEnumerable<T> items)
    {
        var list = items.ToList();
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
        return list;
    }

    private static (string Code, string Display) Split(string entry)
    {
        var bar = entry.IndexOf('|', StringComparison.Ordinal);
        return (entry[..bar], entry[(bar + 1)..]);
    }
}
