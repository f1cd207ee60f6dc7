using System.Text.Json.Nodes;
using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Storage;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Events;

/// <summary>POST /api/events refuses events for unregistered warehouses before any stock grain writes (issue 10 item 6).</summary>
[Collection(ClusterCollection.Name)]
public sealed class UnknownWarehouseAtTheEdgeTests(InventoryClusterFixture fixture)
{
    private static string Body(StockKey key, string eventId, int quantity) =>
        $$"""{"event":"item_added","product_id":"{{key.ProductId}}","location":"{{key.WarehouseId}}","quantity":{{quantity}},"timestamp":"2026-02-16T10:00:00Z","event_id":"{{eventId}}"}""";

    private bool AnyRowOf(StockKey key) =>
        fixture.StockTables.Any(table => table.Actions(TableKeys.Escape(key.WarehouseId)).Any(row => row.RowKey.Contains(TableKeys.Escape(key.ProductId), StringComparison.Ordinal)));

    [Fact]
    public async Task AnEventForAnUnregisteredWarehouseIsRefusedAndDeadLetteredWithoutAStockWriteAndItsSiblingApplies()
    {
        var known = await fixture.NewKeyAsync();
        var unknown = FreshKey("EDGE");
        var body = $"[{Body(known, $"edge-ok-{known.ProductId}", 4)},{Body(unknown, $"edge-no-{unknown.ProductId}", 5)}]";

        using var response = await fixture.Http.PostAsync("/api/events", new StringContent(body));
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var letters = JsonNode.Parse(await fixture.Http.GetStringAsync("/api/dead-letters?limit=1000"))!;

        Assert.True(response.IsSuccessStatusCode, answer.ToJsonString());
        Assert.Equal("applied", (string?)answer["results"]![0]!["outcome"]);
        Assert.Equal(RejectionCodes.UnknownWarehouse, (string?)answer["results"]![1]!["code"]);
        Assert.Contains("PUT /api/warehouses/" + unknown.WarehouseId, (string?)answer["results"]![1]!["reason"], StringComparison.Ordinal);
        Assert.Contains(letters["items"]!.AsArray(), l => (string?)l!["event_id"] == $"edge-no-{unknown.ProductId}" && (string?)l["code"] == RejectionCodes.UnknownWarehouse);
        Assert.Equal(4, (await fixture.Grains.Stock(known).GetAsync()).AvailableQuantity);
        // No stock grain decided it: the unknown warehouse's record has no row at all (no state, ledger or index).
        Assert.True(AnyRowOf(known));
        Assert.False(AnyRowOf(unknown));
    }

    [Fact]
    public async Task AWarehouseRegisteredAMomentAgoIsAcceptedAtOnce()
    {
        var key = FreshKey("EDGE");
        using (var before = await fixture.Http.PostAsync("/api/events", new StringContent(Body(key, $"edge-early-{key.ProductId}", 1))))
        {
            Assert.Equal(RejectionCodes.UnknownWarehouse, (string?)JsonNode.Parse(await before.Content.ReadAsStringAsync())!["results"]![0]!["code"]);
        }

        await fixture.RegisterAsync(key);
        using var after = await fixture.Http.PostAsync("/api/events", new StringContent(Body(key, $"edge-late-{key.ProductId}", 2)));

        Assert.Equal("applied", (string?)JsonNode.Parse(await after.Content.ReadAsStringAsync())!["results"]![0]!["outcome"]);
        Assert.Equal(2, (await fixture.Grains.Stock(key).GetAsync()).AvailableQuantity);
    }
}
