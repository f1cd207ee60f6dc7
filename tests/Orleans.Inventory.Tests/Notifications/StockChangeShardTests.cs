using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Tests.Notifications;

/// <summary>The live stock-change feed is not one stream for the cluster (issue 9): records spread over its shards.</summary>
public sealed class StockChangeShardTests
{
    [Fact]
    public void RecordsSpreadOverEveryShardAndEachRecordStaysOnOne()
    {
        var keys = Enumerable.Range(0, 2000).Select(i => new StockKey($"warehouse_{i % 5}", $"sku-{i}")).ToList();
        var counts = keys.GroupBy(InventoryStreams.StockChangeKey).ToDictionary(g => g.Key, g => g.Count());

        Assert.Equal(InventoryStreams.StockChangeKeys.Order(), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.InRange(count, 2000 / InventoryStreams.StockChangeShards / 2, 2000 / InventoryStreams.StockChangeShards * 2));
        Assert.All(keys, key => Assert.Equal(InventoryStreams.StockChangeKey(key), InventoryStreams.StockChangeKey(new StockKey(key.WarehouseId, key.ProductId))));
        Assert.DoesNotContain(InventoryStreams.AllKey, InventoryStreams.StockChangeKeys);
    }
}
