namespace Consilium.Phenotypes.Ontology;

/// <summary>How close a synonym is to the term's meaning (OBO synonym scopes).</summary>
public enum SynonymScope
{
    Exact,
    Related,
    Broad,
    Narrow,
}

/// <summary>Another name for a term; <see cref="IsLayperson"/> marks the words patients use.</summary>
/// <param name="Text">The synonym as written.</param>
/// <param name="Scope">Exact, related, broad or narrow.</param>
/// <param name="Type">The synonym type, e.g. <c>layperson</c>, <c>plural_form</c>, <c>abbreviation</c>, <c>uk_spelling</c>; empty when none.</param>
public sealed record TermSynonym(string Text, SynonymScope Scope, string Type)
{
    public bool IsLayperson => Type == "layperson";
}

/// <summary>One class of the ontology (e.g. HP:0001250 Seizure).</summary>
public sealed class OntologyTerm
{
    public OntologyTerm(string id, string label)
    {
        Id = id;
        Label = label;
    }

    /// <summary>CURIE, e.g. <c>HP:0001250</c>.</summary>
    public string Id { get; }
    public string Label { get; }
    public string? Definition { get; init; }
    public IReadOnlyList<TermSynonym> Synonyms { get; init; } = [];
    public bool IsObsolete { get; init; }
    public IReadOnlyList<string> AltIds { get; init; } = [];
    public string? ReplacedBy { get; init; }
    public IReadOnlyList<string> Consider { get; init; } = [];

    public override string ToString() => $"{Id} {Label}";
}
