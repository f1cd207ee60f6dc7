namespace Orleans.Inventory.Grains.Stock;

/// <summary>How a stock grain bounds what it remembers. Bound from <c>Inventory:Stock</c>.</summary>
public sealed class StockOptions
{
    public const string SectionName = "Inventory:Stock";

    /// <summary>
    /// Events whose time is this far behind the newest event the grain has seen are rejected as <c>too_late</c>
    /// (dead-lettered, never dropped). Measured against event time, not the wall clock, so replay decides alike.
    /// </summary>
    public TimeSpan LatenessHorizon { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How many recent decisions the grain's persisted state keeps (what a new activation remembers at once). The
    /// state row is written with every commit, so this is kept small; older decisions are found in the ledger by one
    /// point read of the event-id index, so this bounds state size, not correctness.
    /// </summary>
    public int RecentEventCapacity { get; set; } = 32;

    /// <summary>
    /// How many recent decisions an activation keeps in memory (at least <see cref="RecentEventCapacity"/>): a hot
    /// record's late and redelivered events are decided without a ledger read as long as they are this recent. Only
    /// records that see this many events fill it (about 40 bytes each); past it the oldest quarter is dropped at once.
    /// </summary>
    public int RecentMemoryCapacity { get; set; } = 4096;

    /// <summary>How long a stock grain trusts what it read from the warehouse registry (region moves take this long).</summary>
    public TimeSpan WarehouseCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most ledger entries one commit carries (packed into one ledger row with the state row, one time-index row
    /// per minute of event time and one event-id row per event, in one table transaction of at most 100). Events that
    /// arrive while a commit is in flight join the next one up to this many.
    /// </summary>
    public int MaxEventsPerWrite { get; set; } = 96;

    /// <summary>Partitions per warehouse in the stock table: more spreads load (Azure serves 2,000 entities/s per
    /// partition), fewer packs more records' commits into each transaction. Changing it moves every record: set once.</summary>
    public int ShardsPerWarehouse { get; set; } = 8;

    /// <summary>
    /// How often the durable reminder wakes a grain whose derived effects (region, live feed, notifications, transfer
    /// reports, dead letters) still wait after it deactivated; while the grain is active a timer retries sooner.
    /// </summary>
    public TimeSpan DerivedRetryPeriod { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Warning 1008 (at most one line per <c>WarningGate.Period</c> for the silo) when more derived effects than this
    /// (notifications, transfer reports, dead letters) wait in one stock record: its consumers are failing or slow, and
    /// at <c>StockGrain.MaxPendingDerived</c> the oldest notifications are dropped.
    /// </summary>
    public int DerivedBacklogWarning { get; set; } = 128;

    /// <summary>The most ledger entries one query (an event-time range, an <c>as_of</c>) may read.</summary>
    public int MaxLedgerScan { get; set; } = 10_000;

    /// <summary>
    /// Most ledger entries one <c>ledger/verify</c> call checks; a longer ledger answers where to continue
    /// (<see cref="Orleans.Inventory.Ledger.LedgerVerification.NextAfter"/>).
    /// </summary>
    public int MaxLedgerVerify { get; set; } = 100_000;
}
