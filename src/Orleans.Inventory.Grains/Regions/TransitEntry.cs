namespace Orleans.Inventory.Grains.Regions;

/// <summary>The newest in-transit snapshot of one transfer; quantity 0 once it arrived (kept so an older one is ignored).</summary>
[GenerateSerializer, Immutable, Alias("inventory.region-transit-entry.v1")]
public sealed record TransitEntry(
    [property: Id(0)] long Version,
    [property: Id(1)] long Quantity,
    [property: Id(2)] long Tick) : IRegionEntry
{
    bool IRegionEntry.Finished => Quantity == 0;
}
