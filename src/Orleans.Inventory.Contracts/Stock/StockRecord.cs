namespace Orleans.Inventory;

/// <summary>The stock of one product at one warehouse, as clients see it.</summary>
/// <param name="AvailableQuantity">On hand and not promised to anyone; never negative.</param>
/// <param name="ReservedQuantity">On hand and promised (reserved for orders); never negative.</param>
/// <param name="LastUpdated">The newest event time among the changes applied; null before the first.</param>
/// <param name="Version">How many changes this record has applied (in its own delivery order).</param>
/// <param name="OnHandQuantity">Available + reserved.</param>
/// <param name="DiscrepancyQuantity">
/// Units the books say left or are promised but the record could not cover (a removal larger than on hand):
/// kept here, never as a negative counter, until a count or receipt settles it.
/// </param>
[GenerateSerializer, Immutable, Alias("inventory.stock-record.v1")]
public sealed record StockRecord(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string WarehouseId,
    [property: Id(2)] long AvailableQuantity,
    [property: Id(3)] long ReservedQuantity,
    [property: Id(4)] DateTimeOffset? LastUpdated,
    [property: Id(5)] long Version,
    [property: Id(6)] long OnHandQuantity,
    [property: Id(7)] long DiscrepancyQuantity)
{
    public static StockRecord Empty(StockKey key) => new(key.ProductId, key.WarehouseId, 0, 0, null, 0, 0, 0);
}
