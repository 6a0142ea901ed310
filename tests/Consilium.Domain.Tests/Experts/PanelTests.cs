using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Experts;
using Consilium.Domain.Matching;
using Consilium.Domain.Panels;
using Consilium.Domain.Specialties;
using Consilium.Domain.Triage;
using static Consilium.Domain.Tests.Experts.MatchingFixtures;

namespace Consilium.Domain.Tests.Experts;

public class PanelTests
{
    private static ExpertProfile Member(string id, string specialty, string? sub) =>
        Expert(id, e => e with { Specialties = [specialty], Subspecialties = sub is null ? [] : [sub] });

    private static readonly ExpertProfile[] Board =
    [
        Member("mo1", Specialty.Oncology, Specialty.MedicalOncology), Member("mo2", Specialty.Oncology, Specialty.MedicalOncology),
        Member("so1", Specialty.Oncology, Specialty.SurgicalOncology), Member("ro1", Specialty.Oncology, Specialty.RadiationOncology),
        Member("rad1", Specialty.Radiology, "abdominal radiology"), Member("pat1", Specialty.Pathology, Specialty.SurgicalPathology),
        Member("gen1", Specialty.MedicalGenetics, Specialty.CancerGenetics),
    ];

    [Fact]
    public void GivenTumourBoardCase_WhenComposed_ThenFiveDistinctSeatsLedByMedicalOncology()
    {
        var panel = new PanelComposer(new MatchingEngine(new ExpertNetwork(Board))).Propose(Case(tumorBoard: true)).Single();

        Assert.Equal(PanelKind.TumorBoard, panel.Kind);
        Assert.Equal([PanelComposer.MedicalOncologyRole, PanelComposer.SurgicalOncologyRole, PanelComposer.RadiationOncologyRole, PanelComposer.RadiologyRole, PanelComposer.PathologyRole], panel.Seats.Select(s => s.Role));
        Assert.Equal(PanelComposer.MedicalOncologyRole, panel.Lead.Role);
        Assert.True(panel.IsComplete);
        Assert.Equal(panel.Seats.Count, panel.Seats.Select(s => s.Proposed!.Expert.Id).Distinct().Count());
    }

    [Fact]
    public void GivenBiomarkerInTheRecords_WhenComposed_ThenGeneticsJoins()
    {
        var request = Case(tumorBoard: true, file: f => f with { Observations = [new ObservationRecord("Observation/k", CodedConcept.Of(CodeSystems.Loinc, "21702-6", "KRAS gene mutations found")) { ValueText = "KRAS G12C detected" }] });

        var panel = new PanelComposer(new MatchingEngine(new ExpertNetwork(Board))).TumorBoard(request);

        var genetics = panel.Seats.Single(s => s.Role == PanelComposer.GeneticsRole);
        Assert.Equal("gen1", genetics.Proposed!.Expert.Id);
        Assert.Contains(panel.Reasons, r => r.Contains("Observation/k", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenAMissingSpecialty_WhenComposed_ThenTheSeatIsUnfilledWithAReason_AndTheCoordinatorCanFillIt()
    {
        var engine = new MatchingEngine(new ExpertNetwork(Board.Where(e => e.Id != "ro1")));
        var panel = new PanelComposer(engine).TumorBoard(Case(tumorBoard: true));

        var seat = panel.Seats.Single(s => s.Role == PanelComposer.RadiationOncologyRole);
        Assert.Null(seat.Proposed);
        Assert.NotNull(seat.Unfilled);
        var mo2 = engine.MatchNeed(Case(), new ExpertiseNeed(Specialty.Oncology, Specialty.MedicalOncology, "x")).Candidates.Single(c => c.Expert.Id == "mo2");
        Assert.True(panel.WithMember(PanelComposer.RadiationOncologyRole, mo2).IsComplete);
        Assert.Throws<ArgumentException>(() => panel.WithMember(PanelComposer.SurgicalOncologyRole, panel.Lead.Proposed!));
    }

    [Fact]
    public void GivenRareOrComplexAcrossSystems_WhenComposed_ThenOneSeatPerSystemAndTheComplexCareLead()
    {
        var request = Case(needs: [new ExpertiseNeed(Specialty.InternalMedicine, Specialty.ComplexCare, "complex")], file: f => f with
        {
            Conditions =
            [
                new Condition("Condition/1", CodedConcept.Of(CodeSystems.Icd10, "I48", "Atrial fibrillation")),
                new Condition("Condition/2", CodedConcept.Of(CodeSystems.Icd10, "N18", "Chronic kidney disease")),
                new Condition("Condition/3", CodedConcept.Of(CodeSystems.Icd10, "I25", "Chronic ischaemic heart disease")),
            ],
        }) with { Triage = Case().Triage with { Situations = [new SituationFinding(SituationCode.RareOrComplex, [], [])], Expertise = [new ExpertiseNeed(Specialty.InternalMedicine, Specialty.ComplexCare, "complex")] } };
        var experts = new[] { Member("im", Specialty.InternalMedicine, Specialty.ComplexCare), Member("card", "cardiology", null), Member("neph", "nephrology", null) };

        var panel = new PanelComposer(new MatchingEngine(new ExpertNetwork(experts))).Propose(request).Single();

        Assert.Equal(PanelKind.MultiSystem, panel.Kind);
        Assert.Equal([Specialty.ComplexCare, "cardiology", "nephrology"], panel.Seats.Select(s => s.Role));
        Assert.Equal("im", panel.Lead.Proposed!.Expert.Id);
    }
}
