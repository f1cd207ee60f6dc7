namespace Orleans.Inventory.Client;

/// <summary>A product's stock at every warehouse that holds a record of it, and the totals.</summary>
/// <param name="ProductId">The product.</param>
/// <param name="Warehouses">One record per warehouse that has ever held the product.</param>
/// <param name="AvailableQuantity">Sum of available over the warehouses.</param>
/// <param name="ReservedQuantity">Sum of reserved over the warehouses.</param>
/// <param name="OnHandQuantity">Sum of on hand over the warehouses.</param>
/// <param name="DiscrepancyQuantity">Sum of unsettled discrepancies over the warehouses.</param>
public sealed record ProductStock(
    string ProductId,
    IReadOnlyList<StockRecord> Warehouses,
    long AvailableQuantity,
    long ReservedQuantity,
    long OnHandQuantity,
    long DiscrepancyQuantity);
