namespace Consilium.Domain.Experts;

/// <summary>
/// The expert directory as matching sees it: experts in id order (ordinal) with an index from specialty and
/// subspecialty names (case-insensitive) to the experts who hold them, so that a case is scored only against
/// experts of the expertise it needs.
/// </summary>
public sealed class ExpertNetwork
{
    private readonly Dictionary<string, int[]> _byArea;
    private readonly Dictionary<string, int> _byId;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string?), int[]> _holding = new();

    public ExpertNetwork(IEnumerable<ExpertProfile> experts)
    {
        ArgumentNullException.ThrowIfNull(experts);
        var sorted = experts.OrderBy(e => e.Id, StringComparer.Ordinal).ToArray();
        _byId = new Dictionary<string, int>(sorted.Length, StringComparer.Ordinal);
        for (var i = 0; i < sorted.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(sorted[i].Id))
            {
                throw new ArgumentException($"Expert '{sorted[i].Name}' has no id.", nameof(experts));
            }
            if (!_byId.TryAdd(sorted[i].Id, i))
            {
                throw new ArgumentException($"Expert id '{sorted[i].Id}' appears more than once.", nameof(experts));
            }
        }
        Experts = sorted;
        _byArea = sorted
            .SelectMany((e, i) => e.Specialties.Concat(e.Subspecialties).Select(a => (Area: a.Trim(), Index: i)))
            .GroupBy(x => x.Area, StringComparer.OrdinalIgnoreCase)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Index).Distinct().Order().ToArray(), StringComparer.OrdinalIgnoreCase);
    }

    public static ExpertNetwork Empty { get; } = new([]);

    /// <summary>All experts, ordered by id (ordinal).</summary>
    public IReadOnlyList<ExpertProfile> Experts { get; }

    public int Count => Experts.Count;

    public ExpertProfile? Find(string id) => _byId.TryGetValue(id, out var i) ? Experts[i] : null;

    public int IndexOf(string id) => _byId.TryGetValue(id, out var i) ? i : -1;

    /// <summary>Indexes (into <see cref="Experts"/>, ascending) of experts holding the specialty or the subspecialty (cached per pair).</summary>
    public IReadOnlyList<int> Holding(string specialty, string? subspecialty)
    {
        ArgumentNullException.ThrowIfNull(specialty);
        return _holding.GetOrAdd((specialty.Trim().ToUpperInvariant(), subspecialty?.Trim().ToUpperInvariant()), _ =>
        {
            var a = _byArea.GetValueOrDefault(specialty.Trim()) ?? [];
            var b = subspecialty is null ? [] : _byArea.GetValueOrDefault(subspecialty.Trim()) ?? [];
            return b.Length == 0 ? a : a.Length == 0 ? b : [.. a.Union(b).Order()];
        });
    }
}
