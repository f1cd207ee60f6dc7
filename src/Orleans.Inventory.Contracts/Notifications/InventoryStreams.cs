namespace Orleans.Inventory.Notifications;

/// <summary>
/// The Orleans streams the system publishes on. One provider (configured under <c>Orleans:Streaming</c> with this
/// name). Notifications (rare) on one stream, key <see cref="AllKey"/>; stock changes (one per committed change of any
/// record) spread over <see cref="StockChangeShards"/> streams by record (<see cref="StockChangeKey"/>), so no single
/// stream carries the whole cluster's write rate; a subscriber to all stock changes subscribes to every
/// <see cref="StockChangeKeys"/>. Consumed by the
/// notification history, the live-push hub and client subscriptions.
/// </summary>
public static class InventoryStreams
{
    public const string ProviderName = "notifications";

    public const string NotificationNamespace = "inventory-notifications";

    public const string StockChangeNamespace = "inventory-stock-changes";

    public const string AllKey = "all";

    /// <summary>How many streams carry stock changes; changing it moves records between streams (set once).</summary>
    public const int StockChangeShards = 16;

    /// <summary>Every stock-change stream key.</summary>
    public static IReadOnlyList<string> StockChangeKeys { get; } = [.. Enumerable.Range(0, StockChangeShards).Select(i => $"stock-{i:D2}")];

    /// <summary>The stream that carries one record's changes (a stable hash of its key), so a record's changes stay in order.</summary>
    public static string StockChangeKey(StockKey key) =>
        StockChangeKeys[(int)(System.IO.Hashing.XxHash32.HashToUInt32(System.Text.Encoding.UTF8.GetBytes(key.GrainKey)) % StockChangeShards)];
}
