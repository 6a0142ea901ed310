namespace Consilium.Cli.Bench.Load;

/// <summary>
/// Request latencies, counted into log-linear buckets (as HdrHistogram does): microseconds, 64 linear sub-buckets per power of
/// two, so every recorded value is kept within 1/64 (1.6%) of itself from 1 µs to over an hour. Recording is one interlocked
/// increment, safe from many threads at once; memory stays flat however long the run.
/// </summary>
internal sealed class LatencyHistogram
{
    private const int SubBucketBits = 6;
    private const int SubBuckets = 1 << SubBucketBits;
    private const int Magnitudes = 40;

    private readonly long[] _counts = new long[(Magnitudes + 1) * SubBuckets];
    private long _count;
    private long _max;

    public long Count => Interlocked.Read(ref _count);

    public void Record(TimeSpan latency)
    {
        var micros = Math.Max(0, (long)(latency.Ticks / (double)TimeSpan.TicksPerMicrosecond));
        Interlocked.Increment(ref _counts[IndexOf(micros)]);
        Interlocked.Increment(ref _count);
        long max;
        while (micros > (max = Interlocked.Read(ref _max)) && Interlocked.CompareExchange(ref _max, micros, max) != max)
        {
        }
    }

    /// <summary>The latency at or below which <paramref name="percentile"/> % of the requests completed, in milliseconds (0 when none).</summary>
    public double PercentileMs(double percentile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(percentile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percentile, 100);
        var total = Count;
        if (total == 0)
        {
            return 0;
        }
        var rank = Math.Max(1, (long)Math.Ceiling(percentile / 100 * total));
        long seen = 0;
        for (var i = 0; i < _counts.Length; i++)
        {
            seen += Interlocked.Read(ref _counts[i]);
            if (seen >= rank)
            {
                return Math.Min(HighestOf(i), Interlocked.Read(ref _max)) / 1000.0;
            }
        }
        return Interlocked.Read(ref _max) / 1000.0;
    }

    public double MaxMs => Interlocked.Read(ref _max) / 1000.0;

    /// <summary>Bucket of a value: values below 64 µs have one bucket each; above, 64 buckets per power of two.</summary>
    internal static int IndexOf(long micros)
    {
        if (micros < SubBuckets)
        {
            return (int)micros;
        }
        var magnitude = (int)Math.Min(Magnitudes, 63 - long.LeadingZeroCount(micros) - SubBucketBits + 1);
        var sub = (int)(micros >> (magnitude - 1)) - SubBuckets;
        return (magnitude * SubBuckets) + Math.Clamp(sub, 0, SubBuckets - 1);
    }

    /// <summary>The largest value that falls into bucket <paramref name="index"/>.</summary>
    internal static long HighestOf(int index)
    {
        var magnitude = index / SubBuckets;
        var sub = index % SubBuckets;
        return magnitude == 0 ? sub : ((long)(SubBuckets + sub + 1) << (magnitude - 1)) - 1;
    }
}
