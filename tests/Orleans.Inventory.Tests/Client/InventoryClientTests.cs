using Orleans.Inventory.Client;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Reservations;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Tests.Notifications;
using Orleans.Inventory.Warehouses;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Client;

/// <summary>The client library against the silo host over a real TCP gateway.</summary>
[Collection(GatewayClusterCollection.Name)]
public sealed class InventoryClientTests(GatewayClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private IInventoryClient Inventory => fixture.Inventory;

    private async Task<StockKey> RegisterAsync(StockKey key)
    {
        await fixture.ClientSide.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key)
            .PutAsync(new WarehouseInfo(key.WarehouseId, "client-region", $"Test {key.WarehouseId}"));
        return key;
    }

    [Fact]
    public async Task EventsAppliedThroughTheClientShowInStockAndInTheProductAcrossWarehouses()
    {
        var first = await RegisterAsync(FreshKey());
        var second = await RegisterAsync(new StockKey(FreshKey().WarehouseId, first.ProductId));
        var events = new[]
        {
            Added(first, 10, T0),
            Added(second, 4, T0),
            Removed(first, 3, T0.AddHours(1)),
        };

        var results = await Inventory.ApplyAsync(events);
        var again = await Inventory.ApplyAsync(events);
        var stock = await Inventory.GetStockAsync(first);
        // The product view reads the product index, which is derived work carried out after the commit.
        var product = await Eventually.WaitForAsync(
            () => Inventory.GetProductStockAsync(first.ProductId), found => found.Warehouses.Count == 2, Deadline, "both warehouses in the product view");

        Assert.Equal(events.Select(e => e.EventId), results.Select(r => r.EventId));
        Assert.All(results, r => Assert.Equal(EventOutcome.Applied, r.Outcome));
        Assert.All(again, r => Assert.Equal(EventOutcome.Duplicate, r.Outcome));
        Assert.Equal(7, results[2].Stock.AvailableQuantity);
        Assert.Equal(7, stock.AvailableQuantity);
        Assert.Equal(2, stock.Version);
        Assert.Equal(11, product.AvailableQuantity);
        Assert.Equal(new[] { first.WarehouseId, second.WarehouseId }.Order(StringComparer.Ordinal), product.Warehouses.Select(w => w.WarehouseId).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task TwoHundredConcurrentReservationsOfOneAgainstOneHundredGrantExactlyOneHundredThroughTheClientLibrary()
    {
        var key = await RegisterAsync(FreshKey());
        await Inventory.ApplyAsync([Added(key, 100, T0)]);

        var results = await Task.WhenAll(Enumerable.Range(0, 200)
            .Select(i => Inventory.ReserveAsync(key, new ReservationRequest($"lib-{i}", 1))));

        Assert.Equal(100, results.Count(r => r.State == ReservationState.Active));
        Assert.Equal(100, results.Count(r => r.State == ReservationState.Refused));
        var stock = await Inventory.GetStockAsync(key);
        Assert.Equal(0, stock.AvailableQuantity);
        Assert.Equal(100, stock.ReservedQuantity);
    }

    [Fact]
    public async Task AReservationIsHeldCommittedAndRefusedBeyondAvailableThroughTheClient()
    {
        var key = await RegisterAsync(FreshKey());
        await Inventory.ApplyAsync([Added(key, 10, T0)]);
        var (held, released) = ($"r-{Guid.NewGuid():N}", $"r-{Guid.NewGuid():N}");

        var reserved = await Inventory.ReserveAsync(key, new ReservationRequest(held, 6));
        var repeated = await Inventory.ReserveAsync(key, new ReservationRequest(held, 6));
        var refused = await Inventory.ReserveAsync(key, new ReservationRequest($"r-{Guid.NewGuid():N}", 5));
        var second = await Inventory.ReserveAsync(key, new ReservationRequest(released, 3));
        var release = await Inventory.ReleaseReservationAsync(key, released);
        var commit = await Inventory.CommitReservationAsync(key, held);
        var looked = await Inventory.GetReservationAsync(key, held);
        var stock = await Inventory.GetStockAsync(key);

        Assert.Equal(ReservationState.Active, reserved.State);
        Assert.Equal(4, reserved.Stock.AvailableQuantity);
        Assert.Equal(6, reserved.Stock.ReservedQuantity);
        Assert.Equal(ReservationState.Active, repeated.State);
        Assert.Equal(4, repeated.Stock.AvailableQuantity);
        Assert.Equal(ReservationState.Refused, refused.State);
        Assert.NotNull(refused.Reason);
        Assert.Equal(ReservationState.Active, second.State);
        Assert.Equal(ReservationState.Released, release.State);
        Assert.Equal(ReservationState.Committed, commit.State);
        Assert.Equal(ReservationState.Committed, looked.State);
        Assert.Equal(4, stock.AvailableQuantity);
        Assert.Equal(0, stock.ReservedQuantity);
        Assert.Equal(4, stock.OnHandQuantity);
        Assert.Equal(ReservationState.NotFound, (await Inventory.GetReservationAsync(key, "r-never")).State);
    }

    [Fact]
    public async Task AnInvalidKeyIsRefusedBeforeItReachesTheCluster()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Inventory.GetStockAsync(new StockKey("a/b", "SKU")).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => Inventory.GetProductStockAsync(""));
    }

    [Fact]
    public async Task ASubscriberReceivesNotificationsPublishedInTheCluster()
    {
        await using var subscription = await Inventory.SubscribeNotificationsAsync();
        var alert = TestStreams.Notify(NotificationType.DelayedShipment, DateTimeOffset.UtcNow, "client-region", productId: $"P-{Guid.NewGuid():N}");

        // Published by the silo's own client, as grains publish: it crosses the gateway to the subscriber.
        await fixture.SiloSide.PublishAsync(alert);
        using var timeout = new CancellationTokenSource(Deadline);
        Notification? received = null;
        await foreach (var notification in subscription.WithCancellation(timeout.Token))
        {
            if (notification.Id == alert.Id)
            {
                received = notification;
                break;
            }
        }

        Assert.Equal(alert, received);
    }

    [Fact]
    public async Task ASubscriberReceivesStockChangesUntilItIsDisposed()
    {
        var key = FreshKey();
        var subscription = await Inventory.SubscribeStockChangesAsync();

        await fixture.SiloSide.PublishAsync(TestStreams.Change(key, "client-region", sequence: 1, available: 9));
        using var timeout = new CancellationTokenSource(Deadline);
        var enumerator = subscription.GetAsyncEnumerator(timeout.Token);
        StockChange? received = null;
        while (received is null && await enumerator.MoveNextAsync())
        {
            received = enumerator.Current.Stock.ProductId == key.ProductId ? enumerator.Current : null;
        }

        await subscription.DisposeAsync();

        Assert.Equal(9, received?.Stock.AvailableQuantity);
        Assert.False(await enumerator.MoveNextAsync());
    }
}
