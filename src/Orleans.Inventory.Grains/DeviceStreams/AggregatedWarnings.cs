namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Keeps repeated warnings at a bounded rate: the first of a kind is logged at once, later ones at most once per
/// <c>interval</c>, with how many were folded into it. One per silo, shared by all device stream consumers.
/// </summary>
public sealed class AggregatedWarnings(TimeProvider time, TimeSpan interval)
{
    private readonly Dictionary<string, (DateTimeOffset LastLogged, long Folded)> _kinds = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public AggregatedWarnings(TimeProvider time)
        : this(time, TimeSpan.FromSeconds(30))
    {
    }

    /// <summary>True when a warning of <paramref name="kind"/> should be logged now; <paramref name="occurrences"/> counts it and those folded since the last one.</summary>
    public bool ShouldLog(string kind, out long occurrences)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (_kinds.TryGetValue(kind, out var seen) && now - seen.LastLogged < interval)
            {
                _kinds[kind] = (seen.LastLogged, seen.Folded + 1);
                occurrences = 0;
                return false;
            }

            occurrences = (seen.Folded) + 1;
            _kinds[kind] = (now, 0);
            if (_kinds.Count > 1024)
            {
                // Kinds are few (partition x warning); a flood of new ones must not grow this without bound.
                _kinds.Clear();
            }

            return true;
        }
    }
}
