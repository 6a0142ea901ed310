using System.Globalization;
using Consilium.Domain.Cases;
using Consilium.Domain.Clinical;
using Consilium.Fhir.Questionnaires;
using Hl7.Fhir.Model;
using DomainCondition = Consilium.Domain.Cases.Condition;
using DomainGoal = Consilium.Domain.Cases.Goal;
using DomainMedication = Consilium.Domain.Cases.Medication;
using FhirCondition = Hl7.Fhir.Model.Condition;
using FhirGoal = Hl7.Fhir.Model.Goal;
using FhirMedication = Hl7.Fhir.Model.Medication;

namespace Consilium.Fhir.Intake;

/// <summary>Maps the materialised entries of one Bundle into a <see cref="CaseFile"/>.</summary>
internal sealed class CaseFileBuilder
{
    /// <summary>SNOMED CT 387713003 |Surgical procedure|.</summary>
    internal const string SurgicalProcedure = "387713003";

    private readonly SourceKeys _keys = new();
    private readonly Dictionary<string, FhirMedication> _medications = new(StringComparer.Ordinal);
    private readonly List<string> _notes;

    private readonly List<DomainCondition> _conditions = [];
    private readonly List<Finding> _findings = [];
    private readonly List<ProcedureRecord> _procedures = [];
    private readonly List<DomainMedication> _medicationItems = [];
    private readonly List<DispenseRecord> _dispenses = [];
    private readonly List<ObservationRecord> _observations = [];
    private readonly List<DomainGoal> _goals = [];
    private readonly List<ImagingStudyRecord> _imaging = [];
    private readonly List<ClinicalDocument> _documents = [];
    private readonly Dictionary<string, int> _ignored;
    private PatientProfile? _patient;
    private IntakeAnswers? _intake;
    private string? _intakeDate;

    private CaseFileBuilder(Dictionary<string, int> ignored, List<string> notes)
    {
        _ignored = ignored;
        _notes = notes;
    }

    public static BundleIntakeResult Build(List<BundleEntry> entries, string bundleType, int entryCount, Dictionary<string, int> ignored, List<string> notes)
    {
        var builder = new CaseFileBuilder(ignored, notes);
        return builder.Run(entries, bundleType, entryCount);
    }

    private BundleIntakeResult Run(List<BundleEntry> entries, string bundleType, int entryCount)
    {
        var keyed = new List<(BundleEntry Entry, string Key)>(entries.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var duplicates = 0;
        foreach (var entry in entries)
        {
            var key = SourceKeys.KeyOf(entry);
            if (!seen.Add(key))
            {
                duplicates++;
                continue;
            }
            _keys.Add(entry, key);
            keyed.Add((entry, key));
            if (entry.Resource is FhirMedication medication)
            {
                _medications[key] = medication;
            }
        }
        if (duplicates > 0)
        {
            _notes.Add($"{duplicates} entr{(duplicates == 1 ? "y repeats" : "ies repeat")} a resource already read and {(duplicates == 1 ? "was" : "were")} skipped.");
        }

        var patients = keyed.Where(e => e.Entry.Resource is Patient).ToList();
        if (patients.Count > 1)
        {
            throw FhirIntakeException.At(
                $"The Bundle holds {patients.Count} different patients ({string.Join(", ", patients.Take(5).Select(p => p.Key))}); a case is about exactly one patient, so send one Bundle per patient",
                patients[1].Entry.Index, "Patient", patients[1].Entry.Resource.Id);
        }

        foreach (var (entry, key) in keyed)
        {
            try
            {
                Map(entry, key);
            }
            catch (FhirIntakeException)
            {
                throw;
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw FhirIntakeException.At($"could not be mapped: {e.Message}", entry.Index, entry.Resource.TypeName, entry.Resource.Id, inner: e);
            }
        }

        if (entryCount == 0)
        {
            _notes.Insert(0, "The Bundle is empty.");
        }
        if (_patient is null && entryCount > 0)
        {
            _notes.Add("The Bundle has no Patient resource: age, sex and jurisdiction are unknown.");
        }
        var deceased = _patient?.Deceased == true;
        if (deceased)
        {
            var when = _patient!.DeceasedAt is { } at ? $" (died {at.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})" : string.Empty;
            _notes.Add($"The patient is deceased{when}.");
        }
        var medicationsOnly = _medications.Count;
        if (medicationsOnly > 0)
        {
            _notes.Add($"Read {medicationsOnly} Medication resource{(medicationsOnly == 1 ? string.Empty : "s")} for medication codes only.");
        }
        foreach (var (type, count) in _ignored.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal))
        {
            _notes.Add($"Ignored {count} {type} resource{(count == 1 ? string.Empty : "s")} (not used for a case).");
        }

        var file = new CaseFile
        {
            Patient = _patient ?? new PatientProfile(),
            Conditions = _conditions,
            Findings = _findings,
            Procedures = _procedures,
            Medications = _medicationItems,
            Dispenses = _dispenses,
            Observations = _observations,
            Goals = _goals,
            ImagingStudies = _imaging,
            Documents = _documents,
            Intake = _intake,
            PatientQuestion = _intake?.Question,
            SourceNotes = _notes,
        };
        return new BundleIntakeResult
        {
            CaseFile = file,
            BundleType = bundleType,
            EntryCount = entryCount,
            PatientDeceased = deceased,
            IgnoredResources = _ignored,
        };
    }

    private void Map(BundleEntry entry, string key)
    {
        switch (entry.Resource)
        {
            case Patient patient:
                _patient = PatientMapping.Map(patient, key);
                break;
            case FhirCondition condition:
                MapCondition(condition, key);
                break;
            case Procedure procedure:
                _procedures.Add(MapProcedure(procedure, key));
                break;
            case ServiceRequest request:
                _procedures.Add(MapServiceRequest(request, key));
                break;
            case MedicationRequest request:
                _medicationItems.Add(MapMedicationRequest(request, key));
                break;
            case MedicationStatement statement:
                _medicationItems.Add(MapMedicationStatement(statement, key));
                break;
            case MedicationDispense dispense:
                _dispenses.Add(MapMedicationDispense(dispense, key));
                break;
            case Observation observation:
                MapObservation(observation, key);
                break;
            case FhirGoal goal:
                _goals.Add(MapGoal(goal, key));
                break;
            case ImagingStudy study:
                _imaging.Add(MapImagingStudy(study, key));
                break;
            case DiagnosticReport report:
                _documents.Add(MapDiagnosticReport(report, key));
                break;
            case DocumentReference document:
                _documents.Add(MapDocumentReference(document, key));
                break;
            case QuestionnaireResponse response:
                MapQuestionnaireResponse(response, entry, key);
                break;
            case FhirMedication:
                break;
            default:
                var type = entry.Resource.TypeName;
                _ignored[type] = _ignored.GetValueOrDefault(type) + 1;
                break;
        }
    }

    // ---- Condition -------------------------------------------------------------------------

    private void MapCondition(FhirCondition condition, string key)
    {
        var code = FhirValues.Concept(condition.Code);
        var clinical = ClinicalStatusOf(FhirValues.StatusCode(condition.ClinicalStatus));
        var verification = VerificationStatusOf(FhirValues.StatusCode(condition.VerificationStatus));
        var onset = FhirValues.Start(condition.Onset);
        var recorded = FhirValues.Date(condition.RecordedDate);
        if (IsFinding(condition, code))
        {
            _findings.Add(new Finding(key, code)
            {
                Present = verification is not (VerificationStatus.Refuted or VerificationStatus.EnteredInError),
                Onset = onset,
                Recorded = recorded ?? onset,
                Resolved = clinical is ClinicalStatus.Resolved or ClinicalStatus.Inactive or ClinicalStatus.Remission || FhirValues.Start(condition.Abatement) is not null,
            });
            return;
        }
        _conditions.Add(new DomainCondition(key, code)
        {
            ClinicalStatus = clinical,
            VerificationStatus = verification,
            Onset = onset,
            Abatement = FhirValues.Start(condition.Abatement),
            Recorded = recorded,
        });
    }

    /// <summary>A Condition is a finding when it is coded only in HPO, or its category says symptom or finding.</summary>
    private static bool IsFinding(FhirCondition condition, CodedConcept code)
    {
        if (code.Codings.Count > 0 && code.Codings.All(c => c.System == CodeSystems.Hpo))
        {
            return true;
        }
        foreach (var category in condition.Category)
        {
            foreach (var coding in category.Coding)
            {
                if (coding.Code is "symptom" or "finding" or "sign"
                    || (CodeSystems.Normalize(coding.System) == CodeSystems.Snomed && coding.Code is "418799008" or "404684003" or "72670004"))
                {
                    return true;
                }
            }
            if (category.Text is { } text && (text.Equals("symptom", StringComparison.OrdinalIgnoreCase) || text.Equals("finding", StringComparison.OrdinalIgnoreCase)))
            {
                return true;
            }
        }
        return false;
    }

    internal static ClinicalStatus ClinicalStatusOf(string? code) => code switch
    {
        "active" => ClinicalStatus.Active,
        "recurrence" => ClinicalStatus.Recurrence,
        "relapse" => ClinicalStatus.Relapse,
        "inactive" => ClinicalStatus.Inactive,
        "remission" => ClinicalStatus.Remission,
        "resolved" => ClinicalStatus.Resolved,
        _ => ClinicalStatus.Unknown,
    };

    internal static VerificationStatus VerificationStatusOf(string? code) => code switch
    {
        "unconfirmed" => VerificationStatus.Unconfirmed,
        "provisional" => VerificationStatus.Provisional,
        "differential" => VerificationStatus.Differential,
        "confirmed" => VerificationStatus.Confirmed,
        "refuted" => VerificationStatus.Refuted,
        "entered-in-error" => VerificationStatus.EnteredInError,
        _ => VerificationStatus.Unknown,
    };

    // ---- Procedure / ServiceRequest ------------------------------------------------------------

    private ProcedureRecord MapProcedure(Procedure procedure, string key)
    {
        var literal = FhirValues.Literal(procedure.StatusElement);
        var status = literal switch
        {
            "preparation" or "on-hold" => ProcedureStatus.Proposed,
            "in-progress" => ProcedureStatus.InProgress,
            "completed" => ProcedureStatus.Completed,
            "not-done" => ProcedureStatus.NotDone,
            "stopped" => ProcedureStatus.Stopped,
            "entered-in-error" => ProcedureStatus.EnteredInError,
            _ => ProcedureStatus.Unknown,
        };
        var surgicalCategory = IsSurgicalCategory(procedure.Category);
        var performed = FhirValues.Start(procedure.Performed);
        var preparation = literal == "preparation";
        return new ProcedureRecord(key, FhirValues.Concept(procedure.Code))
        {
            Status = status,
            IsSurgical = surgicalCategory || (preparation && IsEmpty(procedure.Category)),
            PlannedFor = preparation ? performed : null,
            Performed = preparation ? null : performed,
            ReasonReferences = _keys.ResolveAll(procedure.ReasonReference, key),
            ReasonCodes = FhirValues.Concepts(procedure.ReasonCode),
        };
    }

    private ProcedureRecord MapServiceRequest(ServiceRequest request, string key)
    {
        var intent = FhirValues.Literal(request.IntentElement);
        var planned = intent is "plan" or "proposal" or "order" || (intent?.EndsWith("-order", StringComparison.Ordinal) ?? false);
        var status = request.DoNotPerform == true ? ProcedureStatus.NotDone : FhirValues.Literal(request.StatusElement) switch
        {
            "draft" or "active" when planned => ProcedureStatus.Proposed,
            "completed" => ProcedureStatus.Completed,
            "revoked" => ProcedureStatus.Stopped,
            "entered-in-error" => ProcedureStatus.EnteredInError,
            _ => ProcedureStatus.Unknown,
        };
        return new ProcedureRecord(key, FhirValues.Concept(request.Code))
        {
            Status = status,
            IsSurgical = request.Category.Any(IsSurgicalCategory),
            PlannedFor = FhirValues.Start(request.Occurrence),
            ReasonReferences = _keys.ResolveAll(request.ReasonReference, key),
            ReasonCodes = FhirValues.Concepts(request.ReasonCode),
        };
    }

    private static bool IsEmpty(CodeableConcept? concept) => concept is null || (concept.Coding.Count == 0 && string.IsNullOrWhiteSpace(concept.Text));

    private static bool IsSurgicalCategory(CodeableConcept? category) =>
        category is not null && category.Coding.Any(c => c.Code == SurgicalProcedure && (string.IsNullOrEmpty(c.System) || CodeSystems.Normalize(c.System) == CodeSystems.Snomed));

    // ---- Medications ---------------------------------------------------------------------------

    private DomainMedication MapMedicationRequest(MedicationRequest request, string key)
    {
        var bounds = request.DosageInstruction.Select(d => d.Timing?.Repeat?.Bounds).OfType<Period>().FirstOrDefault();
        return new DomainMedication(key, MedicationCode(request.Medication, request, key))
        {
            Status = MedicationStatusOf(FhirValues.Literal(request.StatusElement)),
            // When the prescription was written is the best-documented start; validity or dosage bounds when it is missing.
            Start = FhirValues.Date(request.AuthoredOn) ?? FhirValues.Date(request.DispenseRequest?.ValidityPeriod?.Start) ?? FhirValues.Date(bounds?.Start),
            End = FhirValues.Date(bounds?.End) ?? FhirValues.Date(request.DispenseRequest?.ValidityPeriod?.End),
            Dose = DoseText(request.DosageInstruction),
            ReasonReferences = _keys.ResolveAll(request.ReasonReference, key),
            ReasonCodes = FhirValues.Concepts(request.ReasonCode),
        };
    }

    private DomainMedication MapMedicationStatement(MedicationStatement statement, string key) =>
        new(key, MedicationCode(statement.Medication, statement, key))
        {
            Status = MedicationStatusOf(FhirValues.Literal(statement.StatusElement)),
            Start = FhirValues.Start(statement.Effective) ?? FhirValues.Date(statement.DateAsserted),
            End = FhirValues.End(statement.Effective),
            Dose = DoseText(statement.Dosage),
            ReasonReferences = _keys.ResolveAll(statement.ReasonReference, key),
            ReasonCodes = FhirValues.Concepts(statement.ReasonCode),
        };

    private DispenseRecord MapMedicationDispense(MedicationDispense dispense, string key) =>
        new(key, MedicationCode(dispense.Medication, dispense, key))
        {
            Status = FhirValues.Literal(dispense.StatusElement),
            HandedOver = FhirValues.Date(dispense.WhenHandedOver) ?? FhirValues.Date(dispense.WhenPrepared),
            DaysSupply = dispense.DaysSupply?.Value is { } days && days > 0 && days < 10_000 ? (int)Math.Round(days) : null,
            Prescriptions = _keys.ResolveAll(dispense.AuthorizingPrescription, key),
        };

    /// <summary>MedicationRequest and MedicationStatement status codes (cancelled and not-taken count as stopped; intended as draft).</summary>
    internal static MedicationStatus MedicationStatusOf(string? code) => code switch
    {
        "active" => MedicationStatus.Active,
        "on-hold" => MedicationStatus.OnHold,
        "completed" => MedicationStatus.Completed,
        "stopped" or "cancelled" or "not-taken" => MedicationStatus.Stopped,
        "draft" or "intended" => MedicationStatus.Draft,
        "entered-in-error" => MedicationStatus.EnteredInError,
        _ => MedicationStatus.Unknown,
    };

    /// <summary>medicationCodeableConcept, or the code of the referenced (contained or in-Bundle) Medication.</summary>
    private CodedConcept MedicationCode(DataType? medication, DomainResource owner, string ownerKey)
    {
        switch (medication)
        {
            case CodeableConcept concept:
                return FhirValues.Concept(concept);
            case ResourceReference reference:
                FhirMedication? found = null;
                if (reference.Reference is { } r && r.StartsWith('#'))
                {
                    found = owner.Contained.OfType<FhirMedication>().FirstOrDefault(m => m.Id == r[1..]);
                }
                else if (_keys.Resolve(reference, ownerKey) is { } target)
                {
                    _medications.TryGetValue(target, out found);
                }
                var code = FhirValues.Concept(found?.Code);
                if (code.Codings.Count == 0 && code.Text is null && !string.IsNullOrWhiteSpace(reference.Display))
                {
                    return new CodedConcept([], reference.Display.Trim());
                }
                return code;
            default:
                return CodedConcept.Empty;
        }
    }

    private static string? DoseText(List<Dosage> dosages)
    {
        var parts = new List<string>();
        foreach (var dosage in dosages)
        {
            if (!string.IsNullOrWhiteSpace(dosage.Text))
            {
                parts.Add(dosage.Text.Trim());
                continue;
            }
            var dose = dosage.DoseAndRate.Select(d => d.Dose switch
            {
                Quantity q => FhirValues.QuantityText(q),
                Hl7.Fhir.Model.Range range => FhirValues.ValueText(range),
                _ => null,
            }).FirstOrDefault(d => d is not null);
            var repeat = dosage.Timing?.Repeat;
            string? frequency = null;
            if (repeat?.Frequency is { } f && repeat.Period is { } p && FhirValues.Literal(repeat.PeriodUnitElement) is { } unitText)
            {
                frequency = $"{f} per {(p == 1 ? string.Empty : FhirValues.Format(p) + " ")}{unitText}";
            }
            var text = string.Join(" ", new[] { dose, frequency }.Where(x => x is not null));
            if (dosage.AsNeeded is FhirBoolean { Value: true })
            {
                text = string.IsNullOrEmpty(text) ? "as needed" : text + " as needed";
            }
            if (!string.IsNullOrEmpty(text))
            {
                parts.Add(text);
            }
        }
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    // ---- Observation -------------------------------------------------------------------------

    private void MapObservation(Observation observation, string key)
    {
        if (FhirValues.Literal(observation.StatusElement) == "entered-in-error")
        {
            _notes.Add($"{key} is marked entered-in-error and was skipped.");
            return;
        }
        var code = FhirValues.Concept(observation.Code);
        var effective = FhirValues.Start(observation.Effective) ?? observation.Issued;
        var hpoValue = observation.Value is CodeableConcept valueConcept && valueConcept.Coding.Any(c => CodeSystems.Normalize(c.System) == CodeSystems.Hpo);
        if (code.Codings.Any(c => c.System == CodeSystems.Hpo) || hpoValue)
        {
            var findingCode = code.Codings.Any(c => c.System == CodeSystems.Hpo) ? code : FhirValues.Concept((CodeableConcept)observation.Value!);
            _findings.Add(new Finding(key, findingCode)
            {
                Present = !SaysAbsent(observation, hpoValue),
                Onset = FhirValues.Start(observation.Effective),
                Recorded = effective,
            });
            return;
        }
        decimal? value = observation.Value switch
        {
            Quantity q => q.Value,
            Integer i => i.Value,
            _ => null,
        };
        string? unit = observation.Value is Quantity quantity ? quantity.Unit ?? quantity.Code : null;
        string? valueText = observation.Value switch
        {
            null => ComponentsText(observation.Component),
            Quantity => null,
            Integer => null,
            _ => FhirValues.ValueText(observation.Value),
        };
        _observations.Add(new ObservationRecord(key, code)
        {
            Value = value,
            Unit = unit,
            ValueText = valueText,
            Effective = effective,
            Categories = observation.Category.Select(c => c.Coding.Select(x => x.Code).FirstOrDefault(x => !string.IsNullOrWhiteSpace(x)) ?? c.Text)
                .Where(c => !string.IsNullOrWhiteSpace(c)).Select(c => c!).Distinct(StringComparer.Ordinal).ToList(),
            Interpretation = observation.Interpretation.Select(i => i.Coding.Select(c => c.Code).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)) ?? i.Text)
                .FirstOrDefault(i => !string.IsNullOrWhiteSpace(i)),
        });
    }

    /// <summary>Component-only observations (e.g. blood pressure) keep every component as text: "Systolic 120 mm[Hg]; Diastolic 80 mm[Hg]".</summary>
    private static string? ComponentsText(List<Observation.ComponentComponent> components)
    {
        var parts = components.Select(c => (Label: FhirValues.Concept(c.Code).Label, Value: FhirValues.ValueText(c.Value)))
            .Where(p => p.Value is not null).Select(p => $"{p.Label} {p.Value}").ToList();
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    /// <summary>The observation says the phenotype is absent: valueBoolean false, an "absent" coded value, or interpretation NEG.</summary>
    private static bool SaysAbsent(Observation observation, bool valueIsThePhenotype)
    {
        if (observation.Value is FhirBoolean { Value: false })
        {
            return true;
        }
        if (!valueIsThePhenotype && observation.Value is CodeableConcept value && IsAbsent(value))
        {
            return true;
        }
        return observation.Interpretation.SelectMany(i => i.Coding).Any(c => string.Equals(c.Code, "NEG", StringComparison.OrdinalIgnoreCase))
            || observation.Interpretation.Any(i => i.Text is { } t && (t.Equals("negative", StringComparison.OrdinalIgnoreCase) || t.Equals("absent", StringComparison.OrdinalIgnoreCase)));
    }

    private static bool IsAbsent(CodeableConcept value)
    {
        foreach (var coding in value.Coding)
        {
            var system = CodeSystems.Normalize(coding.System);
            if ((system == CodeSystems.Snomed && coding.Code is "2667000" or "410516002" or "260413007")
                || (coding.Code is { } c && (c.Equals("absent", StringComparison.OrdinalIgnoreCase) || c.Equals("not-present", StringComparison.OrdinalIgnoreCase) || c.Equals("N", StringComparison.Ordinal) && system.Contains("v2-0136", StringComparison.Ordinal)))
                || (coding.Display is { } d && IsAbsentWord(d)))
            {
                return true;
            }
        }
        return value.Text is { } text && IsAbsentWord(text);
    }

    private static bool IsAbsentWord(string text)
    {
        var t = text.Trim();
        return t.Equals("absent", StringComparison.OrdinalIgnoreCase) || t.Equals("not present", StringComparison.OrdinalIgnoreCase)
            || t.Equals("known absent", StringComparison.OrdinalIgnoreCase) || t.Equals("no", StringComparison.OrdinalIgnoreCase)
            || t.Equals("none", StringComparison.OrdinalIgnoreCase) || t.Equals("absent (qualifier value)", StringComparison.OrdinalIgnoreCase);
    }

    // ---- Goal -------------------------------------------------------------------------------

    private DomainGoal MapGoal(FhirGoal goal, string key)
    {
        var description = FhirValues.Concept(goal.Description);
        return new DomainGoal(key, description.Codings.Count == 0 && description.Text is null ? "(goal without description)" : description.Label)
        {
            Achievement = FhirValues.StatusCode(goal.AchievementStatus) switch
            {
                "in-progress" => GoalAchievement.InProgress,
                "improving" => GoalAchievement.Improving,
                "worsening" => GoalAchievement.Worsening,
                "no-change" => GoalAchievement.NoChange,
                "achieved" => GoalAchievement.Achieved,
                "sustaining" => GoalAchievement.Sustaining,
                "not-achieved" => GoalAchievement.NotAchieved,
                "no-progress" => GoalAchievement.NoProgress,
                "not-attainable" => GoalAchievement.NotAttainable,
                _ => GoalAchievement.Unknown,
            },
            Addresses = _keys.ResolveAll(goal.Addresses, key),
            Start = goal.Start is Date start ? FhirValues.Date(start.Value) : null,
            Active = FhirValues.Literal(goal.LifecycleStatusElement) is null or "active" or "accepted" or "planned" or "on-hold",
        };
    }

    // ---- Imaging, reports, documents ---------------------------------------------------------------

    private static ImagingStudyRecord MapImagingStudy(ImagingStudy study, string key)
    {
        var modalities = study.Modality.Select(m => m.Code)
            .Concat(study.Series.Select(s => s.Modality?.Code))
            .Where(m => !string.IsNullOrWhiteSpace(m)).Select(m => m!.Trim().ToUpperInvariant())
            .Distinct(StringComparer.Ordinal).ToList();
        var uid = study.Identifier.Select(i => i.Value).FirstOrDefault(v => v is not null && v.StartsWith("urn:oid:", StringComparison.OrdinalIgnoreCase))?["urn:oid:".Length..]
            ?? study.Identifier.FirstOrDefault(i => i.System == "urn:dicom:uid")?.Value?.Replace("urn:oid:", string.Empty, StringComparison.OrdinalIgnoreCase);
        var bodySite = study.Series.Select(s => s.BodySite).FirstOrDefault(b => b is not null);
        return new ImagingStudyRecord(key)
        {
            StudyInstanceUid = uid,
            Modalities = modalities,
            BodySite = bodySite is null ? null : bodySite.Display ?? bodySite.Code,
            Description = study.Description ?? study.Series.Select(s => s.Description).FirstOrDefault(d => !string.IsNullOrWhiteSpace(d)),
            Started = FhirValues.Date(study.Started) ?? study.Series.Select(s => FhirValues.Date(s.Started)).FirstOrDefault(s => s is not null),
            Series = study.NumberOfSeries ?? study.Series.Count,
            Instances = study.NumberOfInstances ?? study.Series.Sum(s => s.NumberOfInstances ?? s.Instance.Count),
        };
    }

    private static ClinicalDocument MapDiagnosticReport(DiagnosticReport report, string key)
    {
        var code = FhirValues.Concept(report.Code);
        return new ClinicalDocument(key, code.Codings.Count == 0 && code.Text is null ? "Diagnostic report" : code.Label)
        {
            Kind = ReportKind(report.Category),
            ContentType = report.PresentedForm.Select(a => a.ContentType).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)),
            Date = FhirValues.Start(report.Effective) ?? report.Issued,
            Text = string.IsNullOrWhiteSpace(report.Conclusion) ? PlainText(report.PresentedForm) : report.Conclusion.Trim(),
            Code = code.Codings.Count == 0 && code.Text is null ? null : code,
        };
    }

    internal static DocumentKind ReportKind(List<CodeableConcept> categories)
    {
        foreach (var category in categories)
        {
            foreach (var coding in category.Coding)
            {
                switch (coding.Code?.ToUpperInvariant())
                {
                    case "RAD" or "RX" or "CT" or "NMR" or "NMS" or "VUS" or "OUS" or "CUS" or "RUS" or "IMG" or "LP29684-5" or "18748-4":
                        return DocumentKind.ImagingReport;
                    case "PAT" or "SP" or "CP" or "LP7839-6" or "11526-1":
                        return DocumentKind.PathologyReport;
                }
                var display = coding.Display ?? string.Empty;
                if (display.Contains("radiolog", StringComparison.OrdinalIgnoreCase) || display.Contains("imaging", StringComparison.OrdinalIgnoreCase))
                {
                    return DocumentKind.ImagingReport;
                }
                if (display.Contains("patholog", StringComparison.OrdinalIgnoreCase))
                {
                    return DocumentKind.PathologyReport;
                }
            }
            var text = category.Text ?? string.Empty;
            if (text.Contains("radiolog", StringComparison.OrdinalIgnoreCase) || text.Contains("imaging", StringComparison.OrdinalIgnoreCase))
            {
                return DocumentKind.ImagingReport;
            }
            if (text.Contains("patholog", StringComparison.OrdinalIgnoreCase))
            {
                return DocumentKind.PathologyReport;
            }
        }
        return DocumentKind.DiagnosticReport;
    }

    private static ClinicalDocument MapDocumentReference(DocumentReference document, string key)
    {
        var attachments = document.Content.Select(c => c.Attachment).Where(a => a is not null).ToList();
        var type = FhirValues.Concept(document.Type);
        var title = attachments.Select(a => a.Title).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t))
            ?? (string.IsNullOrWhiteSpace(document.Description) ? null : document.Description.Trim())
            ?? (type.Codings.Count == 0 && type.Text is null ? "Document" : type.Label);
        var isNote = document.Category.SelectMany(c => c.Coding).Any(c => c.Code == "clinical-note");
        return new ClinicalDocument(key, title)
        {
            Kind = isNote ? DocumentKind.ClinicalNote : DocumentKind.Other,
            ContentType = attachments.Select(a => a.ContentType).FirstOrDefault(c => !string.IsNullOrWhiteSpace(c)),
            Date = document.Date ?? FhirValues.Start(document.Context?.Period) ?? attachments.Select(a => FhirValues.Date(a.Creation)).FirstOrDefault(d => d is not null),
            Text = PlainText(attachments) ?? (title == document.Description ? null : document.Description),
            Code = type.Codings.Count == 0 && type.Text is null ? null : type,
        };
    }

    /// <summary>The text of the first inline text/plain attachment (up to 64 KiB).</summary>
    private static string? PlainText(IEnumerable<Attachment> attachments)
    {
        var plain = attachments.FirstOrDefault(a => a.Data is { Length: > 0 and <= 65536 } && a.ContentType is { } ct && ct.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase));
        return plain?.Data is null ? null : System.Text.Encoding.UTF8.GetString(plain.Data).Trim();
    }

    // ---- QuestionnaireResponse -----------------------------------------------------------------

    private void MapQuestionnaireResponse(QuestionnaireResponse response, BundleEntry entry, string key)
    {
        if (!IntakeResponseReader.IsIntake(response))
        {
            const string other = "QuestionnaireResponse (other questionnaire)";
            _ignored[other] = _ignored.GetValueOrDefault(other) + 1;
            return;
        }
        IntakeAnswers answers;
        try
        {
            answers = IntakeResponseReader.Read(response, key);
        }
        catch (FhirIntakeException e)
        {
            throw FhirIntakeException.At(e.Problem, entry.Index, "QuestionnaireResponse", response.Id, e.Path, inner: e);
        }
        if (_intake is not null)
        {
            // Keep the most recent answers.
            if (string.CompareOrdinal(response.Authored, _intakeDate) < 0)
            {
                _notes.Add($"An older intake questionnaire response ({key}) was superseded by {_intake.Source}.");
                return;
            }
            _notes.Add($"An older intake questionnaire response ({_intake.Source}) was superseded by {key}.");
        }
        _intake = answers;
        _intakeDate = response.Authored;
    }
}
