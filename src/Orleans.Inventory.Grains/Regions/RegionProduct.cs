using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// One product in a region: the newest snapshot per warehouse, transfers on the way, its threshold and alert state.
/// Stored as one row of the region table (<see cref="RegionRows"/>); bounded by the per-product caps of
/// <see cref="RegionOptions"/>.
/// </summary>
[GenerateSerializer, Alias("inventory.region-product.v1")]
public sealed class RegionProduct
{
    [Id(0)] public Dictionary<string, WarehouseEntry> Warehouses { get; set; } = new(StringComparer.Ordinal);

    [Id(1)] public Dictionary<string, TransitEntry> Transfers { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Null: the configured defaults apply.</summary>
    [Id(2)] public StockThreshold? Threshold { get; set; }

    [Id(3)] public bool Low { get; set; }

    /// <summary>How many times the product crossed (low or recovered); numbers its notifications.</summary>
    [Id(4)] public long Crossings { get; set; }

    /// <summary>The <c>low_stock</c> notification while <see cref="Low"/>.</summary>
    [Id(5)] public Notification? ActiveAlert { get; set; }

    /// <summary>A logical clock of this product, advanced by every accepted change: orders its entries for eviction.</summary>
    [Id(6)] public long Tick { get; set; }

    public long Available => Warehouses.Values.Where(entry => !entry.Departed).Sum(entry => entry.AvailableQuantity);

    /// <summary>Entries are immutable records, so copying the dictionaries copies the product.</summary>
    public RegionProduct Clone() => new()
    {
        Warehouses = new(Warehouses, StringComparer.Ordinal),
        Transfers = new(Transfers, StringComparer.Ordinal),
        Threshold = Threshold,
        Low = Low,
        Crossings = Crossings,
        ActiveAlert = ActiveAlert,
        Tick = Tick,
    };
}
