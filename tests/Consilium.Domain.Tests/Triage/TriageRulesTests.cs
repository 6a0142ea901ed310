using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Domain.Triage;

namespace Consilium.Domain.Tests.Triage;

public class TriageRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 0, 0, TimeSpan.Zero);

    private static Condition Icd(string source, string code, string display, int onsetDaysAgo = 400) =>
        new(source, CodedConcept.Of(CodeSystems.Icd10Cm, code, display)) { ClinicalStatus = ClinicalStatus.Active, VerificationStatus = VerificationStatus.Confirmed, Onset = Now.AddDays(-onsetDaysAgo) };

    private static Condition Sct(string source, string code, string display, int onsetDaysAgo = 400) =>
        new(source, CodedConcept.Of(CodeSystems.Snomed, code, display)) { ClinicalStatus = ClinicalStatus.Active, VerificationStatus = VerificationStatus.Confirmed, Onset = Now.AddDays(-onsetDaysAgo) };

    private static TriageResult Triage(CaseFile file) => TriageEngine.Assess(file, Now);

    [Fact]
    public void GivenEmptyCase_WhenTriaged_ThenNoSituationAndStandardUrgency()
    {
        var r = Triage(new CaseFile());
        Assert.Empty(r.Situations);
        Assert.Equal(Urgency.Standard, r.Urgency);
        Assert.Empty(r.RedFlags);
        Assert.False(r.TumorBoard);
        Assert.False(r.ImagingReread);
    }

    [Theory]
    [InlineData("C18.7", "Malignant neoplasm of sigmoid colon")]
    [InlineData("C50.911", "Malignant neoplasm of right female breast")]
    [InlineData("D05.11", "Intraductal carcinoma in situ of right breast")]
    [InlineData("C91.00", "Acute lymphoblastic leukemia")]
    public void GivenIcd10MalignantOrInSituCondition_WhenTriaged_ThenCancerWithEvidenceAndTumourBoard(string code, string display)
    {
        var r = Triage(new CaseFile { Conditions = [Icd("Condition/1", code, display)] });

        var cancer = Assert.Single(r.Situations, s => s.Code == SituationCode.Cancer);
        Assert.Equal(["Condition/1"], cancer.Evidence);
        Assert.True(r.TumorBoard);
        Assert.Contains(r.Expertise, e => e.Specialty == "pathology");
    }

    [Fact]
    public void GivenUncertainBehaviourNeoplasm_WhenTriaged_ThenFlaggedForReviewNotCancer()
    {
        var r = Triage(new CaseFile { Conditions = [Icd("Condition/9", "D41.0", "Neoplasm of uncertain behavior of right kidney")] });
        Assert.False(r.Has(SituationCode.Cancer));
        Assert.Contains(r.ForReview, s => s.Contains("Condition/9", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("254637007", "Non-small cell lung cancer (disorder)")]
    [InlineData("93761005", "Primary malignant neoplasm of colon")]
    [InlineData("372244006", "Malignant melanoma, stage III")]
    [InlineData("109989006", "Multiple myeloma")]
    [InlineData("424413001", "Ewing sarcoma of bone")]
    [InlineData("413448000", "Adenocarcinoma of pancreas")]
    public void GivenSnomedMalignantConcept_WhenTriaged_ThenCancer(string code, string display) =>
        Assert.True(Triage(new CaseFile { Conditions = [Sct("Condition/c", code, display)] }).Has(SituationCode.Cancer));

    [Theory]
    [InlineData("Benign neoplasm of colon")]
    [InlineData("History of malignant neoplasm of breast")]
    [InlineData("Family history of cancer")]
    public void GivenNonMalignantCancerWords_WhenTriaged_ThenNotCancer(string display) =>
        Assert.False(Triage(new CaseFile { Conditions = [Sct("Condition/x", "1", display)] }).Has(SituationCode.Cancer));

    [Fact]
    public void GivenRefutedCancer_WhenTriaged_ThenNotCancer()
    {
        var refuted = Icd("Condition/r", "C34.90", "Malignant neoplasm of lung") with { VerificationStatus = VerificationStatus.Refuted };
        Assert.False(Triage(new CaseFile { Conditions = [refuted] }).Has(SituationCode.Cancer));
    }

    [Fact]
    public void GivenUntreatedCancer_WhenTriaged_ThenExpedited()
    {
        var r = Triage(new CaseFile { Conditions = [Icd("Condition/1", "C61", "Malignant neoplasm of prostate", onsetDaysAgo: 10)] });
        Assert.Equal(Urgency.Expedited, r.Urgency);
        Assert.Contains(r.UrgencyReasons, s => s.Contains("not started", StringComparison.Ordinal));
    }

    [Fact]
    public void GivenCancerOnChemotherapy_WhenTriaged_ThenStandard()
    {
        var file = new CaseFile
        {
            Conditions = [Icd("Condition/1", "C34.90", "Malignant neoplasm of lung", onsetDaysAgo: 100)],
            Medications = [new Medication("MedicationRequest/1", CodedConcept.Of(CodeSystems.RxNorm, "597195", "cisplatin 50 MG Injection")) { Status = MedicationStatus.Active, Start = Now.AddDays(-80) }],
        };
        Assert.Equal(Urgency.Standard, Triage(file).Urgency);
    }

    private static ProcedureRecord PlannedSurgery(int inDays, string display = "Laparoscopic cholecystectomy") =>
        new("ServiceRequest/s1", CodedConcept.Of(CodeSystems.Snomed, "45595009", display)) { Status = ProcedureStatus.Proposed, IsSurgical = true, PlannedFor = Now.AddDays(inDays) };

    [Fact]
    public void GivenSurgeryPlannedIn10Days_WhenTriaged_ThenSurgeryPlannedAndExpedited()
    {
        var r = Triage(new CaseFile { Procedures = [PlannedSurgery(10)] });
        Assert.Equal(["ServiceRequest/s1"], Assert.Single(r.Situations).Evidence);
        Assert.Equal(Urgency.Expedited, r.Urgency);
        Assert.Contains(r.Expertise, e => e.Specialty == "surgery");
    }

    [Fact]
    public void GivenSurgeryPlannedIn60Days_WhenTriaged_ThenSurgeryPlannedAndStandard()
    {
        var r = Triage(new CaseFile { Procedures = [PlannedSurgery(60)] });
        Assert.True(r.Has(SituationCode.SurgeryPlanned));
        Assert.Equal(Urgency.Standard, r.Urgency);
    }

    [Fact]
    public void GivenProposedNonSurgicalProcedure_WhenTriaged_ThenNoSurgerySituation()
    {
        var mri = new ProcedureRecord("ServiceRequest/m", CodedConcept.Of(CodeSystems.Snomed, "113091000", "MRI")) { Status = ProcedureStatus.Proposed, IsSurgical = false };
        Assert.False(Triage(new CaseFile { Procedures = [mri] }).Has(SituationCode.SurgeryPlanned));
    }

    [Fact]
    public void GivenSpineSurgery_WhenTriaged_ThenSurgicalSubspecialtyFromTheReasonCondition()
    {
        var stenosis = Icd("Condition/st", "M48.06", "Spinal stenosis, lumbar region");
        var fusion = PlannedSurgery(40, "Spinal fusion") with { ReasonReferences = ["Condition/st"] };
        var r = Triage(new CaseFile { Conditions = [stenosis], Procedures = [fusion] });
        Assert.Contains(r.Expertise, e => e is { Specialty: "surgery", Subspecialty: "orthopaedic surgery" });
    }

    [Fact]
    public void GivenProvisionalWorkingDiagnosis_WhenTriaged_ThenSymptomsUnexplained()
    {
        var provisional = Icd("Condition/p", "G35", "Multiple sclerosis") with { VerificationStatus = VerificationStatus.Provisional };
        var r = Triage(new CaseFile { Conditions = [provisional] });
        Assert.Equal(["Condition/p"], Assert.Single(r.Situations, s => s.Code == SituationCode.SymptomsUnexplained).Evidence);
    }

    [Fact]
    public void GivenFindingInAnOrganSystemNoDiagnosisCovers_WhenTriaged_ThenSymptomsUnexplained()
    {
        var file = new CaseFile
        {
            Conditions = [Icd("Condition/ibs", "K58.9", "Irritable bowel syndrome")],
            Findings =
            [
                new Finding("Observation/f1", CodedConcept.Of(CodeSystems.Hpo, "HP:0001250", "Seizure")),
                new Finding("Observation/f2", CodedConcept.Of(CodeSystems.Hpo, "HP:0002019", "Constipation")),
            ],
        };
        var r = Triage(file);
        var s = Assert.Single(r.Situations, s => s.Code == SituationCode.SymptomsUnexplained);
        Assert.Equal(["Observation/f1"], s.Evidence);
        Assert.Contains(r.Expertise, e => e.Specialty == "neurology");
    }

    [Fact]
    public void GivenFindingsExplainedByDiagnosis_WhenTriaged_ThenNotUnexplained()
    {
        var file = new CaseFile
        {
            Conditions = [Icd("Condition/e", "G40.909", "Epilepsy")],
            Findings = [new Finding("Observation/f1", CodedConcept.Of(CodeSystems.Hpo, "HP:0001250", "Seizure"))],
        };
        Assert.False(Triage(file).Has(SituationCode.SymptomsUnexplained));
    }

    [Fact]
    public void GivenOrphaCodedCondition_WhenTriaged_ThenRareWithGeneticsExpert()
    {
        var fabry = new Condition("Condition/f", CodedConcept.Of(CodeSystems.Orphanet, "324", "Fabry disease")) { ClinicalStatus = ClinicalStatus.Active };
        var r = Triage(new CaseFile { Conditions = [fabry] });
        Assert.Equal(["Condition/f"], Assert.Single(r.Situations, s => s.Code == SituationCode.RareOrComplex).Evidence);
        Assert.Contains(r.Expertise, e => e is { Specialty: "medical genetics", Subspecialty: "rare diseases" });
    }

    [Fact]
    public void GivenChronicConditionsInThreeOrganSystems_WhenTriaged_ThenComplex()
    {
        var three = new CaseFile { Conditions = [Icd("Condition/a", "I50.9", "Heart failure"), Icd("Condition/b", "N18.4", "Chronic kidney disease, stage 4"), Icd("Condition/c", "E11.9", "Type 2 diabetes mellitus")] };
        var r = Triage(three);
        Assert.Equal(["Condition/a", "Condition/b", "Condition/c"], Assert.Single(r.Situations).Evidence);

        var two = three with { Conditions = three.Conditions.Take(2).ToList() };
        Assert.False(Triage(two).Has(SituationCode.RareOrComplex));

        var acuteThird = three with { Conditions = [.. three.Conditions.Take(2), Icd("Condition/d", "J20.9", "Acute bronchitis", onsetDaysAgo: 3)] };
        Assert.False(Triage(acuteThird).Has(SituationCode.RareOrComplex));
    }

    private static CaseFile FailingTreatment(int weeks) => new()
    {
        Conditions = [Icd("Condition/ra", "M06.9", "Rheumatoid arthritis")],
        Medications = [new Medication("MedicationRequest/mtx", CodedConcept.Of(CodeSystems.RxNorm, "105586", "Methotrexate 2.5 MG Oral Tablet")) { Status = MedicationStatus.Active, Start = Now.AddDays(-7 * weeks), ReasonReferences = ["Condition/ra"] }],
        Goals = [new Goal("Goal/g", "Joint pain under control") { Achievement = GoalAchievement.Worsening, Addresses = ["Condition/ra"] }],
    };

    [Fact]
    public void GivenGoalWorseningAfterSixWeeksOfTreatment_WhenTriaged_ThenTreatmentNotWorking()
    {
        var r = Triage(FailingTreatment(6));
        var s = Assert.Single(r.Situations, s => s.Code == SituationCode.TreatmentNotWorking);
        Assert.Equal(["Goal/g", "MedicationRequest/mtx", "Condition/ra"], s.Evidence);
        Assert.Contains(r.Expertise, e => e.Specialty == "clinical pharmacology");
        Assert.Contains(r.Expertise, e => e.Specialty == "rheumatology");
    }

    [Fact]
    public void GivenGoalWorseningAfterTwoWeeks_WhenTriaged_ThenTooEarlyToSayTreatmentFails() =>
        Assert.False(Triage(FailingTreatment(2)).Has(SituationCode.TreatmentNotWorking));

    [Fact]
    public void GivenPatientReportsNoImprovementAfterEightWeeks_WhenTriaged_ThenTreatmentNotWorkingFromIntake()
    {
        var r = Triage(new CaseFile { Intake = new IntakeAnswers { Source = "QuestionnaireResponse/q", TreatmentWeeks = 8, Improving = false } });
        Assert.Equal(["QuestionnaireResponse/q"], Assert.Single(r.Situations).Evidence);
    }

    [Fact]
    public void GivenPatientSaysImprovingButRecordsShowFailure_WhenTriaged_ThenRecordsKeptAndDisagreementReported()
    {
        var file = FailingTreatment(6) with { Intake = new IntakeAnswers { Source = "QuestionnaireResponse/q", Improving = true, TreatmentWeeks = 6 } };
        var r = Triage(file);
        Assert.True(r.Has(SituationCode.TreatmentNotWorking));
        Assert.Single(r.Disagreements);
    }

    [Fact]
    public void GivenPatientTicksSituations_WhenRecordsAreSilent_ThenTheyAreAddedWithTheQuestionnaireAsEvidence()
    {
        var file = new CaseFile { Intake = new IntakeAnswers { Source = "QuestionnaireResponse/q", Situations = [SituationCode.RareOrComplex, SituationCode.Cancer] } };
        var r = Triage(file);
        Assert.Equal([SituationCode.Cancer, SituationCode.RareOrComplex], r.Situations.Select(s => s.Code));
        Assert.All(r.Situations, s => Assert.Equal(["QuestionnaireResponse/q"], s.Evidence));
        Assert.Contains(r.Disagreements, d => d.Contains("cancer", StringComparison.Ordinal));
    }

    public static TheoryData<string, Condition> RedFlagConditions() => new()
    {
        { "stroke-signs", Sct("Condition/s", "422504002", "Ischemic stroke", onsetDaysAgo: 1) },
        { "acute-coronary-syndrome", Icd("Condition/m", "I21.4", "NSTEMI", onsetDaysAgo: 0) },
        { "suicidal-ideation", Icd("Condition/si", "R45.851", "Suicidal ideations", onsetDaysAgo: 2) },
        { "sepsis", Icd("Condition/se", "A41.9", "Sepsis, unspecified organism", onsetDaysAgo: 1) },
        { "severe-bleeding", Sct("Condition/b", "8765009", "Hematemesis", onsetDaysAgo: 0) },
        { "anaphylaxis", Sct("Condition/a", "39579001", "Anaphylaxis", onsetDaysAgo: 0) },
    };

    [Theory]
    [MemberData(nameof(RedFlagConditions))]
    public void GivenRecentRedFlagCondition_WhenTriaged_ThenEmergencyWithAdvice(string flag, Condition condition)
    {
        var r = Triage(new CaseFile { Conditions = [condition] });
        var f = Assert.Single(r.RedFlags);
        Assert.Equal(flag, f.Code);
        Assert.Equal([condition.Source], f.Evidence);
        Assert.Equal(Urgency.Emergency, r.Urgency);
        Assert.Contains("emergency", f.Advice, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(RedFlagConditions))]
    public void GivenRedFlagConditionFromYearsAgo_WhenTriaged_ThenNoRedFlag(string flag, Condition condition)
    {
        var old = condition with { Onset = Now.AddYears(-3) };
        var r = Triage(new CaseFile { Conditions = [old] });
        Assert.DoesNotContain(r.RedFlags, f => f.Code == flag);
        Assert.NotEqual(Urgency.Emergency, r.Urgency);
    }

    [Theory]
    [InlineData("Since this morning my face is drooping and I have slurred speech", "stroke-signs")]
    [InlineData("I have crushing chest pain right now", "acute-coronary-syndrome")]
    [InlineData("Honestly I want to die, I can't go on", "suicidal-ideation")]
    [InlineData("They said it might be sepsis", "sepsis")]
    [InlineData("I've been vomiting blood today", "severe-bleeding")]
    [InlineData("After the injection my throat is swelling", "anaphylaxis")]
    public void GivenPatientDescribesRedFlagInOwnWords_WhenTriaged_ThenEmergency(string question, string flag)
    {
        var r = Triage(new CaseFile { PatientQuestion = question });
        Assert.Equal(flag, Assert.Single(r.RedFlags).Code);
        Assert.Equal(Urgency.Emergency, r.Urgency);
    }

    [Theory]
    [InlineData("I have no chest pain, but my knee still hurts")]
    [InlineData("Is the surgery necessary? I never had a stroke.")]
    public void GivenPatientNegatesRedFlag_WhenTriaged_ThenNoRedFlag(string question) =>
        Assert.Empty(Triage(new CaseFile { PatientQuestion = question }).RedFlags);

    [Fact]
    public void GivenImagingStudy_WhenTriaged_ThenImagingRereadWithSubspecialty()
    {
        var file = new CaseFile { ImagingStudies = [new ImagingStudyRecord("ImagingStudy/1") { Modalities = ["MR"], BodySite = "Brain" }] };
        var r = Triage(file);
        Assert.True(r.ImagingReread);
        Assert.Contains(r.Expertise, e => e is { Specialty: "radiology", Subspecialty: "neuroradiology" });
    }

    [Fact]
    public void GivenQuestionAboutMri_WhenTriaged_ThenImagingReread() =>
        Assert.True(Triage(new CaseFile { PatientQuestion = "Did they read my MRI correctly?" }).ImagingReread);

    [Fact]
    public void GivenSameCase_WhenTriagedTwice_ThenResultsAreEqualInEveryDetail()
    {
        var file = FailingTreatment(6) with { Procedures = [PlannedSurgery(5)], PatientQuestion = "Was my CT scan read right?" };
        var a = TriageEngine.Assess(file, Now);
        var b = TriageEngine.Assess(file, Now);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(a), System.Text.Json.JsonSerializer.Serialize(b));
    }
}
