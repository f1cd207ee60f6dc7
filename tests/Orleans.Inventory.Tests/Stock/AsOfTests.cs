using System.Net;
using System.Text.Json.Nodes;
using Orleans.Inventory.Devices.Verification;
using Orleans.Inventory.Events;
using Orleans.Inventory.Tests.Infrastructure;
using Xunit.Abstractions;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Stock;

/// <summary>Time travel: the record as of an event time, from the ledger, against the closed-form model.</summary>
[Collection(SmallMemoryClusterCollection.Name)]
public sealed class AsOfTests(SmallMemoryClusterFixture fixture, ITestOutputHelper output)
{
    [Theory]
    [InlineData(11)]
    [InlineData(29)]
    [InlineData(47)]
    [InlineData(83)]
    public async Task TheRecordAsOfAnyTimeMatchesTheModelOverTheEventsUpToThen(int seed)
    {
        output.WriteLine($"seed {seed}");
        var random = new Random(seed);
        var key = await fixture.RegisterAsync(FreshKey("ASOF"));
        var types = new[] { InventoryEventType.ItemAdded, InventoryEventType.ItemRemoved, InventoryEventType.StockCounted, InventoryEventType.ItemReturned };
        var events = Enumerable.Range(0, 30)
            .Select(i => Make(key, types[random.Next(types.Length)], random.Next(1, 20), T0.AddMinutes(random.Next(0, 60)), $"asof-{seed}-{i}"))
            .ToList();
        var grain = fixture.Grains.Stock(key);
        foreach (var batch in events.OrderBy(_ => random.Next()).Chunk(4))
        {
            await grain.ApplyAsync(batch);
        }

        foreach (var minute in new[] { -1, 0, 7, 15, 30, 45, 59, 60 })
        {
            var asOf = T0.AddMinutes(minute);
            var record = await grain.GetAsOfAsync(asOf);
            var (available, discrepancy, lastUpdated) = StockModel.Expect([.. events.Where(e => e.Timestamp <= asOf)]);

            Assert.Equal(available, record.AvailableQuantity);
            Assert.Equal(discrepancy, record.DiscrepancyQuantity);
            Assert.Equal(lastUpdated, record.LastUpdated);
        }

        var now = await grain.GetAsync();
        var end = await grain.GetAsOfAsync(T0.AddDays(1));
        Assert.Equal(now.AvailableQuantity, end.AvailableQuantity);
        Assert.Equal(now.LastUpdated, end.LastUpdated);
    }

    [Fact]
    public async Task TheStockRouteAnswersAsOfATimeAndNamesABadOne()
    {
        var key = await fixture.NewKeyAsync();
        await fixture.Grains.Stock(key).ApplyAsync([Added(key, 10, T0), Removed(key, 4, T0.AddHours(1))]);
        var path = $"/api/stock/{key.WarehouseId}/{key.ProductId}";

        var before = JsonNode.Parse(await fixture.Http.GetStringAsync($"{path}?as_of=2026-02-16T10:30:00Z"))!;
        var bad = await fixture.Http.GetAsync($"{path}?as_of=last-tuesday");

        Assert.Equal(10, (long?)before["available_quantity"]);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("as_of", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
