using System.Collections.Concurrent;
using System.Diagnostics;

namespace Consilium.Cli.Bench.Load;

/// <summary>One request of a scenario: sends it, reads the whole response, and says whether it was what the scenario expects.</summary>
internal delegate Task<RequestOutcome> SendRequest(CancellationToken cancellationToken);

/// <summary>What one request gave: success, or what was wrong (the status and the path, for the error report).</summary>
internal readonly record struct RequestOutcome(bool Ok, string? Problem)
{
    public static RequestOutcome Success { get; } = new(true, null);

    public static RequestOutcome Failed(string problem) => new(false, problem);
}

/// <summary>What a run measured: requests completed, errors (with the first few problems), latencies, and the wall time.</summary>
internal sealed class LoadMeasurement
{
    private readonly ConcurrentQueue<string> _problems = new();
    private long _errors;

    public LatencyHistogram Latency { get; } = new();

    public long Errors => Interlocked.Read(ref _errors);

    public TimeSpan Elapsed { get; set; }

    public double RequestsPerSecond => Elapsed <= TimeSpan.Zero ? 0 : Latency.Count / Elapsed.TotalSeconds;

    /// <summary>The first problems seen (at most 5 different ones), for the error report on stderr.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    public void Record(TimeSpan latency, RequestOutcome outcome)
    {
        Latency.Record(latency);
        if (!outcome.Ok)
        {
            Interlocked.Increment(ref _errors);
            if (_problems.Count < 5 && !_problems.Contains(outcome.Problem))
            {
                _problems.Enqueue(outcome.Problem ?? "failed");
            }
        }
    }
}

/// <summary>
/// Drives a scenario. Closed loop: <c>connections</c> workers, each sending its next request when the last one answered (the
/// throughput the server gives at that concurrency). Open loop: requests start on a fixed schedule, <c>rate</c> a second,
/// whatever the server does; each latency is measured from when the request was DUE, not when it could be sent, so a stalled
/// server shows in the percentiles instead of slowing the generator down (no coordinated omission). A request that throws
/// (refused connection, timeout) is an error, like an unexpected status.
/// </summary>
internal static class LoadRunner
{
    public static async Task<LoadMeasurement> ClosedLoopAsync(SendRequest send, int connections, TimeSpan duration, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        var measurement = new LoadMeasurement();
        var clock = Stopwatch.StartNew();
        using var reporter = Report(clock, duration, progress);
        var workers = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var started = clock.Elapsed;
                var outcome = await SendSafelyAsync(send, cancellationToken);
                measurement.Record(clock.Elapsed - started, outcome);
            }
        }, cancellationToken));
        await Task.WhenAll(workers);
        measurement.Elapsed = clock.Elapsed;
        return measurement;
    }

    public static async Task<LoadMeasurement> OpenLoopAsync(SendRequest send, double rate, int connections, TimeSpan duration, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(rate, 0);
        ArgumentOutOfRangeException.ThrowIfLessThan(connections, 1);
        var measurement = new LoadMeasurement();
        using var gate = new SemaphoreSlim(connections);
        var inFlight = new List<Task>((int)Math.Min(1_000_000, rate * duration.TotalSeconds * 1.1));
        var clock = Stopwatch.StartNew();
        using var reporter = Report(clock, duration, progress);
        long issued = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.Elapsed;
            if (now >= duration)
            {
                break;
            }
            var due = (long)(now.TotalSeconds * rate) + 1;
            for (; issued < due; issued++)
            {
                inFlight.Add(OneAsync(TimeSpan.FromSeconds(issued / rate)));
            }
            await Task.Delay(1, cancellationToken);
        }
        await Task.WhenAll(inFlight);
        measurement.Elapsed = clock.Elapsed;
        return measurement;

        async Task OneAsync(TimeSpan intended)
        {
            // The wait for a free connection is part of the latency the user would have seen.
            await gate.WaitAsync(cancellationToken);
            try
            {
                var outcome = await SendSafelyAsync(send, cancellationToken);
                measurement.Record(clock.Elapsed - intended, outcome);
            }
            finally
            {
                gate.Release();
            }
        }
    }

    private static async Task<RequestOutcome> SendSafelyAsync(SendRequest send, CancellationToken cancellationToken)
    {
        try
        {
            return await send(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return RequestOutcome.Failed($"{e.GetType().Name}: {ExitCodes.OneLine(e.Message)}");
        }
    }

    private static Timer? Report(Stopwatch clock, TimeSpan duration, IProgress<double>? progress) =>
        progress is null ? null : new Timer(_ => progress.Report(Math.Min(1, clock.Elapsed / duration)), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(250));
}
