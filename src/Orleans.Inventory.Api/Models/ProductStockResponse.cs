namespace Orleans.Inventory.Api.Models;

/// <summary>A product's stock at every warehouse that holds a record of it, and the totals.</summary>
public sealed record ProductStockResponse(
    string ProductId,
    IReadOnlyList<StockRecord> Warehouses,
    long AvailableQuantity,
    long ReservedQuantity,
    long OnHandQuantity,
    long DiscrepancyQuantity);
