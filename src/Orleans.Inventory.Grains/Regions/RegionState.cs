using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// The persisted state of one region grain. Bounded by <see cref="RegionOptions"/>: products, entries per product
/// and the outbox each have a cap.
/// </summary>
[GenerateSerializer, Alias("inventory.region-state.v1")]
public sealed class RegionState
{
    [Id(0)] public Dictionary<string, RegionProduct> Products { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Notifications committed with this state and not yet confirmed published.</summary>
    [Id(1)] public List<Notification> Outbox { get; set; } = [];

    /// <summary>A logical clock, advanced by every accepted change: orders entries for eviction.</summary>
    [Id(2)] public long Tick { get; set; }
}
