namespace Orleans.Inventory.Regions;

/// <summary>A product's stock across a region: totals, in transit to it, the breakdown and the alert state.</summary>
[GenerateSerializer, Immutable, Alias("inventory.region-stock.v1")]
public sealed record RegionStock(
    [property: Id(0)] string RegionId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] long AvailableQuantity,
    [property: Id(3)] long ReservedQuantity,
    [property: Id(4)] long OnHandQuantity,
    [property: Id(5)] long InTransitQuantity,
    [property: Id(6)] IReadOnlyList<WarehouseStock> Warehouses,
    [property: Id(7)] StockThreshold Threshold,
    [property: Id(8)] bool LowStock);
