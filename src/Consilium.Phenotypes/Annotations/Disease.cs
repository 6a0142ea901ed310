namespace Consilium.Phenotypes.Annotations;

/// <summary>
/// One phenotypic feature of a disease, merged over the annotation rows for that term:
/// its frequency (null when no row gave one), onset, sex restriction and the references.
/// </summary>
public sealed record DiseaseFeature(
    int Term,
    string TermId,
    double? Frequency,
    string? Onset,
    string? Sex,
    IReadOnlyList<string> Modifiers,
    IReadOnlyList<string> References)
{
    /// <summary>Pooled counts when the frequency came from <c>n/m</c> rows (patients with the feature / patients reported); 0/0 otherwise.</summary>
    public int Numerator { get; init; }

    /// <summary>See <see cref="Numerator"/>.</summary>
    public int Denominator { get; init; }

    /// <summary>True when the annotation says how often the feature occurs.</summary>
    public bool HasKnownFrequency => Frequency.HasValue;
}

/// <summary>A disease as the annotation file describes it (OMIM, ORPHA or DECIPHER entry).</summary>
public sealed class Disease
{
    public Disease(int index, string id, string name)
    {
        Index = index;
        Id = id;
        Name = name;
        var colon = id.IndexOf(':', StringComparison.Ordinal);
        Database = colon > 0 ? id[..colon] : "";
    }

    /// <summary>Dense index among the annotated diseases.</summary>
    public int Index { get; }
    /// <summary>E.g. <c>OMIM:154700</c>.</summary>
    public string Id { get; }
    public string Name { get; }
    /// <summary>E.g. <c>OMIM</c>, <c>ORPHA</c>, <c>DECIPHER</c>.</summary>
    public string Database { get; }
    /// <summary>Phenotypic features (aspect P) the disease shows, one per term.</summary>
    public IReadOnlyList<DiseaseFeature> Features { get; internal set; } = [];
    /// <summary>Features the annotation says the disease does NOT show (NOT-qualified rows, or frequency "Excluded").</summary>
    public IReadOnlyList<DiseaseFeature> AbsentFeatures { get; internal set; } = [];
    /// <summary>Modes of inheritance (aspect I), as term ids.</summary>
    public IReadOnlyList<string> Inheritance { get; internal set; } = [];
    /// <summary>Onset and clinical course (aspect C), as term ids.</summary>
    public IReadOnlyList<string> ClinicalCourse { get; internal set; } = [];
    /// <summary>Every reference cited by the disease's rows (PMIDs, OMIM ids…).</summary>
    public IReadOnlyCollection<string> References { get; internal set; } = [];

    public override string ToString() => $"{Id} {Name}";
}
