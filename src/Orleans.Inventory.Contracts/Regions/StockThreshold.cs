namespace Orleans.Inventory.Regions;

/// <summary>
/// When a product runs low in a region: <c>low_stock</c> when regional available falls to or below
/// <see cref="LowStockThreshold"/>, <c>stock_recovered</c> when it climbs back to <see cref="RecoveryLevel"/> or above.
/// The gap between the two is the hysteresis that keeps an alert from flapping.
/// </summary>
[GenerateSerializer, Immutable, Alias("inventory.stock-threshold.v1")]
public sealed record StockThreshold(
    [property: Id(0)] long LowStockThreshold,
    [property: Id(1)] long RecoveryLevel);
