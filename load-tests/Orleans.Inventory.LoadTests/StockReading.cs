namespace Orleans.Inventory.LoadTests;

/// <summary>The fields of <c>GET /api/stock/{warehouse_id}/{product_id}</c> the benchmark judges visibility by.</summary>
internal readonly record struct StockReading(long Version, long OnHand, long Reserved = 0);
