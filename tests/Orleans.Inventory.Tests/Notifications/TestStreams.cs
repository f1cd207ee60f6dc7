using Orleans.Inventory.Notifications;
using Orleans.Streams;

namespace Orleans.Inventory.Tests.Notifications;

/// <summary>Publishes test items on the project's streams through a cluster client, as grains will.</summary>
public static class TestStreams
{
    public static Task PublishAsync(this IClusterClient client, Notification notification) =>
        client.GetStreamProvider(InventoryStreams.ProviderName)
            .GetStream<Notification>(InventoryStreams.NotificationNamespace, InventoryStreams.AllKey).OnNextAsync(notification);

    public static Task PublishAsync(this IClusterClient client, StockChange change) =>
        client.GetStreamProvider(InventoryStreams.ProviderName)
            .GetStream<StockChange>(InventoryStreams.StockChangeNamespace, InventoryStreams.StockChangeKey(new StockKey(change.Stock.WarehouseId, change.Stock.ProductId)))
            .OnNextAsync(change);

    public static Notification Notify(
        NotificationType type, DateTimeOffset occurredAt, string? regionId = null, string? warehouseId = null, string? productId = null, long quantity = 3) =>
        new($"n-{Guid.NewGuid():N}", type, occurredAt, regionId, warehouseId, productId, null, quantity, 10, $"test {type}");

    public static StockChange Change(StockKey key, string? regionId, long sequence, long available = 5) =>
        new(new StockRecord(key.ProductId, key.WarehouseId, available, 0, DateTimeOffset.UtcNow, sequence, available, 0),
            sequence, regionId, DateTimeOffset.UtcNow);
}
