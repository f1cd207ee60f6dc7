using System.IO.Hashing;
using System.Text;

namespace Orleans.Inventory.Notifications;

/// <summary>
/// The Orleans streams the system publishes on. One provider (configured under <c>Orleans:Streaming</c> with this
/// name). Notifications go on one stream (key <see cref="AllKey"/>): they are few, and the history keeps one order.
/// Stock changes, one per commit of every record in the cluster, are spread over <see cref="StockChangeShards"/>
/// streams (<see cref="StockChangeKeys"/>) so that no one stream carries the whole cluster's feed; a record's changes
/// are always on the same one, in order. Consumers (the live-push hub, client subscriptions) subscribe to all of them.
/// </summary>
public static class InventoryStreams
{
    public const string ProviderName = "notifications";

    public const string NotificationNamespace = "inventory-notifications";

    public const string StockChangeNamespace = "inventory-stock-changes";

    public const string AllKey = "all";

    /// <summary>How many streams carry stock changes. Changing it moves records between streams: consumers of an older
    /// count miss the shards they do not know, so publishers and consumers are deployed with the same value.</summary>
    public const int StockChangeShards = 16;

    /// <summary>The keys of the stock-change streams, <c>stock-0</c> to <c>stock-15</c>.</summary>
    public static IReadOnlyList<string> StockChangeKeys { get; } = [.. Enumerable.Range(0, StockChangeShards).Select(shard => $"stock-{shard}")];

    /// <summary>The stock-change stream of a record: a stable hash of its key (XxHash32, the same in every process).</summary>
    public static string StockChangeKey(StockKey key) =>
        StockChangeKeys[(int)(XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(key.GrainKey)) % StockChangeShards)];
}
