namespace Consilium.Web;

/// <summary>Settings of the web platform, bound from <c>Consilium:Web</c> (appsettings.json or <c>Consilium__Web__...</c>).</summary>
public sealed class WebOptions
{
    public const string SectionName = "Consilium:Web";

    /// <summary>The largest record a patient may upload, in bytes (default 200 MB).</summary>
    public long MaxUploadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>The turnaround Consilium commits to for a standard case, in days.</summary>
    public int StandardTurnaroundDays { get; set; } = 7;

    /// <summary>The turnaround for an expedited case, in days.</summary>
    public int ExpeditedTurnaroundDays { get; set; } = 3;

    /// <summary>How often a node checks the turnaround clock of open cases, in seconds (default 60).</summary>
    public int TurnaroundCheckSeconds { get; set; } = 60;

    /// <summary>How long before a case's due time its experts get the "due soon" reminder, in hours (default 24).</summary>
    public int TurnaroundReminderHours { get; set; } = 24;

    /// <summary>A session ends after this many minutes without a request.</summary>
    public int SessionIdleMinutes { get; set; } = 30;

    /// <summary>Sign-in attempts (POSTs) one address may make per minute.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>Accounts must confirm their email address before they can sign in.</summary>
    public bool RequireConfirmedEmail { get; set; } = true;

    /// <summary>Where development mail is written as .eml files (default: &lt;data directory&gt;/mail).</summary>
    public string? MailDirectory { get; set; }

    /// <summary>
    /// Encrypted files without a row (an upload interrupted by a crash) are removed at start-up and hourly once they are older
    /// than this many minutes (default 1; 0 on a single node removes every leftover at start-up).
    /// </summary>
    public double DocumentLeftoverMinutes { get; set; } = 1;

    /// <summary>The turnaround for a case of that urgency.</summary>
    public TimeSpan TurnaroundFor(Domain.Triage.Urgency? urgency) =>
        TimeSpan.FromDays(urgency is Domain.Triage.Urgency.Expedited or Domain.Triage.Urgency.Emergency ? ExpeditedTurnaroundDays : StandardTurnaroundDays);
}
