using Orleans.Concurrency;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Security;

namespace Orleans.Inventory.Regions;

/// <summary>
/// One region's totals per product (key: region id), derived from its stock grains' versioned snapshots, and the
/// low-stock / recovered notifications they cross into: exactly one per crossing, with hysteresis. A region holds any
/// number of products: each is stored on its own and read on demand, and a write costs what changed.
/// </summary>
public interface IRegionGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a batch of snapshots; older or repeated ones (by sequence) change nothing. Answers once they are durable.
    /// Interleaves: snapshots that arrive while a write is in flight are committed together in the next one.
    /// </summary>
    [AlwaysInterleave]
    [CallerCheck]
    Task ApplySnapshotsAsync(IReadOnlyList<StockSnapshot> snapshots);

    /// <summary>
    /// Applies snapshots of many stock records (a silo's feed) and answers what became of each, in order: one refused
    /// or not stored fails only itself. Answers once every stored one is durable. Interleaves like
    /// <see cref="ApplySnapshotsAsync"/>. The snapshots are not copied between grains of one silo: the caller must not
    /// change <paramref name="snapshots"/> after the call.
    /// </summary>
    [AlwaysInterleave]
    [CallerCheck]
    Task<IReadOnlyList<SnapshotOutcome>> FeedAsync([Immutable] IReadOnlyList<StockSnapshot> snapshots);

    /// <summary>Applies a batch of in-transit snapshots; older or repeated ones (by version) change nothing.</summary>
    [CallerCheck]
    Task ApplyTransitAsync(IReadOnlyList<TransitSnapshot> snapshots);

    /// <summary>A product's regional stock; read-only, so reads of products not in memory run side by side.</summary>
    [ReadOnly]
    Task<RegionStock> GetProductAsync(string productId);

    /// <summary>
    /// Sets a product's low-stock threshold and recovery level (an invalid pair is an <see cref="ArgumentException"/>)
    /// and evaluates the product again: a new threshold can itself cross. Answers the product's regional stock.
    /// </summary>
    [CallerCheck(CallerRoles.Manager)]
    Task<RegionStock> SetThresholdAsync(string productId, StockThreshold threshold);

    /// <summary>
    /// The region's active alerts (products now low), newest first: at most <c>Inventory:Regions:MaxAlertsListed</c>
    /// (100 by default), so a region with more low products answers its newest only; use
    /// <see cref="ListActiveAlertsAsync"/> to learn whether the list was cut.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<Notification>> GetActiveAlertsAsync();

    /// <summary>
    /// The newest <paramref name="limit"/> active alerts (1 to <c>Inventory:Regions:MaxAlertsListed</c>; a larger limit
    /// is lowered to it) after the cursor <paramref name="after"/> (the <see cref="RegionAlertPage.Next"/> of the page
    /// before; null for the first), newest first, saying whether more are active. Reads alert rows only, never the
    /// catalog, so a region with any number of low products is listed page by page.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="after"/> is not a cursor this region made.</exception>
    [ReadOnly]
    Task<RegionAlertPage> ListActiveAlertsAsync(int limit, string? after = null);
}
