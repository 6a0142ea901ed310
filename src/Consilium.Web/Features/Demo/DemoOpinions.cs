using Consilium.Domain.Cases;
using Consilium.Domain.Opinions;
using Consilium.Domain.Triage;

namespace Consilium.Web.Features.Demo;

/// <summary>Structured answers for the demo's delivered opinions: one section per situation the case was triaged into.</summary>
internal static class DemoOpinions
{
    private static readonly Dictionary<string, Dictionary<string, string>> Answers = new(StringComparer.Ordinal)
    {
        [SituationCode.SurgeryPlanned] = new()
        {
            ["surgeryNecessary"] = "not-yet",
            ["conservativeOptions"] = "Supervised physiotherapy for 12 weeks with weight management; about half of patients postpone surgery by a year or more.",
            ["lessInvasiveTechniques"] = "Laparoscopic or robotic approaches where abdominal surgery is needed; offered at the regional centre.",
            ["timing"] = "can-wait",
            ["timingNote"] = "Review after 12 weeks of physiotherapy.",
            ["guidelines"] = "NICE NG226 (osteoarthritis, 2022); ESCP guidance on minimally invasive colectomy.",
        },
        [SituationCode.Cancer] = new()
        {
            ["diagnosisAndStage"] = "confirmed",
            ["stage"] = "pT3 N0 M0 (stage IIA) on the reviewed imaging.",
            ["pathologyReview"] = "Biopsy slides reviewed: moderately differentiated adenocarcinoma.",
            ["imagingReview"] = "CT chest, abdomen and pelvis reviewed: no distant spread.",
            ["biomarkers"] = "Mismatch repair status considered; result pending.",
            ["recommendedTests"] = "MMR/MSI testing on the biopsy; CEA before surgery.",
            ["treatmentOptions"] = "1. Laparoscopic right hemicolectomy. 2. Adjuvant chemotherapy only if high-risk features are found. 3. Immunotherapy if MSI-high.",
            ["treatmentIntent"] = "curative",
        },
        [SituationCode.SymptomsUnexplained] = new()
        {
            ["differential"] = "1. Systemic lupus erythematosus: facial rash, joint pain, fatigue (for); normal kidney tests (against). 2. Undertreated hypothyroidism: fatigue (for); normal TSH (against).",
            ["coexistingConditions"] = "Hypothyroidism is real and stays treated.",
            ["discriminatingTests"] = "ANA, anti-dsDNA, complement C3/C4, urine protein.",
        },
        [SituationCode.RareOrComplex] = new()
        {
            ["prognosis"] = "Normal life expectancy with joint protection and vascular surveillance.",
            ["expertCentres"] = "A national Ehlers-Danlos clinic; genetics service for confirmation.",
            ["experimentalTherapies"] = "None recommended outside trials.",
            ["patientOrganisations"] = "The Ehlers-Danlos Society (ehlers-danlos.com).",
            ["integratedView"] = "Genetics, rheumatology and physiotherapy agree on one plan led by the GP.",
        },
        [SituationCode.TreatmentNotWorking] = new()
        {
            ["diagnosisRevised"] = "yes",
            ["doseAdjustment"] = "Keep the current levothyroxine dose; TSH is in range.",
            ["interactions"] = "None found between the listed medicines.",
            ["pharmacogenomics"] = "Not relevant for levothyroxine.",
            ["adherenceAndLifestyle"] = "Taken with breakfast: advise taking it 30 minutes before food.",
            ["alternativeTherapies"] = "Treat the likely lupus: hydroxychloroquine after rheumatology review.",
        },
    };

    /// <summary>Sections for exactly the situations <paramref name="case"/> was triaged into (the cancer one with a trial to consider).</summary>
    public static IReadOnlyList<SituationSection> For(SecondOpinionCase @case) =>
        [.. (@case.Triage?.Situations ?? []).Where(s => Answers.ContainsKey(s.Code)).Select(s => new SituationSection(s.Code, Answers[s.Code],
            s.Code == SituationCode.Cancer ? [new TrialToConsider("NCT02912559", "Adjuvant chemotherapy with or without immunotherapy for deficient MMR colon cancer", "If MMR-deficient.")] : null))];

    public static IReadOnlyList<string> Situations(SecondOpinionCase @case) => @case.Triage?.Situations.Select(s => s.Code).ToList() ?? [];
}
