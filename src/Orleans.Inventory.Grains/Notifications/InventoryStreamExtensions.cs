using Orleans.Inventory.Notifications;
using Orleans.Streams;

namespace Orleans.Inventory.Grains.Notifications;

/// <summary>Publishing on the project's streams from a grain.</summary>
internal static class InventoryStreamExtensions
{
    public static async Task PublishNotificationsAsync(this Grain grain, IEnumerable<Notification> notifications)
    {
        var stream = grain.GetStreamProvider(InventoryStreams.ProviderName).GetStream<Notification>(InventoryStreams.NotificationNamespace, InventoryStreams.AllKey);
        foreach (var notification in notifications)
        {
            await stream.OnNextAsync(notification);
        }
    }

    /// <summary>Publishes on the record's own stock-change stream (<see cref="InventoryStreams.StockChangeKey"/>).</summary>
    public static Task PublishStockChangeAsync(this Grain grain, StockChange change) =>
        grain.GetStreamProvider(InventoryStreams.ProviderName)
            .GetStream<StockChange>(InventoryStreams.StockChangeNamespace, InventoryStreams.StockChangeKey(new StockKey(change.Stock.WarehouseId, change.Stock.ProductId)))
            .OnNextAsync(change);
}
