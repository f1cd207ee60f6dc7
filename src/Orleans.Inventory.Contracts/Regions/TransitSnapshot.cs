namespace Orleans.Inventory.Regions;

/// <summary>Units of a transfer on the road to a warehouse of the region; 0 once received. Versioned like <see cref="StockSnapshot"/>.</summary>
[GenerateSerializer, Immutable, Alias("inventory.transit-snapshot.v1")]
public sealed record TransitSnapshot(
    [property: Id(0)] string TransferId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] string DestinationWarehouseId,
    [property: Id(3)] long Quantity,
    [property: Id(4)] long Version);
