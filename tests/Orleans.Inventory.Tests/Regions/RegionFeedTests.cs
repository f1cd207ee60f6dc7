using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;
using static Orleans.Inventory.Tests.Regions.Snapshots;

namespace Orleans.Inventory.Tests.Regions;

/// <summary>The silo's region feed: stock records' snapshots reach their region together, and each keeps its own outcome.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RegionFeedTests(InventoryClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ChangesOfManyStockRecordsReachTheirRegionInFewerCallsThanChanges()
    {
        var regionId = FreshRegion();
        var warehouse = await fixture.NewKeyAsync(regionId);
        var keys = Enumerable.Range(0, 40).Select(i => warehouse with { ProductId = $"{warehouse.ProductId}-{i}" }).ToList();
        var counter = fixture.SiloService<RegionCallCounter>();
        var region = fixture.Grains.GetGrain<IRegionGrain>(regionId);

        // A region write as slow as a remote account's, so the records' changes arrive while one is in flight.
        fixture.RegionTable.SubmitDelay = TimeSpan.FromMilliseconds(300);
        try
        {
            await Task.WhenAll(keys.Select(key => fixture.Grains.Stock(key).ApplyAsync([Added(key, 3, T0)])));
            foreach (var key in keys)
            {
                await Eventually.WaitForAsync(() => region.GetProductAsync(key.ProductId), stock => stock.AvailableQuantity == 3, Deadline,
                    $"region {regionId} to show {key.ProductId}");
            }
        }
        finally
        {
            fixture.RegionTable.SubmitDelay = TimeSpan.Zero;
        }

        var calls = counter.SnapshotCallsTo(regionId);
        Assert.True(calls < keys.Count / 2, $"{keys.Count} stock records' changes took {calls} calls to their region");
    }

    [Fact]
    public async Task ABusyProductsChangesReachItsRegionOncePerFeedIntervalNotOncePerChange()
    {
        var regionId = FreshRegion();
        var key = await fixture.NewKeyAsync(regionId);
        var counter = fixture.SiloService<RegionCallCounter>();
        var region = fixture.Grains.GetGrain<IRegionGrain>(regionId);
        var grain = fixture.Grains.Stock(key);
        var interval = new Grains.Regions.RegionOptions().FeedInterval;

        // Thirty changes one after another, each committed before the next; storage is fast (no delay), so without
        // the interval each would be its own region call.
        var started = DateTime.UtcNow;
        for (var i = 1; i <= 30; i++)
        {
            await grain.ApplyAsync([Added(key, 1, T0.AddSeconds(i))]);
        }

        await Eventually.WaitForAsync(() => region.GetProductAsync(key.ProductId), stock => stock.AvailableQuantity == 30, Deadline,
            $"region {regionId} to show all 30 units of {key.ProductId}");
        // Until the region shows the last change: its snapshot leaves after its commit, behind the call.
        var elapsed = DateTime.UtcNow - started;

        var calls = counter.SnapshotCallsTo(regionId);
        // One call per interval the changes took to reach the region, plus the first and the last.
        var bound = (int)(elapsed / interval) + 2;
        Assert.True(calls <= bound, $"30 changes over {elapsed.TotalMilliseconds:F0} ms took {calls} calls to their region (at most {bound} expected at {interval.TotalMilliseconds} ms apart)");
    }

    [Fact]
    public async Task OneOverCapSnapshotInAFeedCallIsRefusedAloneAndTheOthersAreStored()
    {
        var (regionId, full) = (FreshRegion(), FreshProduct());
        var region = fixture.Grains.GetGrain<IRegionGrain>(regionId);
        var cap = new Grains.Regions.RegionOptions().MaxWarehousesPerProduct;
        await region.ApplySnapshotsAsync([.. Enumerable.Range(1, cap).Select(w => Snap(regionId, full, $"w{w}", 1, 50))]);
        var others = Enumerable.Range(0, 10).Select(_ => FreshProduct()).ToList();
        var feed = others.Take(5).Select(p => Snap(regionId, p, "w1", 1, 7))
            .Append(Snap(regionId, full, $"w{cap + 1}", 1, 5))
            .Concat(others.Skip(5).Select(p => Snap(regionId, p, "w1", 1, 7)))
            .ToList();

        var outcomes = await region.FeedAsync(feed);

        Assert.Equal(feed.Count, outcomes.Count);
        Assert.Equal("cap", outcomes[5].RefusedReason);
        Assert.Contains("MaxWarehousesPerProduct", outcomes[5].Message, StringComparison.Ordinal);
        Assert.All(outcomes.Where((_, i) => i != 5), outcome => Assert.True(outcome.IsStored, outcome.ToString()));
        foreach (var product in others)
        {
            Assert.Equal(7, (await region.GetProductAsync(product)).AvailableQuantity);
        }

        Assert.Equal(cap * 50L, (await region.GetProductAsync(full)).AvailableQuantity);
    }
}
