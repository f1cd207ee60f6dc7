namespace Orleans.Inventory.Regions;

/// <summary>
/// A stock record's quantities at one ledger sequence, sent by its stock grain to its region grain. Absolute and
/// versioned: the region keeps the highest <see cref="Sequence"/> per product at warehouse, so a lost, repeated or
/// reordered snapshot cannot skew a total for good (the next one corrects it).
/// </summary>
/// <param name="RegionId">The region the stock grain believes the warehouse is in; empty when it was removed from it.</param>
[GenerateSerializer, Immutable, Alias("inventory.stock-snapshot.v1")]
public sealed record StockSnapshot(
    [property: Id(0)] string RegionId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] string WarehouseId,
    [property: Id(3)] long Sequence,
    [property: Id(4)] long AvailableQuantity,
    [property: Id(5)] long ReservedQuantity,
    [property: Id(6)] long OnHandQuantity,
    [property: Id(7)] DateTimeOffset RecordedAt,
    [property: Id(8)] string? TraceParent = null);
