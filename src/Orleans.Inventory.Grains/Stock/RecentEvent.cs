namespace Orleans.Inventory.Grains.Stock;

/// <summary>A decided event the grain still remembers: a 128-bit digest of its id, its event time, and its delta.</summary>
/// <param name="Delta">The change it made to on hand if it is an applied delta; 0 for counts and superseded events.</param>
[GenerateSerializer, Immutable, Alias("inventory.recent-event.v1")]
public sealed record RecentEvent(
    [property: Id(0)] UInt128 IdDigest,
    [property: Id(1)] DateTimeOffset Time,
    [property: Id(2)] long Delta);
