using Consilium.Domain.Cases;

namespace Consilium.Fhir.Intake;

/// <summary>What <see cref="BundleIntake"/> read from a FHIR Bundle.</summary>
public sealed record BundleIntakeResult
{
    public required CaseFile CaseFile { get; init; }

    /// <summary>Bundle.type as given (collection, transaction, document, searchset, ...).</summary>
    public required string BundleType { get; init; }

    /// <summary>Number of entries in the Bundle.</summary>
    public int EntryCount { get; init; }

    /// <summary>True when the Patient resource says the patient has died (deceasedBoolean true or a deceasedDateTime).</summary>
    public bool PatientDeceased { get; init; }

    /// <summary>Resources not used for a case, by resource type, with how many there were.</summary>
    public IReadOnlyDictionary<string, int> IgnoredResources { get; init; } = new Dictionary<string, int>();

    /// <summary>What the reader noticed (resources ignored, deceased patient, entries skipped); the same list as <see cref="CaseFile.SourceNotes"/>.</summary>
    public IReadOnlyList<string> Notes => CaseFile.SourceNotes;
}
