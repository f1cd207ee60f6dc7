using Orleans.Inventory.Events;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Products;
using Orleans.Inventory.Reservations;
using Orleans.Streams;

namespace Orleans.Inventory.Client;

/// <summary>The <see cref="IInventoryClient"/> over an Orleans cluster client.</summary>
internal sealed class InventoryClient(IClusterClient cluster) : IInventoryClient
{
    public ValueTask<StockRecord> GetStockAsync(StockKey key) => Stock(key).GetAsync();

    public async Task<ProductStock> GetProductStockAsync(string productId)
    {
        CheckId(productId, nameof(productId));
        var warehouses = await cluster.GetGrain<IProductIndexGrain>(productId).GetWarehousesAsync();
        var records = await Task.WhenAll(warehouses.Select(warehouseId => Stock(new StockKey(warehouseId, productId)).GetAsync().AsTask()));
        return new ProductStock(productId, records,
            records.Sum(r => r.AvailableQuantity), records.Sum(r => r.ReservedQuantity),
            records.Sum(r => r.OnHandQuantity), records.Sum(r => r.DiscrepancyQuantity));
    }

    public async Task<IReadOnlyList<EventResult>> ApplyAsync(IReadOnlyList<InventoryEvent> events)
    {
        foreach (var e in events)
        {
            CheckId(e.WarehouseId, "events.WarehouseId");
            CheckId(e.ProductId, "events.ProductId");
        }

        var results = new EventResult[events.Count];
        var groups = events.Select((e, index) => (Event: e, Index: index)).GroupBy(x => x.Event.Key);
        await Task.WhenAll(groups.Select(async group =>
        {
            var outcomes = await Stock(group.Key).ApplyAsync([.. group.Select(x => x.Event)]);
            foreach (var (x, outcome) in group.Zip(outcomes))
            {
                results[x.Index] = outcome;
            }
        }));
        return results;
    }

    public Task<StockRecord> GetStockAsOfAsync(StockKey key, DateTimeOffset asOf) => Stock(key).GetAsOfAsync(asOf);

    public Task<ReservationResult> ReserveAsync(StockKey key, ReservationRequest request)
    {
        CheckId(request.ReservationId, "request.ReservationId");
        return Stock(key).ReserveAsync(request);
    }

    public Task<ReservationResult> ReleaseReservationAsync(StockKey key, string reservationId)
    {
        CheckId(reservationId, nameof(reservationId));
        return Stock(key).ReleaseReservationAsync(reservationId);
    }

    public Task<ReservationResult> CommitReservationAsync(StockKey key, string reservationId)
    {
        CheckId(reservationId, nameof(reservationId));
        return Stock(key).CommitReservationAsync(reservationId);
    }

    public Task<ReservationResult> GetReservationAsync(StockKey key, string reservationId)
    {
        CheckId(reservationId, nameof(reservationId));
        return Stock(key).GetReservationAsync(reservationId);
    }

    public Task<InventorySubscription<Notification>> SubscribeNotificationsAsync() =>
        InventorySubscription<Notification>.StartAsync(
            [cluster.GetStreamProvider(InventoryStreams.ProviderName).GetStream<Notification>(InventoryStreams.NotificationNamespace, InventoryStreams.AllKey)]);

    public Task<InventorySubscription<StockChange>> SubscribeStockChangesAsync() =>
        InventorySubscription<StockChange>.StartAsync(
            [.. InventoryStreams.StockChangeKeys.Select(key =>
                cluster.GetStreamProvider(InventoryStreams.ProviderName).GetStream<StockChange>(InventoryStreams.StockChangeNamespace, key))]);

    private IStockGrain Stock(StockKey key)
    {
        CheckId(key.WarehouseId, "key.WarehouseId");
        CheckId(key.ProductId, "key.ProductId");
        return cluster.GetGrain<IStockGrain>(key.GrainKey);
    }

    private static void CheckId(string id, string name)
    {
        if (!IdRules.IsValid(id))
        {
            throw new ArgumentException($"'{id}' is not a valid id: 1 to {IdRules.MaxLength} of {IdRules.Alphabet}.", name);
        }
    }
}
