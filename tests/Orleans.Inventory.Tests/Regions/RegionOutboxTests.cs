using Orleans.Inventory.Grains.Regions;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Regions.Snapshots;

namespace Orleans.Inventory.Tests.Regions;

/// <summary>A region grain that died after committing a crossing but before publishing it publishes it on activation.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RegionOutboxTests(InventoryClusterFixture fixture)
{
    [Fact]
    public async Task NotificationsLeftInTheStoredOutboxArePublishedOnActivationAndOnlyOnce()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = fixture.Grains.GetGrain<IRegionGrain>(regionId);
        var pending = new Notification($"low_stock:{regionId}:{product}:1", NotificationType.LowStock, Infrastructure.Events.T0, regionId, "w1",
            product, null, 3, 10, "pending since the silo died");
        var stored = new RegionProduct
        {
            Warehouses = { ["w1"] = new WarehouseEntry(7, 3, 0, 3, Departed: false, Tick: 1) },
            Low = true,
            Crossings = 1,
            ActiveAlert = pending,
            Tick = 1,
        };
        // What storage holds after a silo died between the region's write (product, alert and outbox rows in one
        // transaction) and the publication.
        await fixture.SiloService<RegionStore>().CommitAsync(regionId, product, null, stored, pending);
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);

        var stock = await region.GetProductAsync(product);
        await recorder.WaitForAsync(received => received.Any(n => n.Id == pending.Id));
        await fixture.Cluster.DeactivateAsync(region);
        await region.ApplyAsync(Snap(regionId, product, "w1", 7, 3));
        var alerts = await region.GetActiveAlertsAsync();
        await recorder.FenceAsync();

        Assert.True(stock.LowStock);
        Assert.Equal(3, stock.AvailableQuantity);
        Assert.Equal([pending], recorder.Received.Where(n => n.RegionId == regionId));
        Assert.Equal([pending], alerts);
        Assert.Empty(await fixture.SiloService<RegionStore>().PendingNotificationsAsync(regionId, 10));
    }
}
