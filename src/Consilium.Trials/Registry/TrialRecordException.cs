namespace Consilium.Trials.Registry;

/// <summary>A registry file that cannot be read: the message names the file, the study and the field at fault.</summary>
public sealed class TrialRecordException : Exception
{
    public TrialRecordException(string message) : base(message) { }
    public TrialRecordException(string message, Exception inner) : base(message, inner) { }
    public TrialRecordException() { }
}
