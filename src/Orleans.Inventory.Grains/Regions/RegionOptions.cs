using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>Default low-stock thresholds and the bounds of a region grain's state. Bound from <c>Inventory:Regions</c>.</summary>
public sealed class RegionOptions
{
    public const string SectionName = "Inventory:Regions";

    /// <summary>A product without its own threshold is low at or below this regional available quantity.</summary>
    public long DefaultLowStockThreshold { get; set; } = 10;

    /// <summary>A low product without its own threshold recovers at or above this; greater than the threshold.</summary>
    public long DefaultRecoveryLevel { get; set; } = 20;

    /// <summary>Products one region grain tracks; a snapshot or threshold for one more is refused with an error.</summary>
    public int MaxProducts { get; set; } = 2000;

    /// <summary>
    /// Warehouse entries per product, departed ones included. When full, the departed entry changed longest ago is
    /// forgotten; when none departed, a snapshot for one more warehouse is refused with an error.
    /// </summary>
    public int MaxWarehousesPerProduct { get; set; } = 64;

    /// <summary>
    /// Transfer entries per product, arrived ones included. When full, the arrived entry changed longest ago is
    /// forgotten; when none arrived, a transfer for one more is refused with an error.
    /// </summary>
    public int MaxTransfersPerProduct { get; set; } = 64;

    /// <summary>Committed notifications not yet published; while this many wait, new snapshots are refused.</summary>
    public int MaxPendingNotifications { get; set; } = 256;

    public StockThreshold DefaultThreshold => new(DefaultLowStockThreshold, DefaultRecoveryLevel);
}
