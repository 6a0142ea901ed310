namespace Consilium.Web.Features.DecisionSupport;

/// <summary>
/// One value built from stored data, kept while the data's version key stays the same: a new key (a new import) rebuilds it on
/// the next request. Building is serialised; the value is swapped whole, so readers never see a half-built one. Values must be
/// immutable, since one instance serves every request.
/// </summary>
internal sealed class VersionedCache<T>
    where T : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Entry? _current;

    private sealed record Entry(string Key, T Value);

    /// <summary>The value for <paramref name="key"/>: the kept one when the key is unchanged, else <paramref name="build"/>'s.</summary>
    public async Task<T> GetAsync(string key, Func<CancellationToken, Task<T>> build, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(build);
        if (_current is { } hit && hit.Key == key)
        {
            return hit.Value;
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } again && again.Key == key)
            {
                return again.Value;
            }
            var value = await build(cancellationToken);
            _current = new Entry(key, value);
            return value;
        }
        finally
        {
            _gate.Release();
        }
    }
}
