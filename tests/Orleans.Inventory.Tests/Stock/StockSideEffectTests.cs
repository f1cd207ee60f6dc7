using System.Collections.Concurrent;
using Orleans.Inventory.Events;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Streams;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Stock;

/// <summary>What a stock grain tells others after a commit: discrepancy alerts, live stock changes, transfer moves.</summary>
[Collection(ClusterCollection.Name)]
public sealed class StockSideEffectTests(InventoryClusterFixture fixture)
{
    private async Task<ConcurrentQueue<T>> SubscribeAsync<T>(string streamNamespace, string key)
    {
        var received = new ConcurrentQueue<T>();
        var stream = fixture.Cluster.Client.GetStreamProvider(InventoryStreams.ProviderName).GetStream<T>(streamNamespace, key);
        await stream.SubscribeAsync((item, _) =>
        {
            received.Enqueue(item);
            return Task.CompletedTask;
        });
        return received;
    }

    [Fact]
    public async Task ARemovalBeyondOnHandPublishesOneDiscrepancyNotificationPerShortfall()
    {
        var notifications = await SubscribeAsync<Notification>(InventoryStreams.NotificationNamespace, InventoryStreams.AllKey);
        var key = await fixture.NewKeyAsync("region-discrepancy");
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 2, T0));

        var removal = Removed(key, 5, T0.AddMinutes(1));
        var result = await grain.ApplyOneAsync(removal);
        await grain.ApplyOneAsync(removal);

        var ours = await Eventually.WaitForAsync(
            () => Task.FromResult(notifications.Where(n => n.ProductId == key.ProductId && n.Type == NotificationType.StockDiscrepancy).ToList()),
            found => found.Count >= 1, what: "a discrepancy notification");
        var notice = Assert.Single(ours);
        Assert.Equal(3, notice.Quantity);
        Assert.Equal("region-discrepancy", notice.RegionId);
        Assert.Equal($"stock_discrepancy:{key}#{result.Sequence}", notice.Id);
    }

    [Fact]
    public async Task EachCommittedChangePublishesTheRecordAsItStands()
    {
        var key = await fixture.NewKeyAsync("region-live");
        var changes = await SubscribeAsync<StockChange>(InventoryStreams.StockChangeNamespace, InventoryStreams.StockChangeKey(key));

        await fixture.Grains.Stock(key).ApplyAsync([Added(key, 4, T0), Added(key, 1, T0.AddMinutes(1))]);

        var seen = await Eventually.WaitForAsync(
            () => Task.FromResult(changes.Where(c => c.Stock.ProductId == key.ProductId).ToList()), found => found.Count >= 1, what: "a stock change");
        Assert.Equal(5, seen[^1].Stock.AvailableQuantity);
        Assert.Equal("region-live", seen[^1].RegionId);
        Assert.Equal(2, seen[^1].Sequence);
    }

    [Fact]
    public async Task ATransferMovesUnitsOutOfTheSourceAndIntoTheDestination()
    {
        var source = await fixture.NewKeyAsync();
        var destination = await fixture.RegisterAsync(source with { WarehouseId = $"dst-{Guid.NewGuid():N}"[..20] });
        await fixture.Grains.Stock(source).ApplyOneAsync(Added(source, 10, T0));
        var shipped = new InventoryEvent("ship-1", InventoryEventType.TransferShipped, source.ProductId, source.WarehouseId, 4, T0.AddHours(1),
            "wms", "TR-1", null, destination.WarehouseId, T0.AddHours(5));
        var received = new InventoryEvent("recv-1", InventoryEventType.TransferReceived, destination.ProductId, destination.WarehouseId, 4,
            T0.AddHours(4), "wms", "TR-1");

        var atSource = await fixture.Grains.Stock(source).ApplyOneAsync(shipped);
        var atDestination = await fixture.Grains.Stock(destination).ApplyOneAsync(received);

        Assert.Equal(EventOutcome.Applied, atSource.Outcome);
        Assert.Equal(6, atSource.Stock.OnHandQuantity);
        Assert.Equal(EventOutcome.Applied, atDestination.Outcome);
        Assert.Equal(4, atDestination.Stock.OnHandQuantity);
    }
}
