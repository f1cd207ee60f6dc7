using System.Diagnostics;
using System.Diagnostics.Metrics;
using Azure.Data.Tables;
using Orleans.Inventory.Grains.Regions;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using Xunit.Abstractions;
using static Orleans.Inventory.Tests.Regions.Snapshots;

namespace Orleans.Inventory.Tests.Regions;

/// <summary>A region holds a real catalog: one row per product, writes that cost what changed, a bounded cache, restarts.</summary>
[Collection(RegionTableClusterCollection.Name)]
public sealed class RegionCatalogTests(RegionTableClusterFixture fixture, ITestOutputHelper output)
{
    private static readonly StockThreshold Threshold = new(10, 20);

    private IRegionGrain Region(string regionId) => fixture.Grains.GetGrain<IRegionGrain>(regionId);

    private IReadOnlyList<(string PartitionKey, string RowKey, TableTransactionActionType Type)> Written(string regionId) =>
        fixture.RegionTable.Actions($"{TableKeys.Escape(regionId)}|");

    [Fact]
    public async Task AHundredThousandProductsOverFiveWarehousesAnswerTotalsAndAlerts()
    {
        const int Products = 100_000;
        const int PerCall = 100;
        var regionId = FreshRegion();
        var region = Region(regionId);
        var warehouses = Enumerable.Range(1, 5).Select(w => $"wh-{w}").ToArray();
        // Every 500th product is low (5 warehouses x 1 <= 10); the others hold 5 x 20.
        static long Each(int product) => product % 500 == 0 ? 1 : 20;
        long evictions = 0;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "inventory.region.cache_evictions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref evictions, value));
        listener.Start();
        var clock = Stopwatch.StartNew();

        // Sixteen calls in flight, as many stock grains would send: they coalesce into shared writes.
        await Parallel.ForEachAsync(Enumerable.Range(0, Products / PerCall), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (call, _) =>
            await region.ApplySnapshotsAsync([.. Enumerable.Range(call * PerCall, PerCall)
                .SelectMany(p => warehouses.Select(w => Snap(regionId, $"SKU-{p}", w, 1, Each(p))))]));
        var loaded = clock.Elapsed;
        var sample = Enumerable.Range(0, 200).Select(i => i * 499 % Products).Append(0).Append(Products - 1).ToList();
        var stocks = await Task.WhenAll(sample.Select(p => region.GetProductAsync($"SKU-{p}")));
        var page = await region.ListActiveAlertsAsync(50);
        var capped = await region.GetActiveAlertsAsync();
        var paged = new List<Notification>();
        var pages = 0;
        for (RegionAlertPage next = await region.ListActiveAlertsAsync(37); ; next = await region.ListActiveAlertsAsync(37, next.Next))
        {
            pages++;
            paged.AddRange(next.Alerts);
            if (next.Next is null)
            {
                Assert.False(next.Truncated);
                break;
            }
        }

        var answered = clock.Elapsed - loaded;
        output.WriteLine($"{Products} products x {warehouses.Length} warehouses applied in {loaded.TotalSeconds:F1} s; "
            + $"{sample.Count} totals and two alert listings in {answered.TotalMilliseconds:F0} ms; {evictions} cache evictions; "
            + $"{Written(regionId).Count} rows written");

        Assert.All(sample.Zip(stocks), pair =>
        {
            Assert.Equal(5 * Each(pair.First), pair.Second.AvailableQuantity);
            Assert.Equal(warehouses, pair.Second.Warehouses.Select(w => w.WarehouseId));
            Assert.Equal(pair.First % 500 == 0, pair.Second.LowStock);
        });
        Assert.Equal(50, page.Alerts.Count);
        Assert.True(page.Truncated);
        Assert.Equal(100, capped.Count);
        Assert.Equal(capped.OrderByDescending(a => a.OccurredAt).Select(a => a.Id), capped.Select(a => a.Id));
        Assert.Equal(capped.Take(50).Select(a => a.Id), page.Alerts.Select(a => a.Id));
        Assert.All(capped, alert => Assert.Equal(0, int.Parse(alert.ProductId!["SKU-".Length..], System.Globalization.CultureInfo.InvariantCulture) % 500));
        // Every low product's alert, once, in order, over ceil(200 / 37) pages.
        Assert.Equal(Products / 500, paged.Select(a => a.Id).Distinct().Count());
        Assert.Equal(Products / 500, paged.Count);
        Assert.Equal((Products / 500 + 36) / 37, pages);
        Assert.Equal(capped.Select(a => a.Id), paged.Take(100).Select(a => a.Id));
        Assert.True(evictions >= Products - RegionTableClusterFixture.CacheCapacity, $"{evictions} evictions");
        // One row per product and one alert and one outbox row per low product (the outbox rows deleted after).
        Assert.InRange(Written(regionId).Count(a => a.RowKey.StartsWith("p|", StringComparison.Ordinal)), Products, Products + Products / 10);
    }

    [Fact]
    public async Task AWriteAfterOneProductChangedWritesOnlyThatProductsRow()
    {
        var regionId = FreshRegion();
        var region = Region(regionId);
        await region.ApplySnapshotsAsync([.. Enumerable.Range(0, 2_000).SelectMany(p => new[] { Snap(regionId, $"SKU-{p}", "w1", 1, 50), Snap(regionId, $"SKU-{p}", "w2", 1, 50) })]);
        var before = Written(regionId).Count;

        await region.ApplyAsync(Snap(regionId, "SKU-7", "w2", 2, 40));
        var oneChange = Written(regionId).Skip(before).ToList();
        await region.ApplyAsync(Snap(regionId, "SKU-7", "w2", 2, 40), Snap(regionId, "SKU-8", "w1", 1, 50));
        var repeats = Written(regionId).Count - before - oneChange.Count;
        await region.ApplyAsync(Snap(regionId, "SKU-9", "w1", 2, 0), Snap(regionId, "SKU-9", "w2", 2, 1));
        // The outbox row is deleted after the alert is published, behind the call: wait for that fourth action.
        var crossing = await Eventually.WaitForAsync(() => Task.FromResult(Written(regionId).Skip(before + oneChange.Count).ToList()),
            rows => rows.Count >= 4, what: "the crossing's outbox row deleted after its alert was published");

        Assert.Equal([(RegionTableKeys.Partition(regionId, "SKU-7"), "p|SKU-7", TableTransactionActionType.UpsertReplace)], oneChange);
        Assert.Equal(0, repeats);
        // The product, its alert and its outbox row in one transaction; then the outbox row deleted once published.
        Assert.Equal(4, crossing.Count);
        Assert.Equal(("p|SKU-9", TableTransactionActionType.UpsertReplace), (crossing[0].RowKey, crossing[0].Type));
        Assert.StartsWith("a|", crossing[1].RowKey, StringComparison.Ordinal);
        Assert.Equal(($"n|low_stock:{regionId}:SKU-9:1", TableTransactionActionType.UpsertReplace), (crossing[2].RowKey, crossing[2].Type));
        Assert.Equal(($"n|low_stock:{regionId}:SKU-9:1", TableTransactionActionType.Delete), (crossing[3].RowKey, crossing[3].Type));
        Assert.Equal(1, (await region.GetProductAsync("SKU-9")).AvailableQuantity);
    }

    [Fact]
    public async Task SnapshotsOfOneSkuThatArriveDuringAWriteAreCoalescedToTheNewest()
    {
        const int Calls = 50;
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = Region(regionId);

        await Task.WhenAll(Enumerable.Range(1, Calls).OrderBy(sequence => sequence % 7).Select(sequence =>
            region.ApplySnapshotsAsync([Snap(regionId, product, "w1", sequence, sequence)])));
        var rows = Written(regionId).Count(a => a.RowKey == RegionTableKeys.ProductRow(product));
        output.WriteLine($"{Calls} calls for one SKU, {rows} product row writes");

        Assert.Equal(Calls, (await region.GetProductAsync(product)).AvailableQuantity);
        Assert.InRange(rows, 1, Calls - 1);
    }

    [Fact]
    public async Task ReactivationReloadsTotalsAndRepublishesAPendingNotificationWithItsId()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = Region(regionId);
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);
        await region.SetThresholdAsync(product, Threshold);
        await region.ApplyAsync(Snap(regionId, product, "w1", 1, 30), Snap(regionId, product, "w2", 1, 5));
        // The outbox row outlives its publication, as when the silo dies between publishing and deleting it.
        var partition = RegionTableKeys.Partition(regionId, product);
        fixture.RegionTable.ActionFault = action => action.Entity.PartitionKey == partition && action.ActionType == TableTransactionActionType.Delete
            && action.Entity.RowKey.StartsWith("n|", StringComparison.Ordinal) ? new IOException("injected: outbox row not deleted") : null;
        try
        {
            await region.ApplyAsync(Snap(regionId, product, "w1", 2, 4));
            await recorder.WaitForAsync(received => received.Any(n => n.RegionId == regionId));
            await fixture.Cluster.DeactivateAsync(region);
        }
        finally
        {
            fixture.RegionTable.ActionFault = null;
        }

        var reloaded = await region.GetProductAsync(product);
        var id = $"low_stock:{regionId}:{product}:1";
        await recorder.WaitForAsync(received => received.Count(n => n.Id == id) == 2);
        await fixture.Cluster.DeactivateAsync(region);
        var alerts = await region.GetActiveAlertsAsync();
        await recorder.FenceAsync();

        Assert.Equal((9L, true, Threshold), (reloaded.AvailableQuantity, reloaded.LowStock, reloaded.Threshold));
        Assert.Equal([4L, 5L], reloaded.Warehouses.Select(w => w.AvailableQuantity));
        // Published again after the restart with the same id (downstream keeps it once), and never a third time.
        Assert.Equal([id, id], recorder.Received.Where(n => n.RegionId == regionId).Select(n => n.Id));
        Assert.Equal([id], alerts.Select(a => a.Id));
        Assert.Empty(await fixture.SiloService<RegionStore>().PendingNotificationsAsync(regionId, 10));
    }

    [Fact]
    public async Task EachCrossingAlertsOnceAcrossReactivations()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = Region(regionId);
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);

        await region.ApplyAsync(Snap(regionId, product, "w1", 1, 50));
        await region.ApplyAsync(Snap(regionId, product, "w1", 2, 3));
        await fixture.Cluster.DeactivateAsync(region);
        await region.ApplyAsync(Snap(regionId, product, "w1", 2, 3), Snap(regionId, product, "w1", 3, 2));
        var lowAlerts = await region.GetActiveAlertsAsync();
        await region.ApplyAsync(Snap(regionId, product, "w1", 4, 25));
        await fixture.Cluster.DeactivateAsync(region);
        await region.ApplyAsync(Snap(regionId, product, "w1", 5, 21), Snap(regionId, product, "w1", 4, 25));
        var recoveredAlerts = await region.GetActiveAlertsAsync();
        await region.ApplyAsync(Snap(regionId, product, "w1", 6, 10));
        await fixture.Cluster.DeactivateAsync(region);
        await region.ApplyAsync(Snap(regionId, product, "w1", 6, 10));
        await recorder.FenceAsync();

        Assert.Equal([$"low_stock:{regionId}:{product}:1", $"stock_recovered:{regionId}:{product}:2", $"low_stock:{regionId}:{product}:3"],
            recorder.Received.Where(n => n.RegionId == regionId).Select(n => n.Id));
        Assert.Equal([$"low_stock:{regionId}:{product}:1"], lowAlerts.Select(a => a.Id));
        Assert.Empty(recoveredAlerts);
        Assert.Equal([$"low_stock:{regionId}:{product}:3"], (await region.GetActiveAlertsAsync()).Select(a => a.Id));
    }

    [Fact]
    public async Task AFailedTableWriteChangesNothingAndTheRetryAlertsOnce()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = Region(regionId);
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);
        await region.SetThresholdAsync(product, Threshold);
        await region.ApplyAsync(Snap(regionId, product, "w1", 1, 40));
        var partition = RegionTableKeys.Partition(regionId, product);
        fixture.RegionTable.ActionFault = action => action.Entity.PartitionKey == partition ? new IOException("injected storage write fault") : null;
        Exception failure;
        try
        {
            failure = await Assert.ThrowsAnyAsync<Exception>(() => region.ApplyAsync(Snap(regionId, product, "w1", 2, 3)));
        }
        finally
        {
            fixture.RegionTable.ActionFault = null;
        }

        var unchanged = await region.GetProductAsync(product);
        await region.ApplyAsync(Snap(regionId, product, "w1", 2, 3));
        await region.ApplyAsync(Snap(regionId, product, "w1", 2, 3));
        await recorder.FenceAsync();

        Assert.Contains("injected", failure.Message, StringComparison.Ordinal);
        Assert.Equal(40, unchanged.AvailableQuantity);
        Assert.False(unchanged.LowStock);
        Assert.Equal([$"low_stock:{regionId}:{product}:1"], recorder.Received.Where(n => n.RegionId == regionId).Select(n => n.Id));
    }

    [Fact]
    public async Task AFailedPartitionFailsOnlyTheCallersOfItsProducts()
    {
        var regionId = FreshRegion();
        var region = Region(regionId);
        var products = Enumerable.Range(0, 200).Select(_ => FreshProduct()).ToList();
        var broken = RegionTableKeys.Partition(regionId, products[0]);
        fixture.RegionTable.ActionFault = action => action.Entity.PartitionKey == broken ? new IOException("injected partition fault") : null;
        string?[] outcomes;
        try
        {
            outcomes = await Task.WhenAll(products.Select(async p =>
            {
                try
                {
                    await region.ApplyAsync(Snap(regionId, p, "w1", 1, 30));
                    return null;
                }
                catch (Exception exception)
                {
                    return exception.Message;
                }
            }));
        }
        finally
        {
            fixture.RegionTable.ActionFault = null;
        }

        var inBroken = products.Select(p => RegionTableKeys.Partition(regionId, p) == broken).ToList();
        Assert.All(outcomes.Zip(inBroken), pair => Assert.Equal(pair.Second, pair.First is not null));
        Assert.All(await Task.WhenAll(products.Select(p => region.GetProductAsync(p))),
            (stock, i) => Assert.Equal(inBroken[i] ? 0 : 30, stock.AvailableQuantity));
    }

    [Fact]
    public void AProductAtItsWorstCaseFitsOneRow()
    {
        var longId = new string('x', Orleans.Inventory.Events.IdRules.MaxLength);
        var alert = new Notification($"low_stock:{longId}:{longId}:{long.MaxValue}", NotificationType.LowStock, DateTimeOffset.MaxValue, longId, longId,
            longId, null, long.MaxValue, long.MaxValue, new string('m', 1_000), "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01");
        var product = new RegionProduct { Threshold = Threshold, Low = true, Crossings = long.MaxValue, ActiveAlert = alert, Tick = long.MaxValue };
        for (var i = 0; i < 1_000; i++)
        {
            var id = $"{i:D6}{longId}"[..longId.Length];
            product.Warehouses[id] = new WarehouseEntry(long.MaxValue, 1_000_000_000, 1_000_000_000, 2_000_000_000, false, long.MaxValue);
            product.Transfers[id] = new TransitEntry(long.MaxValue, long.MaxValue, long.MaxValue);
        }

        var row = fixture.SiloService<RegionRows>().Product(longId, longId, product);
        var binary = row.Select(property => property.Value).OfType<byte[]>().ToList();

        output.WriteLine($"worst-case product row: {binary.Sum(b => b.Length)} bytes in {binary.Count} properties");
        Assert.InRange(binary.Sum(b => b.Length), 1, RegionRows.MaxProductBytes / 2);
        Assert.All(binary, b => Assert.True(b.Length <= 64 * 1024));
        Assert.Equal(1_000, fixture.SiloService<RegionRows>().ReadProduct(row).Transfers.Count);
    }
}
