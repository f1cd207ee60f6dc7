using System.Text.Json.Nodes;
using Orleans.Inventory.Events;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.DeadLetters;

[Collection(ClusterCollection.Name)]
public sealed class DeadLetterReplayTests(InventoryClusterFixture fixture)
{
    [Fact]
    public async Task AnEventForAnUnknownWarehouseIsDeadLetteredAndAppliesOnceWhenReplayedAfterRegistration()
    {
        var key = FreshKey("UNREG");
        var body = $$"""{"event":"item_added","product_id":"{{key.ProductId}}","location":"{{key.WarehouseId}}","quantity":6,"timestamp":"2026-02-16T10:00:00Z","event_id":"unreg-1"}""";

        var refused = JsonNode.Parse(await (await fixture.Http.PostAsync("/api/events", new StringContent(body))).Content.ReadAsStringAsync())!;
        var letters = JsonNode.Parse(await fixture.Http.GetStringAsync("/api/dead-letters?limit=1000"))!;
        var beforeRegistration = JsonNode.Parse(await (await fixture.Http.PostAsync($"/api/dead-letters/replay?warehouse_id={key.WarehouseId}", null)).Content.ReadAsStringAsync())!;
        await fixture.RegisterAsync(key);
        var replay = await WaitForReplayToApplyAsync(key);
        var again = JsonNode.Parse(await (await fixture.Http.PostAsync($"/api/dead-letters/replay?warehouse_id={key.WarehouseId}", null)).Content.ReadAsStringAsync())!;

        Assert.Equal(RejectionCodes.UnknownWarehouse, (string?)refused["results"]![0]!["code"]);
        Assert.Contains(letters["items"]!.AsArray(), l => (string?)l!["warehouse_id"] == key.WarehouseId && (string?)l["code"] == RejectionCodes.UnknownWarehouse);
        Assert.Equal("rejected", (string?)beforeRegistration["letters"]![0]!["result"]!["outcome"]);
        Assert.Equal(1, (int?)replay["summary"]!["applied"]);
        Assert.Equal(0, (int?)again["matched"]);
        var stock = await fixture.Grains.Stock(key).GetAsync();
        Assert.Equal(6, stock.AvailableQuantity);
        Assert.Equal(1, stock.Version);
    }

    [Fact]
    public async Task ReplayingTwiceAppliesNothingTwiceAndAnUnparseableLetterStays()
    {
        var key = await fixture.NewKeyAsync();
        var bad = $$"""{"event":"item_added","product_id":"{{key.ProductId}}","location":"{{key.WarehouseId}}","quantity":"six","timestamp":"2026-02-16T10:00:00Z"}""";
        await fixture.Http.PostAsync("/api/events", new StringContent(bad));

        var first = JsonNode.Parse(await (await fixture.Http.PostAsync($"/api/dead-letters/replay?product_id={key.ProductId}", null)).Content.ReadAsStringAsync())!;
        var second = JsonNode.Parse(await (await fixture.Http.PostAsync($"/api/dead-letters/replay?product_id={key.ProductId}", null)).Content.ReadAsStringAsync())!;

        Assert.Equal(1, (int?)first["matched"]);
        Assert.Equal(0, (int?)first["resolved"]);
        Assert.Equal("wrong_type", (string?)first["letters"]![0]!["result"]!["code"]);
        Assert.Equal(1, (int?)second["matched"]);
        Assert.Equal(0, (await fixture.Grains.Stock(key).GetAsync()).Version);
    }

    /// <summary>The stock grain caches an unknown warehouse for a second; replay until the registration is seen.</summary>
    private async Task<JsonNode> WaitForReplayToApplyAsync(StockKey key) =>
        await Eventually.WaitForAsync(
            async () => JsonNode.Parse(await (await fixture.Http.PostAsync($"/api/dead-letters/replay?warehouse_id={key.WarehouseId}", null)).Content.ReadAsStringAsync())!,
            replay => (int?)replay["summary"]!["applied"] == 1,
            what: "the replayed event to apply");
}
