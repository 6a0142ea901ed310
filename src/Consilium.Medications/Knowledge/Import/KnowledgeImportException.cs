namespace Consilium.Medications.Knowledge.Import;

/// <summary>The files the operator provided cannot be imported; the message names the file and the problem.</summary>
public sealed class KnowledgeImportException : Exception
{
    public KnowledgeImportException(string message) : base(message) { }
    public KnowledgeImportException(string message, Exception inner) : base(message, inner) { }
    public KnowledgeImportException() { }
}
