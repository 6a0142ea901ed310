using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Experts;
using Consilium.Domain.Matching;
using Consilium.Domain.Specialties;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Tests.Experts;

/// <summary>Small experts and cases for matching tests: a colon-cancer case in NL, Dutch-speaking, with a planned colectomy and a CT.</summary>
internal static class MatchingFixtures
{
    public static readonly DateTimeOffset AsOf = new(2026, 3, 2, 9, 0, 0, TimeSpan.Zero);

    public static readonly ExpertiseNeed GiOncology = new(Specialty.Oncology, "gastrointestinal oncology", "site");

    public static ExpertProfile Expert(string id, Func<ExpertProfile, ExpertProfile>? change = null)
    {
        var e = new ExpertProfile
        {
            Id = id,
            Name = $"Dr {id}",
            Specialties = [Specialty.Oncology],
            Subspecialties = ["gastrointestinal oncology"],
            Conditions = [new ConditionExperience(CodeSystems.Icd10, "C18", "Malignant neoplasm of colon", 100)],
            Licensures = ["NL"],
            Languages = ["nl", "en"],
            Institution = $"Hospital {id}",
            WeeklyCapacity = 4,
            CurrentLoad = 1,
            TypicalTurnaroundDays = 4,
        };
        return change is null ? e : change(e);
    }

    public static MatchRequest Case(Urgency urgency = Urgency.Standard, Func<CaseFile, CaseFile>? file = null, IReadOnlyList<ExpertiseNeed>? needs = null, FirstOpinion? first = null, bool tumorBoard = false, string id = "case-1")
    {
        var f = new CaseFile
        {
            Patient = new PatientProfile { Jurisdiction = "NL", Languages = ["nl"] },
            Conditions = [new Condition("Condition/c", CodedConcept.Of(CodeSystems.Icd10Cm, "C18.7", "Malignant neoplasm of sigmoid colon")) { ClinicalStatus = ClinicalStatus.Active }],
            Procedures = [new ProcedureRecord("ServiceRequest/s", CodedConcept.Of(CodeSystems.Snomed, "26390003", "Sigmoid colectomy")) { Status = ProcedureStatus.Proposed, IsSurgical = true }],
            ImagingStudies = [new ImagingStudyRecord("ImagingStudy/i") { Modalities = ["CT"] }],
        };
        var triage = new TriageResult
        {
            Situations = [new SituationFinding(SituationCode.Cancer, ["Condition/c"], ["test"])],
            Urgency = urgency,
            UrgencyReasons = [],
            Expertise = needs ?? [GiOncology],
            ImagingReread = true,
            TumorBoard = tumorBoard,
            RedFlags = [],
        };
        return new MatchRequest(id, file is null ? f : file(f), triage, AsOf) { FirstOpinion = first };
    }

    public static NeedMatch MatchOne(MatchRequest request, MatchingOptions? options = null, params ExpertProfile[] experts) =>
        new MatchingEngine(new ExpertNetwork(experts), options).Match(request).Needs[0];

    public static ScorePart Part(Candidate c, string name) => c.Parts.Single(p => p.Name == name);
}
