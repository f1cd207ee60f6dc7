namespace Orleans.Inventory.Grains.Stock;

/// <summary>The newest stock count applied: its event time and, to break ties, its event id.</summary>
[GenerateSerializer, Immutable, Alias("inventory.count-mark.v1")]
public sealed record CountMark(
    [property: Id(0)] DateTimeOffset Time,
    [property: Id(1)] string EventId)
{
    /// <summary>Counts order by event time, then by event id (ordinal); the later one wins.</summary>
    public bool IsNewerThan(CountMark other) =>
        Time != other.Time ? Time > other.Time : string.CompareOrdinal(EventId, other.EventId) > 0;
}
