using System.Diagnostics;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using Xunit.Abstractions;
using static Orleans.Inventory.Tests.Regions.Snapshots;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>The region table on Azure Table storage (Azurite): what a region wrote is there for the next silo.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DurableRegionTests(Azurite azurite, ITestOutputHelper output)
{
    [Fact]
    public async Task ARegionsRowsSurviveASiloRestart()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Inventory:Tables:ProviderType"] = "AzureTable",
            ["Inventory:Tables:ConnectionString"] = Azurite.ConnectionString,
            ["Inventory:Tables:RegionTable"] = azurite.TableName("Regions"),
            ["Inventory:Tables:StockTable"] = azurite.TableName("Stock"),
        };
        var regionId = FreshRegion();
        var products = Enumerable.Range(0, 300).Select(i => $"SKU-{i}").ToList();
        static long Each(int product) => product % 30 == 0 ? 2 : 40;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<Notification> alertsBefore;
        await using (var first = new ConfiguredClusterFixture(settings))
        {
            await first.InitializeAsync();
            var region = first.Grains.GetGrain<IRegionGrain>(regionId);
            await region.ApplySnapshotsAsync([.. products.Index().SelectMany(p => new[]
            {
                Snap(regionId, p.Item, "w1", 1, Each(p.Index)), Snap(regionId, p.Item, "w2", 1, Each(p.Index)),
            })]);
            await region.SetThresholdAsync("SKU-1", new StockThreshold(100, 200));
            await region.ApplyTransitAsync([new TransitSnapshot("t1", "SKU-2", "w1", 7, 1)]);
            alertsBefore = await region.GetActiveAlertsAsync();
        }

        var written = clock.Elapsed;
        await using var second = new ConfiguredClusterFixture(settings);
        await second.InitializeAsync();
        await using var recorder = await NotificationRecorder.StartAsync(second.Cluster.Client);
        var again = second.Grains.GetGrain<IRegionGrain>(regionId);
        var stocks = await Task.WhenAll(products.Select(p => again.GetProductAsync(p)));
        var alertsAfter = await again.GetActiveAlertsAsync();
        await again.ApplyAsync(Snap(regionId, "SKU-0", "w1", 2, 30));
        await recorder.FenceAsync();
        output.WriteLine($"300 products written on Azurite in {written.TotalSeconds:F1} s (cluster start and stop included); read back after a restart in {(clock.Elapsed - written).TotalSeconds:F1} s");

        Assert.All(stocks.Index(), s => Assert.Equal(2 * Each(s.Index), s.Item.AvailableQuantity));
        Assert.Equal(new StockThreshold(100, 200), stocks[1].Threshold);
        Assert.True(stocks[1].LowStock);
        Assert.Equal(7, stocks[2].InTransitQuantity);
        Assert.Equal(11, alertsBefore.Count);
        Assert.Equal(alertsBefore, alertsAfter);
        // The crossing count came back with the product: the recovery is its second crossing, published once.
        Assert.Equal([$"stock_recovered:{regionId}:SKU-0:2"], recorder.Received.Where(n => n.RegionId == regionId).Select(n => n.Id));
    }

    /// <summary>The default cluster with settings of the test's choosing.</summary>
    private sealed class ConfiguredClusterFixture(IReadOnlyDictionary<string, string?> settings) : InventoryClusterFixture, IAsyncDisposable
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = settings;

        ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());
    }
}
