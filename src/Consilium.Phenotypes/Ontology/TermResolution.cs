namespace Consilium.Phenotypes.Ontology;

/// <summary>How a requested id was found in the ontology.</summary>
public enum TermResolutionKind
{
    /// <summary>The id is a current term.</summary>
    Current,
    /// <summary>The id is an alternative id (alt_id) of a current term.</summary>
    AlternativeId,
    /// <summary>The id is obsolete and was replaced (replaced_by) by a current term.</summary>
    Replaced,
    /// <summary>The id is obsolete with no replacement; it cannot be used.</summary>
    ObsoleteWithoutReplacement,
    /// <summary>The ontology does not know the id.</summary>
    Unknown,
}

/// <summary>The outcome of looking up an id: the current term it maps to, and how.</summary>
public readonly record struct TermResolution(string RequestedId, TermResolutionKind Kind, int TermIndex, string? ResolvedId)
{
    public bool IsFound => TermIndex >= 0;

    /// <summary>True when the id had to be mapped to another one (worth reporting to the user).</summary>
    public bool WasMapped => Kind is TermResolutionKind.AlternativeId or TermResolutionKind.Replaced;

    public string Describe() => Kind switch
    {
        TermResolutionKind.Current => RequestedId,
        TermResolutionKind.AlternativeId => $"{RequestedId} is an alternative id of {ResolvedId}",
        TermResolutionKind.Replaced => $"{RequestedId} is obsolete, replaced by {ResolvedId}",
        TermResolutionKind.ObsoleteWithoutReplacement => $"{RequestedId} is obsolete and has no replacement",
        _ => $"{RequestedId} is not in the ontology",
    };
}
