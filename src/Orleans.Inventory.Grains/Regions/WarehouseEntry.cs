namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// The newest snapshot a region holds for a product at a warehouse. <see cref="Departed"/>: the warehouse left the
/// region at <see cref="Sequence"/>; the entry is kept (without quantities) so an older snapshot cannot bring it back.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.region-warehouse-entry.v1")]
public sealed record WarehouseEntry(
    [property: Id(0)] long Sequence,
    [property: Id(1)] long AvailableQuantity,
    [property: Id(2)] long ReservedQuantity,
    [property: Id(3)] long OnHandQuantity,
    [property: Id(4)] bool Departed,
    [property: Id(5)] long Tick) : IRegionEntry
{
    bool IRegionEntry.Finished => Departed;
}
