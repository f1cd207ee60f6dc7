using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Regions.Snapshots;

namespace Orleans.Inventory.Tests.Regions;

/// <summary>Hole 7: snapshots of many stock grains share a region write, and one bad snapshot fails only itself.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RegionBatchIsolationTests(InventoryClusterFixture fixture)
{
    [Fact]
    public async Task OneOverCapSnapshotInAGroupBatchFailsOnlyItsOwnCaller()
    {
        var (regionId, full) = (FreshRegion(), FreshProduct());
        var region = fixture.Grains.GetGrain<IRegionGrain>(regionId);
        var cap = new Grains.Regions.RegionOptions().MaxWarehousesPerProduct;
        await region.ApplySnapshotsAsync([.. Enumerable.Range(1, cap).Select(w => Snap(regionId, full, $"w{w}", 1, 50))]);
        var others = Enumerable.Range(0, 40).Select(_ => FreshProduct()).ToList();

        // All sent at once, so they arrive while one write is in flight and are committed together.
        var before = others.Take(20).Select(p => region.ApplySnapshotsAsync([Snap(regionId, p, "w1", 1, 7)])).ToList();
        var bad = region.ApplySnapshotsAsync([Snap(regionId, full, $"w{cap + 1}", 1, 5)]);
        var after = others.Skip(20).Select(p => region.ApplySnapshotsAsync([Snap(regionId, p, "w1", 1, 7)])).ToList();
        var refused = await Assert.ThrowsAnyAsync<Exception>(() => bad);
        var outcomes = await Task.WhenAll(before.Concat(after).Select(async call =>
        {
            try
            {
                await call;
                return null;
            }
            catch (Exception exception)
            {
                return exception.Message;
            }
        }));

        Assert.Contains("MaxWarehousesPerProduct", refused.Message, StringComparison.Ordinal);
        Assert.Equal("cap", Assert.IsType<RegionRefusedException>(refused).Reason);
        Assert.All(outcomes, Assert.Null);
        foreach (var product in others)
        {
            Assert.Equal(7, (await region.GetProductAsync(product)).AvailableQuantity);
        }

        Assert.Equal(cap * 50L, (await region.GetProductAsync(full)).AvailableQuantity);
    }

    [Fact]
    public async Task AnInvalidSnapshotFailsOnlyItsCallerAndNamesTheField()
    {
        var (regionId, product) = (FreshRegion(), FreshProduct());
        var region = fixture.Grains.GetGrain<IRegionGrain>(regionId);

        var good = region.ApplySnapshotsAsync([Snap(regionId, product, "w1", 1, 9)]);
        var bad = region.ApplySnapshotsAsync([Snap(regionId, product, "w 2", 1, 5)]);
        var negative = region.ApplySnapshotsAsync([Snap(regionId, product, "w3", 1, -5)]);
        await good;
        var invalid = Assert.IsType<RegionRefusedException>(await Assert.ThrowsAnyAsync<Exception>(() => bad));
        Assert.IsType<RegionRefusedException>(await Assert.ThrowsAnyAsync<Exception>(() => negative));

        Assert.Equal("invalid", invalid.Reason);
        Assert.StartsWith("warehouse_id:", invalid.Message, StringComparison.Ordinal);
        Assert.Equal(9, (await region.GetProductAsync(product)).AvailableQuantity);
    }
}
