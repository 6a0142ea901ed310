using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Fhir.Intake;

namespace Consilium.Fhir.Tests.Intake;

public sealed class BundleIntakeMappingTests
{
    private static readonly DateTimeOffset Utc2019March1 = new(2019, 3, 1, 0, 0, 0, TimeSpan.Zero);

    // ---- Patient ----

    [Fact]
    public void GivenPatientWithHomeAddressAndLanguages_WhenRead_ThenProfileHasBirthSexJurisdictionAndPreferredLanguageFirst()
    {
        var result = Fixtures.Read("patient-alive.json");
        var patient = result.CaseFile.Patient;

        Assert.Equal("Patient/p1", patient.Source);
        Assert.Equal(new DateOnly(1970, 5, 17), patient.BirthDate);
        Assert.Equal(AdministrativeSex.Female, patient.Sex);
        Assert.Equal("US-MA", patient.Jurisdiction);
        Assert.Equal(["en-US", "es"], patient.Languages);
        Assert.False(patient.Deceased);
        Assert.False(result.PatientDeceased);
        Assert.Equal("collection", result.BundleType);
        Assert.Equal(4, result.EntryCount);
    }

    [Fact]
    public void GivenClaimsAndEncounters_WhenRead_ThenTheyAreIgnoredAndCountedInNotes()
    {
        var result = Fixtures.Read("patient-alive.json");

        Assert.Equal(2, result.IgnoredResources["Claim"]);
        Assert.Equal(1, result.IgnoredResources["Encounter"]);
        Assert.Contains("Ignored 2 Claim resources (not used for a case).", result.Notes);
        Assert.Contains("Ignored 1 Encounter resource (not used for a case).", result.Notes);
        Assert.Same(result.CaseFile.SourceNotes, result.Notes);
    }

    [Fact]
    public void GivenDeceasedDateTime_WhenRead_ThenResultSaysDeceasedWithDate()
    {
        var result = Fixtures.Read("patient-deceased.json");
        var patient = result.CaseFile.Patient;

        Assert.True(result.PatientDeceased);
        Assert.True(patient.Deceased);
        Assert.Equal(new DateTimeOffset(2007, 3, 25, 10, 0, 0, TimeSpan.Zero), patient.DeceasedAt);
        Assert.Contains("The patient is deceased (died 2007-03-25).", result.Notes);
        Assert.Equal(new DateOnly(1931, 2, 1), patient.BirthDate);
        Assert.Equal(AdministrativeSex.Male, patient.Sex);
        Assert.Equal("US-TX", patient.Jurisdiction);
        Assert.Equal("Patient/7d4c1a52-0000-4000-8000-000000000001", patient.Source);
        Assert.Equal(76, patient.AgeOn(new DateOnly(2024, 1, 1)));
    }

    [Fact]
    public void GivenDeceasedBooleanAndNoIdOrFullUrl_WhenRead_ThenDeceasedAndSourceIsEntryIndex()
    {
        var result = Fixtures.Read("patient-deceased-boolean.json");

        Assert.True(result.PatientDeceased);
        Assert.Null(result.CaseFile.Patient.DeceasedAt);
        Assert.Contains("The patient is deceased.", result.Notes);
        Assert.Equal("Bundle.entry[0]", result.CaseFile.Patient.Source);
        Assert.Equal(AdministrativeSex.Other, result.CaseFile.Patient.Sex);
        Assert.Equal("DE", result.CaseFile.Patient.Jurisdiction);
    }

    [Theory]
    [InlineData("US", "Massachusetts", "US-MA")]
    [InlineData("United States", "ma", "US-MA")]
    [InlineData("USA", null, "US")]
    [InlineData("usa", "Atlantis", "US")]
    [InlineData("pt", "Estremadura", "PT")]
    [InlineData("United Kingdom", null, "GB")]
    [InlineData("Narnia", null, null)]
    public void GivenAddress_WhenJurisdictionMapped_ThenIso3166CodeWithUsState(string country, string? state, string? expected)
    {
        var address = state is null ? $"\"country\":\"{country}\"" : $"\"country\":\"{country}\",\"state\":\"{state}\"";
        var json = """
            {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Patient","id":"p",
             "address":[{ADDRESS}]}}]}
            """.Replace("ADDRESS", address, StringComparison.Ordinal);
        Assert.Equal(expected, Fixtures.ReadJson(json).CaseFile.Patient.Jurisdiction);
    }

    // ---- Conditions and findings ----

    [Fact]
    public void GivenConditionWithAliasedSystems_WhenRead_ThenCodingsNormalisedAndStatusesAndDatesMapped()
    {
        var file = Fixtures.Read("conditions-goals-medications.json").CaseFile;
        var knee = Assert.Single(file.Conditions, c => c.Source == "Condition/00000000-0000-4000-8000-0000000000c1");

        Assert.True(knee.Code.Has(CodeSystems.Icd10Cm, "M17.11"));
        Assert.True(knee.Code.Has(CodeSystems.Snomed, "239873007"));
        Assert.Equal("Osteoarthritis of the right knee", knee.Code.Text);
        Assert.Equal(ClinicalStatus.Active, knee.ClinicalStatus);
        Assert.Equal(VerificationStatus.Confirmed, knee.VerificationStatus);
        Assert.Equal(Utc2019March1, knee.Onset);
        Assert.Equal(new DateTimeOffset(2019, 3, 5, 8, 30, 0, TimeSpan.Zero), knee.Recorded);
    }

    [Fact]
    public void GivenConditionWithoutId_WhenRead_ThenSourceIsFullUrlAndProvisionalOnsetPeriodMapped()
    {
        var file = Fixtures.Read("conditions-goals-medications.json").CaseFile;
        var ra = Assert.Single(file.Conditions, c => c.Source == "urn:uuid:00000000-0000-4000-8000-0000000000c2");

        Assert.Equal(VerificationStatus.Provisional, ra.VerificationStatus);
        Assert.True(ra.IsUncertain);
        Assert.Equal(new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), ra.Onset);
    }

    [Fact]
    public void GivenResolvedRefutedCondition_WhenRead_ThenAbatementAndStatusesMapped()
    {
        var file = Fixtures.Read("conditions-goals-medications.json").CaseFile;
        var sinusitis = Assert.Single(file.Conditions, c => c.Source == "Condition/c3");

        Assert.Equal(ClinicalStatus.Resolved, sinusitis.ClinicalStatus);
        Assert.Equal(VerificationStatus.Refuted, sinusitis.VerificationStatus);
        Assert.False(sinusitis.IsActive);
        Assert.False(sinusitis.IsStanding);
        Assert.Equal(new DateTimeOffset(2020, 2, 1, 0, 0, 0, TimeSpan.Zero), sinusitis.Abatement);
    }

    [Fact]
    public void GivenHpoOnlyConditionAndSymptomCategory_WhenRead_ThenTheyBecomeFindingsNotConditions()
    {
        var file = Fixtures.Read("conditions-goals-medications.json").CaseFile;

        Assert.Equal(3, file.Conditions.Count);
        var seizure = Assert.Single(file.Findings, f => f.Source == "Condition/f1");
        Assert.True(seizure.Code.Has(CodeSystems.Hpo, "HP:0001250"));
        Assert.True(seizure.Present);
        Assert.False(seizure.Resolved);
        Assert.Equal(new DateTimeOffset(2022, 6, 1, 0, 0, 0, TimeSpan.Zero), seizure.Onset);

        var headache = Assert.Single(file.Findings, f => f.Source == "Condition/f2");
        Assert.True(headache.Resolved);
        Assert.DoesNotContain(file.Conditions, c => c.Source is "Condition/f1" or "Condition/f2");
    }

    // ---- Goals and references ----

    [Fact]
    public void GivenGoalAddressingConditionsByUrnAndRelativeReference_WhenRead_ThenAddressesAreConditionSources()
    {
        var file = Fixtures.Read("conditions-goals-medications.json").CaseFile;
        var goal = Assert.Single(file.Goals, g => g.Source == "Goal/g1");

        Assert.Equal("Walk without knee pain", goal.Description);
        Assert.Equal(GoalAchievement.Worsening, goal.Achievement);
        Assert.True(goal.ShowsNoImprovement);
        Assert.True(goal.Active);
        Assert.Equal(new DateTimeOffset(2022, 1, 15, 0, 0, 0, TimeSpan.Zero), goal.Start);
        Assert.Equal(["Condition/00000000-0000-4000-8000-0000000000c1", "Condition/c3"], goal.Addresses);
        Assert.All(goal.Addresses, a => Assert.Contains(file.Conditions, c => c.Source == a));
    }

    [Fact]
    public void GivenCompletedGoalWithAbsoluteHistoryReference_WhenRead_ThenInactiveAchievedAndReferenceResolved()
    {
        var file = Fixtures.Read("conditions-goals-medications.json").CaseFile;
        var goal = Assert.Single(file.Goals, g => g.Source == "Goal/g2");

        Assert.Equal("Weight loss", goal.Description);
        Assert.Equal(GoalAchievement.Achieved, goal.Achievement);
        Assert.False(goal.Active);
        Assert.Equal(["Condition/c3"], goal.Addresses);
    }

    [Theory]
    [InlineData("worsening", GoalAchievement.Worsening)]
    [InlineData("no-change", GoalAchievement.NoChange)]
    [InlineData("no-progress", GoalAchievement.NoProgress)]
    [InlineData("not-achieved", GoalAchievement.NotAchieved)]
    [InlineData("improving", GoalAchievement.Improving)]
    [InlineData("achieved", GoalAchievement.Achieved)]
    [InlineData("sustaining", GoalAchievement.Sustaining)]
    [InlineData("in-progress", GoalAchievement.InProgress)]
    [InlineData("not-attainable", GoalAchievement.NotAttainable)]
    [InlineData("something-else", GoalAchievement.Unknown)]
    public void GivenGoalAchievementCode_WhenRead_ThenMapped(string code, GoalAchievement expected)
    {
        var json = """
            {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Goal","id":"g","lifecycleStatus":"on-hold",
             "achievementStatus":{"coding":[{"code":"CODE"}]},"description":{"text":"d"},"subject":{"reference":"Patient/x"}}}]}
            """.Replace("CODE", code, StringComparison.Ordinal);
        var goal = Assert.Single(Fixtures.ReadJson(json).CaseFile.Goals);
        Assert.Equal(expected, goal.Achievement);
        Assert.True(goal.Active);
    }

    [Theory]
    [InlineData("active", true)]
    [InlineData("accepted", true)]
    [InlineData("planned", true)]
    [InlineData("on-hold", true)]
    [InlineData("proposed", false)]
    [InlineData("completed", false)]
    [InlineData("cancelled", false)]
    [InlineData("rejected", false)]
    public void GivenGoalLifecycleStatus_WhenRead_ThenActiveOnlyForActiveAcceptedPlannedOnHold(string lifecycle, bool active)
    {
        var json = """
            {"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Goal","id":"g","lifecycleStatus":"LIFECYCLE",
             "description":{"text":"d"},"subject":{"reference":"Patient/x"}}}]}
            """.Replace("LIFECYCLE", lifecycle, StringComparison.Ordinal);
        Assert.Equal(active, Assert.Single(Fixtures.ReadJson(json).CaseFile.Goals).Active);
    }

    // ---- Medications ----

    [Fact]
    public void GivenMedicationRequestWithContainedMedication_WhenRead_ThenCodeStartDoseAndReasonMapped()
    {
        var file = Fixtures.Read("conditions-goals-medications.json").CaseFile;
        var ibuprofen = Assert.Single(file.Medications, m => m.Source == "MedicationRequest/mr1");

        Assert.True(ibuprofen.Code.Has(CodeSystems.RxNorm, "197806"));
        Assert.Equal(MedicationStatus.Active, ibuprofen.Status);
        Assert.Equal(new DateTimeOffset(2022, 1, 10, 8, 0, 0, TimeSpan.Zero), ibuprofen.Start);
        Assert.Equal(new DateTimeOffset(2022, 7, 11, 0, 0, 0, TimeSpan.Zero), ibuprofen.End);
        Assert.Equal("600 mg three times daily with food", ibuprofen.Dose);
        Assert.Equal(["Condition/00000000-0000-4000-8000-0000000000c1"], ibuprofen.ReasonReferences);
    }

    [Fact]
    public void GivenMedicationStatementReferencingBundleMedication_WhenRead_ThenCodeFromMedicationAndPeriodAndStructuredDose()
    {
        var result = Fixtures.Read("conditions-goals-medications.json");
        var methotrexate = Assert.Single(result.CaseFile.Medications, m => m.Source == "MedicationStatement/ms1");

        Assert.True(methotrexate.Code.Has(CodeSystems.Atc, "L04AX03"));
        Assert.Equal(MedicationStatus.Stopped, methotrexate.Status);
        Assert.Equal(new DateTimeOffset(2021, 5, 1, 0, 0, 0, TimeSpan.Zero), methotrexate.Start);
        Assert.Equal(new DateTimeOffset(2021, 11, 30, 0, 0, 0, TimeSpan.Zero), methotrexate.End);
        Assert.Equal("15 mg 1 per wk", methotrexate.Dose);
        Assert.Equal(["urn:uuid:00000000-0000-4000-8000-0000000000c2"], methotrexate.ReasonReferences);
        Assert.True(Assert.Single(methotrexate.ReasonCodes).Has(CodeSystems.Snomed, "69896004"));
        Assert.Contains("Read 1 Medication resource for medication codes only.", result.Notes);
    }

    [Fact]
    public void GivenCancelledRequestWithoutAuthoredOn_WhenRead_ThenStoppedAndStartFromValidityPeriod()
    {
        var file = Fixtures.Read("conditions-goals-medications.json").CaseFile;
        var prednisolone = Assert.Single(file.Medications, m => m.Source == "MedicationRequest/mr2");

        Assert.Equal(MedicationStatus.Stopped, prednisolone.Status);
        Assert.Equal("Prednisolone 5 mg", prednisolone.Code.Label);
        Assert.Equal(new DateTimeOffset(2021, 2, 1, 0, 0, 0, TimeSpan.Zero), prednisolone.Start);
        Assert.Null(prednisolone.Dose);
    }

    // ---- Procedures and service requests ----

    [Fact]
    public void GivenProcedureInPreparationWithoutCategory_WhenRead_ThenProposedSurgeryPlannedForPerformedDate()
    {
        var file = Fixtures.Read("procedures.json").CaseFile;
        var knee = Assert.Single(file.Procedures, p => p.Source == "Procedure/pr-prep");

        Assert.Equal(ProcedureStatus.Proposed, knee.Status);
        Assert.True(knee.IsSurgical);
        Assert.Equal(new DateTimeOffset(2030, 5, 10, 0, 0, 0, TimeSpan.Zero), knee.PlannedFor);
        Assert.Null(knee.Performed);
    }

    [Fact]
    public void GivenProcedureInPreparationWithNonSurgicalCategory_WhenRead_ThenProposedButNotSurgical()
    {
        var file = Fixtures.Read("procedures.json").CaseFile;
        var colonoscopy = Assert.Single(file.Procedures, p => p.Source == "Procedure/pr-prep-diag");

        Assert.Equal(ProcedureStatus.Proposed, colonoscopy.Status);
        Assert.False(colonoscopy.IsSurgical);
    }

    [Fact]
    public void GivenCompletedSurgicalProcedure_WhenRead_ThenSurgicalCompletedWithPerformedStartAndReason()
    {
        var file = Fixtures.Read("procedures.json").CaseFile;
        var appendectomy = Assert.Single(file.Procedures, p => p.Source == "Procedure/pr-done");

        Assert.Equal(ProcedureStatus.Completed, appendectomy.Status);
        Assert.True(appendectomy.IsSurgical);
        Assert.Equal(new DateTimeOffset(2015, 7, 1, 10, 0, 0, TimeSpan.Zero), appendectomy.Performed);
        Assert.Null(appendectomy.PlannedFor);
        Assert.Equal(["Condition/x1"], appendectomy.ReasonReferences);
    }

    [Theory]
    [InlineData("Procedure/pr-notdone", ProcedureStatus.NotDone)]
    [InlineData("Procedure/pr-inprog", ProcedureStatus.InProgress)]
    [InlineData("Procedure/pr-stopped", ProcedureStatus.Stopped)]
    [InlineData("Procedure/pr-eie", ProcedureStatus.EnteredInError)]
    [InlineData("ServiceRequest/sr-done", ProcedureStatus.Completed)]
    [InlineData("ServiceRequest/sr-option", ProcedureStatus.Unknown)]
    public void GivenProcedureOrRequestStatus_WhenRead_ThenStatusMapped(string source, ProcedureStatus expected)
    {
        var file = Fixtures.Read("procedures.json").CaseFile;
        var procedure = Assert.Single(file.Procedures, p => p.Source == source);
        Assert.Equal(expected, procedure.Status);
        Assert.False(procedure.IsSurgical);
    }

    [Fact]
    public void GivenActiveSurgicalServiceRequestPlan_WhenRead_ThenProposedSurgeryWithOccurrenceAndReasonResolved()
    {
        var file = Fixtures.Read("procedures.json").CaseFile;
        var colectomy = Assert.Single(file.Procedures, p => p.Source == "ServiceRequest/sr-plan");

        Assert.Equal(ProcedureStatus.Proposed, colectomy.Status);
        Assert.True(colectomy.IsSurgical);
        Assert.Equal(new DateTimeOffset(2030, 6, 1, 8, 0, 0, TimeSpan.Zero), colectomy.PlannedFor);
        Assert.Equal("Laparoscopic hemicolectomy", colectomy.Code.Label);
        Assert.Equal(["Condition/x99"], colectomy.ReasonReferences);
        Assert.Contains(file.Conditions, c => c.Source == "Condition/x99");
    }

    [Fact]
    public void GivenDraftOriginalOrderWithPeriod_WhenRead_ThenProposedNotSurgicalPlannedForPeriodStart()
    {
        var file = Fixtures.Read("procedures.json").CaseFile;
        var mri = Assert.Single(file.Procedures, p => p.Source == "ServiceRequest/sr-draft-order");

        Assert.Equal(ProcedureStatus.Proposed, mri.Status);
        Assert.False(mri.IsSurgical);
        Assert.Equal(new DateTimeOffset(2030, 4, 1, 0, 0, 0, TimeSpan.Zero), mri.PlannedFor);
    }

    // ---- Observations ----

    [Theory]
    [InlineData("Observation/hpo-absent-bool", "HP:0001251")]
    [InlineData("Observation/hpo-absent-neg", "HP:0000365")]
    [InlineData("Observation/hpo-absent-snomed", "HP:0001263")]
    [InlineData("Observation/hpo-absent-text", "HP:0002315")]
    public void GivenHpoObservationSayingAbsent_WhenRead_ThenExcludedFinding(string source, string hpo)
    {
        var file = Fixtures.Read("observations.json").CaseFile;
        var finding = Assert.Single(file.Findings, f => f.Source == source);

        Assert.False(finding.Present);
        Assert.True(finding.Code.Has(CodeSystems.Hpo, hpo));
        Assert.DoesNotContain(file.Observations, o => o.Source == source);
    }

    [Fact]
    public void GivenHpoObservationPresent_WhenRead_ThenPresentFindingWithDate()
    {
        var file = Fixtures.Read("observations.json").CaseFile;
        var seizure = Assert.Single(file.Findings, f => f.Source == "Observation/hpo-present");

        Assert.True(seizure.Present);
        Assert.Equal(new DateTimeOffset(2023, 3, 4, 10, 0, 0, TimeSpan.Zero), seizure.Recorded);
    }

    [Fact]
    public void GivenObservationWhoseValueIsAnHpoTerm_WhenRead_ThenFindingCodedByTheValue()
    {
        var file = Fixtures.Read("observations.json").CaseFile;
        var pain = Assert.Single(file.Findings, f => f.Source == "Observation/hpo-in-value");

        Assert.True(pain.Present);
        Assert.True(pain.Code.Has(CodeSystems.Hpo, "HP:0002027"));
    }

    [Fact]
    public void GivenLabQuantity_WhenRead_ThenValueUnitEffectiveCategoryAndInterpretation()
    {
        var file = Fixtures.Read("observations.json").CaseFile;
        var hb = Assert.Single(file.Observations, o => o.Source == "Observation/lab-hb");

        Assert.Equal(9.4m, hb.Value);
        Assert.Equal("g/dL", hb.Unit);
        Assert.Null(hb.ValueText);
        Assert.Equal(new DateTimeOffset(2023, 1, 5, 12, 15, 0, TimeSpan.Zero), hb.Effective);
        Assert.Equal(["laboratory"], hb.Categories);
        Assert.Equal("L", hb.Interpretation);
        Assert.True(hb.Code.Has(CodeSystems.Loinc, "718-7"));
    }

    [Fact]
    public void GivenStringAndCodedValues_WhenRead_ThenValueTextAndDates()
    {
        var file = Fixtures.Read("observations.json").CaseFile;
        var egfr = Assert.Single(file.Observations, o => o.Source == "Observation/egfr");
        var smoking = Assert.Single(file.Observations, o => o.Source == "Observation/smoking");

        Assert.Equal("EGFR exon 19 deletion detected", egfr.ValueText);
        Assert.Equal(new DateTimeOffset(2023, 2, 10, 12, 0, 0, TimeSpan.Zero), egfr.Effective);
        Assert.Equal(["laboratory", "biomarker"], egfr.Categories);
        Assert.Equal("Never smoker", smoking.ValueText);
        Assert.Equal(new DateTimeOffset(2022, 12, 1, 0, 0, 0, TimeSpan.Zero), smoking.Effective);
    }

    [Fact]
    public void GivenComponentOnlyBloodPressure_WhenRead_ThenComponentsAsTextAndNoValue()
    {
        var file = Fixtures.Read("observations.json").CaseFile;
        var bp = Assert.Single(file.Observations, o => o.Source == "Observation/bp");

        Assert.Null(bp.Value);
        Assert.Equal("Systolic blood pressure 142 mm[Hg]; Diastolic blood pressure 91 mm[Hg]", bp.ValueText);
    }

    [Fact]
    public void GivenEnteredInErrorObservation_WhenRead_ThenSkippedWithNote()
    {
        var result = Fixtures.Read("observations.json");

        Assert.DoesNotContain(result.CaseFile.Observations, o => o.Source == "Observation/wrong");
        Assert.Contains("Observation/wrong is marked entered-in-error and was skipped.", result.Notes);
        Assert.Contains("The Bundle has no Patient resource: age, sex and jurisdiction are unknown.", result.Notes);
        Assert.Equal("searchset", result.BundleType);
    }

    // ---- Imaging and documents ----

    [Fact]
    public void GivenImagingStudy_WhenRead_ThenUidModalitiesBodySiteCountsAndStart()
    {
        var file = Fixtures.Read("imaging-documents.json").CaseFile;
        var ct = Assert.Single(file.ImagingStudies);

        Assert.Equal("ImagingStudy/img1", ct.Source);
        Assert.Equal("1.2.840.99999999.1.1", ct.StudyInstanceUid);
        Assert.Equal(["CT", "SR"], ct.Modalities);
        Assert.Equal("Thoracic structure", ct.BodySite);
        Assert.Equal("CT chest with contrast", ct.Description);
        Assert.Equal(new DateTimeOffset(2023, 3, 1, 9, 0, 0, TimeSpan.Zero), ct.Started);
        Assert.Equal(2, ct.Series);
        Assert.Equal(121, ct.Instances);
    }

    [Fact]
    public void GivenDiagnosticReports_WhenRead_ThenKindFromCategoryAndConclusionAsText()
    {
        var file = Fixtures.Read("imaging-documents.json").CaseFile;
        var rad = Assert.Single(file.Documents, d => d.Source == "DiagnosticReport/rad1");
        var path = Assert.Single(file.Documents, d => d.Source == "DiagnosticReport/path1");
        var lab = Assert.Single(file.Documents, d => d.Source == "DiagnosticReport/lab1");

        Assert.Equal(DocumentKind.ImagingReport, rad.Kind);
        Assert.Equal("CT Chest", rad.Title);
        Assert.StartsWith("3.1 cm spiculated mass", rad.Text, StringComparison.Ordinal);
        Assert.Equal(new DateTimeOffset(2023, 3, 1, 0, 0, 0, TimeSpan.Zero), rad.Date);
        Assert.Equal(DocumentKind.PathologyReport, path.Kind);
        Assert.Equal(new DateTimeOffset(2023, 3, 10, 15, 0, 0, TimeSpan.Zero), path.Date);
        Assert.Equal(DocumentKind.DiagnosticReport, lab.Kind);
        Assert.Null(lab.Text);
    }

    [Fact]
    public void GivenDocumentReferences_WhenRead_ThenTitleContentTypeDateAndInlineText()
    {
        var file = Fixtures.Read("imaging-documents.json").CaseFile;
        var consult = Assert.Single(file.Documents, d => d.Source == "DocumentReference/doc1");
        var letter = Assert.Single(file.Documents, d => d.Source == "urn:uuid:20000000-0000-4000-8000-000000000006");

        Assert.Equal("Thoracic surgery consult", consult.Title);
        Assert.Equal(DocumentKind.ClinicalNote, consult.Kind);
        Assert.Equal("text/plain", consult.ContentType);
        Assert.Equal(new DateTimeOffset(2023, 3, 12, 10, 0, 0, TimeSpan.Zero), consult.Date);
        Assert.Equal("Planned right upper lobectomy.", consult.Text);
        Assert.Equal("Referral letter.pdf", letter.Title);
        Assert.Equal("application/pdf", letter.ContentType);
        Assert.Equal("document", Fixtures.Read("imaging-documents.json").BundleType);
    }

    // ---- Bundle shapes ----

    [Fact]
    public void GivenEmptyBundle_WhenRead_ThenEmptyCaseFileWithNote()
    {
        var result = Fixtures.Read("empty-bundle.json");

        Assert.Equal(0, result.EntryCount);
        Assert.Empty(result.CaseFile.Conditions);
        Assert.Null(result.CaseFile.Patient.Source);
        Assert.Equal(["The Bundle is empty."], result.Notes);
    }

    [Theory]
    [InlineData("collection")]
    [InlineData("transaction")]
    [InlineData("document")]
    [InlineData("searchset")]
    [InlineData("batch")]
    [InlineData("transaction-response")]
    [InlineData("batch-response")]
    public void GivenAcceptedBundleType_WhenRead_ThenAccepted(string type)
    {
        var json = """{"resourceType":"Bundle","type":"TYPE","entry":[{"resource":{"resourceType":"Patient","id":"p"}},{"response":{"status":"201 Created"}}]}""".Replace("TYPE", type, StringComparison.Ordinal);
        var result = Fixtures.ReadJson(json);

        Assert.Equal(type, result.BundleType);
        Assert.Equal("Patient/p", result.CaseFile.Patient.Source);
        Assert.Contains("1 entry has no resource (e.g. transaction responses or deletes) and was skipped.", result.Notes);
    }

    [Fact]
    public void GivenSamePatientTwice_WhenRead_ThenOnePatientAndDuplicateNoted()
    {
        var json = """
            {"resourceType":"Bundle","type":"searchset","entry":[
              {"fullUrl":"http://x/fhir/Patient/p","resource":{"resourceType":"Patient","id":"p"}},
              {"fullUrl":"http://x/fhir/Patient/p","resource":{"resourceType":"Patient","id":"p"}}]}
            """;
        var result = Fixtures.ReadJson(json);

        Assert.Equal("Patient/p", result.CaseFile.Patient.Source);
        Assert.Contains("1 entry repeats a resource already read and was skipped.", result.Notes);
    }

    [Fact]
    public void GivenStream_WhenRead_ThenSameAsBytes()
    {
        using var stream = File.OpenRead(Fixtures.PathOf("conditions-goals-medications.json"));
        var fromStream = BundleIntake.Read(stream);
        var fromBytes = BundleIntake.Read(Fixtures.Bytes("conditions-goals-medications.json"));

        Assert.Equal(fromBytes.CaseFile.Conditions.Select(c => (c.Source, c.ClinicalStatus, c.Onset)), fromStream.CaseFile.Conditions.Select(c => (c.Source, c.ClinicalStatus, c.Onset)));
        Assert.Equal(fromBytes.CaseFile.Goals.Count, fromStream.CaseFile.Goals.Count);
    }

    [Fact]
    public async Task GivenFile_WhenReadAsync_ThenSameAsSync()
    {
        var result = await BundleIntake.ReadFileAsync(Fixtures.PathOf("procedures.json"));
        Assert.Equal(Fixtures.Read("procedures.json").CaseFile.Procedures.Select(p => (p.Source, p.Status, p.PlannedFor)), result.CaseFile.Procedures.Select(p => (p.Source, p.Status, p.PlannedFor)));
    }
}
