using Consilium.Domain.Clinical;
using Consilium.Domain.Experts;
using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;

namespace Consilium.Fhir.Experts;

/// <summary>
/// The expert directory as FHIR R4: per expert a <c>Practitioner</c> (identifier, name, qualification = board
/// certifications and licences, communication = languages) and a <c>PractitionerRole</c> (organization = institution,
/// specialty = Consilium specialty and subspecialty names, plus Consilium extensions for what FHIR has no element for:
/// condition experience, procedures, imaging, capacity, load, turnaround, availability, affiliations, research).
/// <see cref="Export"/> and <see cref="Import"/> round-trip every field of <see cref="ExpertProfile"/>.
/// </summary>
public static class PractitionerDirectory
{
    public const string ExtensionBase = "http://consilium.example/fhir/StructureDefinition/expert-";
    public const string SpecialtySystem = "http://consilium.example/fhir/CodeSystem/specialty";
    public const string SubspecialtySystem = "http://consilium.example/fhir/CodeSystem/subspecialty";
    public const string LicenceSystem = "http://consilium.example/fhir/CodeSystem/licence";
    public const string CertificationSystem = "http://consilium.example/fhir/CodeSystem/board-certification";
    public const string LanguageSystem = "urn:ietf:bcp:47";

    private static readonly FhirJsonSerializer Serializer = new();
    private static readonly FhirJsonDeserializer Deserializer = new(new DeserializerSettings().UsingMode(DeserializationMode.BackwardsCompatible));

    /// <summary>A collection Bundle with a Practitioner and a PractitionerRole per expert, in id order.</summary>
    public static Bundle Export(IEnumerable<ExpertProfile> experts)
    {
        ArgumentNullException.ThrowIfNull(experts);
        var bundle = new Bundle { Type = Bundle.BundleType.Collection };
        foreach (var e in experts.OrderBy(x => x.Id, StringComparer.Ordinal))
        {
            var practitioner = new Practitioner
            {
                Id = e.Id,
                Identifier = [.. e.Identifiers.Select(ToIdentifier)],
                Name = [new HumanName { Text = e.Name }],
                Qualification =
                [
                    .. e.BoardCertifications.Select(c => new Practitioner.QualificationComponent { Code = new CodeableConcept(CertificationSystem, c, c) }),
                    .. e.Licensures.Select(l => new Practitioner.QualificationComponent { Code = new CodeableConcept(LicenceSystem, l, $"Licence to practise in {l}") }),
                ],
                Communication = [.. e.Languages.Select(l => new CodeableConcept(LanguageSystem, l))],
            };
            var role = new PractitionerRole
            {
                Id = $"{e.Id}-role",
                Practitioner = new ResourceReference($"Practitioner/{e.Id}"),
                Organization = e.Institution is null ? null : new ResourceReference { Display = e.Institution },
                Specialty =
                [
                    .. e.Specialties.Select(s => new CodeableConcept(SpecialtySystem, s, s)),
                    .. e.Subspecialties.Select(s => new CodeableConcept(SubspecialtySystem, s, s)),
                ],
            };
            role.SetIntegerExtension(Url("weekly-capacity"), e.WeeklyCapacity);
            role.SetIntegerExtension(Url("current-load"), e.CurrentLoad);
            role.AddExtension(Url("typical-turnaround-days"), new FhirDecimal((decimal)e.TypicalTurnaroundDays));
            role.SetBoolExtension(Url("clinical-trials"), e.ClinicalTrials);
            foreach (var a in e.Affiliations)
            {
                role.AddExtension(Url("affiliation"), new FhirString(a));
            }
            foreach (var r in e.ResearchInterests)
            {
                role.AddExtension(Url("research-interest"), new FhirString(r));
            }
            foreach (var w in e.Availability)
            {
                role.AddExtension(Url("availability"), new Period(new FhirDateTime(w.From), new FhirDateTime(w.To)));
            }
            foreach (var c in e.Conditions)
            {
                var ext = new Extension { Url = Url("condition-experience") };
                ext.AddExtension("code", new Coding(c.System, c.Code, c.Display));
                ext.AddExtension("patientsTreated", new Integer(c.PatientsTreated));
                role.Extension.Add(ext);
            }
            foreach (var p in e.Procedures)
            {
                var ext = new Extension { Url = Url("procedure") };
                ext.AddExtension("name", new FhirString(p.Name));
                ext.AddExtension("volume", new Integer(p.Volume));
                ext.AddExtension("minimallyInvasive", new FhirBoolean(p.MinimallyInvasive));
                if (p.OrganSystem is not null)
                {
                    ext.AddExtension("organSystem", new Code(p.OrganSystem));
                }
                foreach (var code in p.Codes)
                {
                    ext.AddExtension("code", new Coding(code.System, code.Code, code.Display));
                }
                role.Extension.Add(ext);
            }
            if (e.Imaging is { } imaging)
            {
                var ext = new Extension { Url = Url("imaging") };
                if (imaging.Subspecialty is not null)
                {
                    ext.AddExtension("subspecialty", new FhirString(imaging.Subspecialty));
                }
                foreach (var m in imaging.Modalities)
                {
                    ext.AddExtension("modality", new Coding("http://dicom.nema.org/resources/ontology/DCM", m));
                }
                role.Extension.Add(ext);
            }
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:consilium:expert:{e.Id}", Resource = practitioner });
            bundle.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:consilium:expert:{e.Id}:role", Resource = role });
        }
        return bundle;
    }

    public static string ExportJson(IEnumerable<ExpertProfile> experts, bool pretty = true) => Serializer.SerializeToString(Export(experts), pretty);

    /// <summary>Experts from a Bundle of Practitioner (+ PractitionerRole) resources; a Practitioner without a role is an expert without specialties (and fails validation).</summary>
    /// <exception cref="ExpertDirectoryFormatException">Not a FHIR Bundle, or an expert that does not validate.</exception>
    public static IReadOnlyList<ExpertProfile> ImportJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.AsSpan().TrimStart().StartsWith("{", StringComparison.Ordinal))
        {
            // The SDK answers a JSON array or scalar with an InvalidOperationException; this is simply not a Bundle.
            throw new ExpertDirectoryFormatException("not a valid FHIR Bundle: expected a JSON object with \"resourceType\": \"Bundle\".");
        }
        Bundle bundle;
        try
        {
            bundle = Deserializer.Deserialize<Bundle>(json);
        }
        catch (DeserializationFailedException ex)
        {
            throw new ExpertDirectoryFormatException($"not a valid FHIR Bundle: {ex.Exceptions.FirstOrDefault()?.Message ?? ex.Message}", ex);
        }
        catch (FormatException ex)
        {
            throw new ExpertDirectoryFormatException($"not a valid FHIR Bundle: {ex.Message}", ex);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new ExpertDirectoryFormatException($"not valid JSON: {ex.Message}", ex);
        }
        catch (InvalidCastException ex)
        {
            // An unknown "resourceType" (e.g. "Buidle") is read as a dynamic resource, which is not a Bundle.
            throw new ExpertDirectoryFormatException("not a valid FHIR Bundle: its \"resourceType\" is not \"Bundle\".", ex);
        }
        catch (InvalidOperationException ex)
        {
            // The SDK's reader gives up this way on shapes it cannot place, e.g. a repeated element named twice
            // ("line": [..], "line": "..."): the file is not a Bundle it can read.
            throw new ExpertDirectoryFormatException($"not a valid FHIR Bundle: {ex.Message}", ex);
        }
        return Import(bundle);
    }

    public static IReadOnlyList<ExpertProfile> Import(Bundle bundle)
    {
        ArgumentNullException.ThrowIfNull(bundle);
        var roles = bundle.Entry.Select(x => x.Resource).OfType<PractitionerRole>()
            .Where(r => r.Practitioner?.Reference is not null)
            .ToLookup(r => r.Practitioner!.Reference!.Split('/')[^1], StringComparer.Ordinal);
        var experts = new List<ExpertProfile>();
        foreach (var p in bundle.Entry.Select(x => x.Resource).OfType<Practitioner>())
        {
            var role = roles[p.Id ?? string.Empty].FirstOrDefault();
            var ext = role?.Extension ?? [];
            string[] Strings(string name) => [.. ext.Where(x => x.Url == Url(name)).Select(x => x.Value?.ToString() ?? string.Empty)];
            var name = p.Name.FirstOrDefault();
            experts.Add(new ExpertProfile
            {
                Id = p.Id ?? string.Empty,
                Name = name?.Text ?? string.Join(' ', (name?.Given ?? []).Append(name?.Family).OfType<string>()),
                Identifiers = [.. p.Identifier.Select(i => i.System is null ? i.Value ?? string.Empty : $"{i.System}|{i.Value}")],
                BoardCertifications = [.. QualificationCodes(p, CertificationSystem)],
                Licensures = [.. QualificationCodes(p, LicenceSystem)],
                Languages = [.. p.Communication.SelectMany(c => c.Coding).Select(c => c.Code).OfType<string>()],
                Institution = role?.Organization?.Display,
                Specialties = [.. (role?.Specialty ?? []).SelectMany(s => s.Coding).Where(c => c.System == SpecialtySystem).Select(c => c.Code).OfType<string>()],
                Subspecialties = [.. (role?.Specialty ?? []).SelectMany(s => s.Coding).Where(c => c.System == SubspecialtySystem).Select(c => c.Code).OfType<string>()],
                WeeklyCapacity = role?.GetIntegerExtension(Url("weekly-capacity")) ?? 0,
                CurrentLoad = role?.GetIntegerExtension(Url("current-load")) ?? 0,
                TypicalTurnaroundDays = (double)(role?.GetExtensionValue<FhirDecimal>(Url("typical-turnaround-days"))?.Value ?? 7m),
                ClinicalTrials = role?.GetBoolExtension(Url("clinical-trials")) ?? false,
                Affiliations = Strings("affiliation"),
                ResearchInterests = Strings("research-interest"),
                Availability = [.. ext.Where(x => x.Url == Url("availability")).Select(x => x.Value).OfType<Period>()
                    .Select(w => new AvailabilityWindow(w.StartElement?.ToDateTimeOffset(TimeSpan.Zero) ?? DateTimeOffset.MinValue, w.EndElement?.ToDateTimeOffset(TimeSpan.Zero) ?? DateTimeOffset.MaxValue))],
                Conditions = [.. ext.Where(x => x.Url == Url("condition-experience")).Select(x =>
                {
                    var code = Sub<Coding>(x, "code");
                    return new ConditionExperience(code?.System ?? string.Empty, code?.Code ?? string.Empty, code?.Display, Sub<Integer>(x, "patientsTreated")?.Value ?? 0);
                })],
                Procedures = [.. ext.Where(x => x.Url == Url("procedure")).Select(x => new ProcedureExperience(Sub<FhirString>(x, "name")?.Value ?? string.Empty, Sub<Integer>(x, "volume")?.Value ?? 0)
                {
                    MinimallyInvasive = Sub<FhirBoolean>(x, "minimallyInvasive")?.Value ?? false,
                    OrganSystem = Sub<Code>(x, "organSystem")?.Value,
                    Codes = [.. x.GetExtensions("code").Select(c => c.Value).OfType<Coding>().Select(c => new ClinicalCode(c.System ?? string.Empty, c.Code ?? string.Empty, c.Display))],
                })],
                Imaging = ext.FirstOrDefault(x => x.Url == Url("imaging")) is { } img
                    ? new ImagingExpertise(Sub<FhirString>(img, "subspecialty")?.Value, [.. img.GetExtensions("modality").Select(m => m.Value).OfType<Coding>().Select(c => c.Code).OfType<string>()])
                    : null,
            });
        }
        ExpertDirectoryJson.Validate(experts);
        return experts;
    }

    private static IEnumerable<string> QualificationCodes(Practitioner p, string system) =>
        p.Qualification.SelectMany(q => q.Code?.Coding ?? []).Where(c => c.System == system).Select(c => c.Code).OfType<string>();

    private static Identifier ToIdentifier(string value)
    {
        var bar = value.IndexOf('|', StringComparison.Ordinal);
        return bar < 0 ? new Identifier { Value = value } : new Identifier(value[..bar], value[(bar + 1)..]);
    }

    private static string Url(string name) => ExtensionBase + name;

    private static T? Sub<T>(Extension extension, string url) where T : DataType => extension.GetExtension(url)?.Value as T;
}
