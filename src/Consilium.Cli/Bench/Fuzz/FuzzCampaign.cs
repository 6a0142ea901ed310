using System.Diagnostics;
using System.Globalization;

namespace Consilium.Cli.Bench.Fuzz;

/// <summary>A failing input, kept so it can become a regression test.</summary>
internal sealed record FuzzFailure(int Index, string Target, string Mutation, FuzzOutcome Outcome, string Message, byte[] Input);

/// <summary>The counts per outcome, for one target or the whole run.</summary>
internal sealed class FuzzTally
{
    private readonly int[] _counts = new int[Enum.GetValues<FuzzOutcome>().Length];

    public int this[FuzzOutcome outcome] => _counts[(int)outcome];

    public int Total => _counts.Sum();

    /// <summary>The time the inputs took, state checks included.</summary>
    public TimeSpan Elapsed { get; private set; }

    public void Add(FuzzOutcome outcome, TimeSpan elapsed)
    {
        _counts[(int)outcome]++;
        Elapsed += elapsed;
    }
}

/// <summary>What a run found: totals, per-target counts and the failing inputs.</summary>
internal sealed class FuzzReport
{
    public FuzzTally Totals { get; } = new();

    public SortedDictionary<string, FuzzTally> ByTarget { get; } = new(StringComparer.Ordinal);

    public List<FuzzFailure> Failures { get; } = [];

    /// <summary>The first refusal each target gave, to show what its messages look like.</summary>
    public Dictionary<string, string> ExampleRefusal { get; } = new(StringComparer.Ordinal);

    public bool Clean => Totals[FuzzOutcome.Crash] + Totals[FuzzOutcome.Hang] + Totals[FuzzOutcome.PartialWrite] == 0;
}

/// <summary>
/// Feeds input i of the run to target i mod n (every target gets its share), each under a watchdog: an input still
/// running after the time limit is a hang (the reader is left behind, the run goes on). A refusal must be the target's
/// own validation error with a message; anything else thrown is a crash. For targets that write, a refused input must
/// leave the rows and files exactly as they were.
/// </summary>
internal sealed class FuzzCampaign(IReadOnlyList<FuzzTarget> targets, int seed, TimeSpan timeout, Func<CancellationToken, Task>? freshState = null)
{
    /// <summary>How many inputs between two calls of the fresh-state hook (new cases for the HTTP targets).</summary>
    public const int FreshStateEvery = 1000;

    public const int KeepFailures = 1000;

    /// <summary>CONSILIUM_FUZZ_MEMORY=1: every 1,000 inputs, the live heap after a full collection and the working set, on stderr.</summary>
    private static readonly bool MemoryTrace = Environment.GetEnvironmentVariable("CONSILIUM_FUZZ_MEMORY") == "1";

    public async Task<FuzzReport> RunAsync(int inputs, Action<int, FuzzReport>? progress, CancellationToken cancellationToken)
    {
        var report = new FuzzReport();
        foreach (var t in targets)
        {
            report.ByTarget[t.Name] = new FuzzTally();
        }
        for (var i = 0; i < inputs; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var target = targets[i % targets.Count];
            var input = Mutations.Make(target, seed, i);
            var started = Stopwatch.GetTimestamp();
            var (outcome, message) = await RunOneAsync(target, input, cancellationToken);
            var took = Stopwatch.GetElapsedTime(started);
            report.Totals.Add(outcome, took);
            report.ByTarget[target.Name].Add(outcome, took);
            if (outcome == FuzzOutcome.Rejected)
            {
                report.ExampleRefusal.TryAdd(target.Name, message);
            }
            if (outcome is FuzzOutcome.Crash or FuzzOutcome.Hang or FuzzOutcome.PartialWrite && report.Failures.Count < KeepFailures)
            {
                report.Failures.Add(new FuzzFailure(i, target.Name, input.Mutation, outcome, message, input.Bytes));
            }
            progress?.Invoke(i + 1, report);
            if (freshState is not null && (i + 1) % FreshStateEvery == 0 && i + 1 < inputs)
            {
                await freshState(cancellationToken);
                // The hostile inputs are large (megabytes, zip bombs) and short-lived: give their space back now, so a
                // long run's footprint stays that of the platform rather than of the large-object heap's leftovers.
                System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
                GC.Collect();
            }
            if (MemoryTrace && (i + 1) % 1000 == 0)
            {
                var live = GC.GetTotalMemory(forceFullCollection: true);
                var slowest = string.Join(", ", report.ByTarget.OrderByDescending(t => t.Value.Elapsed).Take(3)
                    .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Key} {t.Value.Elapsed.TotalSeconds:0.0} s")));
                await Console.Error.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"[memory] {i + 1} inputs: live {live / 1048576} MiB, working set {Environment.WorkingSet / 1048576} MiB; slowest so far: {slowest}"));
            }
        }
        return report;
    }

    public async Task<(FuzzOutcome Outcome, string Message)> RunOneAsync(FuzzTarget target, FuzzInput input, CancellationToken cancellationToken)
    {
        var before = await target.StateAsync(cancellationToken);
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        watchdog.CancelAfter(timeout);
        var run = Task.Run(() => target.RunAsync(input, watchdog.Token), CancellationToken.None);
        FuzzOutcome outcome;
        string message;
        try
        {
            var verdict = await run.WaitAsync(timeout, cancellationToken);
            (outcome, message) = verdict switch
            {
                { ServerError: true } => (FuzzOutcome.Crash, verdict.Message),
                { Accepted: true } => (FuzzOutcome.Accepted, verdict.Message),
                _ when string.IsNullOrWhiteSpace(verdict.Message) => (FuzzOutcome.Crash, "refused without saying why"),
                _ => (FuzzOutcome.Rejected, verdict.Message),
            };
        }
        catch (TimeoutException)
        {
            return (FuzzOutcome.Hang, $"still running after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
        catch (OperationCanceledException) when (watchdog.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return (FuzzOutcome.Hang, $"cancelled by the watchdog after {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        }
#pragma warning disable CA1031 // every exception is an outcome to classify, not a reason to stop the run
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            var inner = e is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerExceptions[0] : e;
            (outcome, message) = target.IsRejection(inner) && !string.IsNullOrWhiteSpace(inner.Message)
                ? (FuzzOutcome.Rejected, inner.Message)
                : (FuzzOutcome.Crash, $"{inner.GetType().Name}: {inner.Message} {FirstFrame(inner)}");
        }
        if (outcome == FuzzOutcome.Rejected && before is not null)
        {
            var after = await target.StateAsync(cancellationToken);
            if (!string.Equals(before, after, StringComparison.Ordinal))
            {
                return (FuzzOutcome.PartialWrite, $"{message} — but the state changed: {before} → {after}");
            }
        }
        return (outcome, message);
    }

    private static string FirstFrame(Exception e) =>
        e.StackTrace?.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
}
