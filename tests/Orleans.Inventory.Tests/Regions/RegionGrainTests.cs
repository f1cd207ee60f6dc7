using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Regions.Snapshots;

namespace Orleans.Inventory.Tests.Regions;

/// <summary>The region grain on a real cluster: totals from versioned snapshots, and exactly one alert per crossing.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RegionGrainTests(InventoryClusterFixture fixture)
{
    private static readonly StockThreshold Threshold = new(10, 20);

    private IRegionGrain Region(string regionId) => fixture.Grains.GetGrain<IRegionGrain>(regionId);

    [Fact]
    public async Task TotalsAreTheNewestSnapshotOfEachWarehouseSummed()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = Region(regionId);

        await region.ApplyAsync(Snap(regionId, product, "w1", 1, 10, 2), Snap(regionId, product, "w2", 1, 7));
        await region.ApplyAsync(Snap(regionId, product, "w1", 2, 8, 3));
        var stock = await region.GetProductAsync(product);

        Assert.Equal(15, stock.AvailableQuantity);
        Assert.Equal(3, stock.ReservedQuantity);
        Assert.Equal(18, stock.OnHandQuantity);
        Assert.Equal([new WarehouseStock("w1", 8, 3, 11, 2), new WarehouseStock("w2", 7, 0, 7, 1)], stock.Warehouses);
    }

    [Fact]
    public async Task DuplicateStaleAndReorderedSnapshotsEndInTheNewestTotals()
    {
        var seed = Environment.GetEnvironmentVariable("INVENTORY_PROPERTY_SEED") is { } fixedSeed ? int.Parse(fixedSeed, System.Globalization.CultureInfo.InvariantCulture) : 20260216;
        Console.WriteLine($"{nameof(DuplicateStaleAndReorderedSnapshotsEndInTheNewestTotals)} seed {seed}");
        var random = new Random(seed);
        for (var round = 0; round < 20; round++)
        {
            var (regionId, product) = (FreshRegion(), FreshProduct());
            var warehouses = new[] { "w1", "w2", "w3" };
            var history = warehouses
                .SelectMany(w => Enumerable.Range(1, random.Next(1, 8)).Select(sequence => Snap(regionId, product, w, sequence, random.Next(0, 100), random.Next(0, 5))))
                .ToList();
            var newest = history.GroupBy(s => s.WarehouseId).Select(g => g.MaxBy(s => s.Sequence)!).ToList();
            // Every snapshot at least once, some twice, in random order and random batches.
            var delivery = history.Concat(history.Where(_ => random.Next(3) == 0)).OrderBy(_ => random.Next()).ToList();

            var region = Region(regionId);
            for (var i = 0; i < delivery.Count;)
            {
                var size = random.Next(1, 5);
                await region.ApplySnapshotsAsync([.. delivery.Skip(i).Take(size)]);
                i += size;
            }

            var stock = await region.GetProductAsync(product);
            Assert.True(newest.Sum(s => s.AvailableQuantity) == stock.AvailableQuantity, $"seed {seed}, round {round}: available");
            Assert.True(newest.Sum(s => s.ReservedQuantity) == stock.ReservedQuantity, $"seed {seed}, round {round}: reserved");
            Assert.Equal(newest.OrderBy(s => s.WarehouseId, StringComparer.Ordinal).Select(s => s.Sequence), stock.Warehouses.Select(w => w.Sequence));
        }
    }

    [Fact]
    public async Task AWarehouseThatMovesRegionLeavesTheOldTotalsAndAnOlderSnapshotCannotBringItBack()
    {
        var (north, south, product) = (FreshRegion(), FreshRegion(), FreshProduct());
        await Region(north).ApplyAsync(Snap(north, product, "w1", 3, 30), Snap(north, product, "w2", 1, 5));

        // The stock grain, now feeding south, tells north the warehouse left as of sequence 4.
        await Region(north).ApplyAsync(Snap(south, product, "w1", 4, 31));
        await Region(south).ApplyAsync(Snap(south, product, "w1", 4, 31));
        await Region(north).ApplyAsync(Snap(north, product, "w1", 3, 30));
        var northStock = await Region(north).GetProductAsync(product);
        var southStock = await Region(south).GetProductAsync(product);

        Assert.Equal(5, northStock.AvailableQuantity);
        Assert.Equal(["w2"], northStock.Warehouses.Select(w => w.WarehouseId));
        Assert.Equal(31, southStock.AvailableQuantity);

        // Moving back: north counts it again from its next snapshot.
        await Region(north).ApplyAsync(Snap(north, product, "w1", 5, 12));
        Assert.Equal(17, (await Region(north).GetProductAsync(product)).AvailableQuantity);
    }

    [Fact]
    public async Task InTransitIsTheNewestVersionOfEachTransferWhateverTheOrder()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = Region(regionId);

        await region.ApplyTransitAsync([new TransitSnapshot("t1", product, "w1", 10, 1), new TransitSnapshot("t2", product, "w1", 4, 1)]);
        await region.ApplyTransitAsync([new TransitSnapshot("t2", product, "w1", 0, 2), new TransitSnapshot("t1", product, "w1", 10, 1)]);
        // Arrival reported before departure: the older in-transit snapshot is ignored.
        await region.ApplyTransitAsync([new TransitSnapshot("t3", product, "w1", 0, 2)]);
        await region.ApplyTransitAsync([new TransitSnapshot("t3", product, "w1", 6, 1)]);

        Assert.Equal(10, (await region.GetProductAsync(product)).InTransitQuantity);
    }

    [Fact]
    public async Task AnAlertFiresOncePerCrossingUnderDuplicatesAndARestart()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = Region(regionId);
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);
        await region.SetThresholdAsync(product, Threshold);
        const string trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";

        await region.ApplyAsync(Snap(regionId, product, "w1", 1, 50));
        await region.ApplyAsync(Snap(regionId, product, "w1", 2, 5, traceParent: trace));
        await region.ApplyAsync(Snap(regionId, product, "w1", 2, 5), Snap(regionId, product, "w1", 1, 50));
        await fixture.Cluster.DeactivateAsync(region);
        await region.ApplyAsync(Snap(regionId, product, "w1", 2, 5));
        var lowAfterRestart = await region.GetProductAsync(product);
        await region.ApplyAsync(Snap(regionId, product, "w1", 3, 25));
        await region.ApplyAsync(Snap(regionId, product, "w1", 3, 25));
        await fixture.Cluster.DeactivateAsync(region);
        await region.ApplyAsync(Snap(regionId, product, "w1", 2, 5));
        await recorder.FenceAsync();

        var ours = recorder.Received.Where(n => n.RegionId == regionId).ToList();
        Assert.Equal([$"low_stock:{regionId}:{product}:1", $"stock_recovered:{regionId}:{product}:2"], ours.Select(n => n.Id));
        Assert.Equal([NotificationType.LowStock, NotificationType.StockRecovered], ours.Select(n => n.Type));
        Assert.Equal((5L, 10L, trace), (ours[0].Quantity, ours[0].Threshold!.Value, ours[0].TraceParent));
        Assert.Equal((25L, 20L), (ours[1].Quantity, ours[1].Threshold!.Value));
        Assert.Equal("w1", ours[0].WarehouseId);
        Assert.True(lowAfterRestart.LowStock);
        var final = await region.GetProductAsync(product);
        Assert.False(final.LowStock);
        Assert.Equal(25, final.AvailableQuantity);
    }

    [Fact]
    public async Task AvailableOscillatingBetweenThresholdAndRecoveryLevelDoesNotFlap()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = Region(regionId);
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);
        await region.SetThresholdAsync(product, Threshold);

        long sequence = 0;
        foreach (var available in new long[] { 30, 10, 11, 19, 12, 15, 19, 20, 19, 11, 15, 10, 9 })
        {
            await region.ApplyAsync(Snap(regionId, product, "w1", ++sequence, available));
        }

        await recorder.FenceAsync();

        var ours = recorder.Received.Where(n => n.RegionId == regionId).ToList();
        Assert.Equal([NotificationType.LowStock, NotificationType.StockRecovered, NotificationType.LowStock], ours.Select(n => n.Type));
        Assert.Equal([10L, 20L, 10L], ours.Select(n => n.Quantity));
        Assert.Equal([1L, 2L, 3L], ours.Select(n => long.Parse(n.Id.Split(':')[^1], System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task ChangingTheThresholdCanItselfCrossEachWay()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = Region(regionId);
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);
        await region.SetThresholdAsync(product, Threshold);
        await region.ApplyAsync(Snap(regionId, product, "w1", 1, 15), Snap(regionId, product, "w2", 1, 10));

        var raised = await region.SetThresholdAsync(product, new StockThreshold(25, 40));
        var alerts = await region.GetActiveAlertsAsync();
        var same = await region.SetThresholdAsync(product, new StockThreshold(25, 40));
        var lowered = await region.SetThresholdAsync(product, new StockThreshold(5, 25));
        await recorder.FenceAsync();

        Assert.True(raised.LowStock);
        Assert.Equal(new StockThreshold(25, 40), raised.Threshold);
        Assert.Equal([$"low_stock:{regionId}:{product}:1"], alerts.Select(a => a.Id));
        Assert.True(same.LowStock);
        Assert.False(lowered.LowStock);
        Assert.Empty(await region.GetActiveAlertsAsync());
        Assert.Equal([NotificationType.LowStock, NotificationType.StockRecovered],
            recorder.Received.Where(n => n.RegionId == regionId).Select(n => n.Type));
    }

    [Fact]
    public async Task AThresholdAloneDoesNotMakeAProductNeverStockedLow()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());

        var stock = await Region(regionId).SetThresholdAsync(product, Threshold);

        Assert.False(stock.LowStock);
        Assert.Empty(await Region(regionId).GetActiveAlertsAsync());
    }

    [Fact]
    public async Task ActiveAlertsListTheLowProductsNewestFirst()
    {
        var regionId = FreshRegion();
        var (first, second, fine) = (FreshProduct(), FreshProduct(), FreshProduct());
        var region = Region(regionId);

        await region.ApplyAsync(Snap(regionId, first, "w1", 1, 1));
        await region.ApplyAsync(Snap(regionId, second, "w1", 1, 2), Snap(regionId, fine, "w1", 1, 500));
        var alerts = await region.GetActiveAlertsAsync();

        Assert.Equal([second, first], alerts.Select(a => a.ProductId));
        Assert.All(alerts, a => Assert.Equal(NotificationType.LowStock, a.Type));
    }
}
