using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// Default low-stock thresholds and the bounds of a region grain. Bound from <c>Inventory:Regions</c>. A region holds
/// any number of products (one table row each); what is bounded is what one product, one write and the grain's memory
/// may hold.
/// </summary>
public sealed class RegionOptions
{
    public const string SectionName = "Inventory:Regions";

    /// <summary>A product without its own threshold is low at or below this regional available quantity.</summary>
    public long DefaultLowStockThreshold { get; set; } = 10;

    /// <summary>A low product without its own threshold recovers at or above this; greater than the threshold.</summary>
    public long DefaultRecoveryLevel { get; set; } = 20;

    /// <summary>
    /// Warehouse entries per product, departed ones included. When full, the departed entry changed longest ago is
    /// forgotten; when none departed, a snapshot for one more warehouse is refused with an error (that snapshot only).
    /// </summary>
    public int MaxWarehousesPerProduct { get; set; } = 64;

    /// <summary>
    /// Transfer entries per product, arrived ones included. When full, the arrived entry changed longest ago is
    /// forgotten; when none arrived, a transfer for one more is refused with an error.
    /// </summary>
    public int MaxTransfersPerProduct { get; set; } = 64;

    /// <summary>Committed notifications not yet published; while this many wait, new changes are refused.</summary>
    public int MaxPendingNotifications { get; set; } = 256;

    /// <summary>
    /// Products a region grain keeps in memory. Past it the least recently used (all are committed, so clean) are
    /// evicted and read again from their rows on demand; evictions are counted (<c>inventory.region.cache_evictions</c>)
    /// and the first is logged.
    /// </summary>
    public int CacheCapacity { get; set; } = 10_000;

    /// <summary>
    /// Snapshots waiting for the next write. Past it a call is refused at once (its stock grain retries later), so a
    /// region that storage cannot keep up with sheds load instead of growing its queue.
    /// </summary>
    public int MaxQueuedSnapshots { get; set; } = 100_000;

    /// <summary>Snapshots one write takes from the queue (before coalescing); the rest go in the next write.</summary>
    public int MaxSnapshotsPerWrite { get; set; } = 5_000;

    /// <summary>
    /// The least time between the starts of two calls of a silo's feed to one region (0 to 5 s). Snapshots that arrive
    /// meanwhile wait, and a product at a warehouse that changes again replaces its waiting snapshot, so a region
    /// writes a busy product's row once per interval rather than once per change. It adds at most this much to the
    /// time a change takes to reach its region's totals (issue 9 asks for p99 under 1 s).
    /// </summary>
    public TimeSpan FeedInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>The most active alerts one listing answers; <see cref="IRegionGrain.GetActiveAlertsAsync()"/> answers this many at most.</summary>
    public int MaxAlertsListed { get; set; } = 100;

    public StockThreshold DefaultThreshold => new(DefaultLowStockThreshold, DefaultRecoveryLevel);
}
