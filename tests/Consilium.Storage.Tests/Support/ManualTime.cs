namespace Consilium.Storage.Tests.Support;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now.ToUniversalTime();
}

/// <summary>Records progress reports as they happen (Progress&lt;T&gt; would post them later).</summary>
internal sealed class RecordingProgress : IProgress<int>
{
    public List<int> Reports { get; } = [];

    public void Report(int value) => Reports.Add(value);
}
