namespace Orleans.Inventory.Regions;

/// <summary>One warehouse's part of a regional total.</summary>
[GenerateSerializer, Immutable, Alias("inventory.warehouse-stock.v1")]
public sealed record WarehouseStock(
    [property: Id(0)] string WarehouseId,
    [property: Id(1)] long AvailableQuantity,
    [property: Id(2)] long ReservedQuantity,
    [property: Id(3)] long OnHandQuantity,
    [property: Id(4)] long Sequence);
