namespace Consilium.Medications.Knowledge;

/// <summary>
/// Where a piece of medication knowledge came from: the operator-provided files, their stated version and a
/// content hash, so that every finding can say which source and which version produced it.
/// </summary>
/// <param name="Name">The source as a clinician would cite it (e.g. "ANSM interaction thesaurus (WorldVistA English translation)").</param>
/// <param name="Version">The version the files state (e.g. "2016-09", "CPIC v1.30.0").</param>
/// <param name="Sha256">SHA-256 of the files read, in name order (first 12 hex digits), so a changed file is noticed.</param>
/// <param name="Files">The files read, relative to the directory the operator gave.</param>
public sealed record KnowledgeSource(string Name, string Version, string Sha256, IReadOnlyList<string> Files)
{
    /// <summary>How findings cite it: name, version and content hash.</summary>
    public string Citation => $"{Name}, {Version} (sha256 {Sha256})";

    public override string ToString() => Citation;
}
