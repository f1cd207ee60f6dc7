using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Regions.Snapshots;

namespace Orleans.Inventory.Tests.Regions;

/// <summary>Events posted to the API reach the region (totals, alert) and the transfer through the stock grains.</summary>
[Collection(ClusterCollection.Name)]
public sealed class RegionEndToEndTests(InventoryClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private HttpClient Http => fixture.Http;

    private Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, string? body = null) =>
        Http.SendJsonAsync(method, path, body);

    /// <summary>Region totals are derived after the stock grain commits: poll the route until it agrees, with a deadline.</summary>
    private async Task<JsonNode> WaitForRegionAsync(string regionId, string productId, Func<JsonNode, bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var (_, stock) = await SendAsync(HttpMethod.Get, $"/api/regions/{regionId}/stock/{productId}");
            if (condition(stock) || DateTime.UtcNow > deadline)
            {
                return stock;
            }

            await Task.Delay(50);
        }
    }

    private static string Event(string type, string product, string warehouse, long quantity, DateTimeOffset time, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"event":"{{type}}","product_id":"{{product}}","location":"{{warehouse}}","quantity":{{quantity}},"timestamp":"{{time:O}}"{{extra}}}""");

    [Fact]
    public async Task PostedEventsMoveTheRegionalTotalsRaiseOneAlertAndCarryATransferThroughTransit()
    {
        var (north, south, product) = (FreshRegion(), FreshRegion(), FreshProduct());
        var (store, depot) = ($"wh-{Guid.NewGuid():N}"[..20], $"wh-{Guid.NewGuid():N}"[..20]);
        await SendAsync(HttpMethod.Put, $"/api/warehouses/{store}", $$"""{"region_id":"{{north}}"}""");
        await SendAsync(HttpMethod.Put, $"/api/warehouses/{depot}", $$"""{"region_id":"{{south}}"}""");
        await SendAsync(HttpMethod.Put, $"/api/regions/{north}/thresholds/{product}", """{"low_stock_threshold":10,"recovery_level":20}""");
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);
        var t = DateTimeOffset.UtcNow.AddMinutes(-30);

        var (status, _) = await SendAsync(HttpMethod.Post, "/api/events",
            $"[{Event("item_added", product, store, 30, t)}, {Event("item_added", product, depot, 50, t)}]");
        await SendAsync(HttpMethod.Post, "/api/events", Event("item_removed", product, store, 25, t.AddMinutes(1)));
        await SendAsync(HttpMethod.Post, "/api/events", Event("item_removed", product, store, 25, t.AddMinutes(1)));
        var low = await WaitForRegionAsync(north, product, s => (long?)s["available_quantity"] == 5);

        var transfer = $"tr-{Guid.NewGuid():N}"[..20];
        await SendAsync(HttpMethod.Post, "/api/events", Event("transfer_shipped", product, depot, 20, t.AddMinutes(2),
            string.Create(CultureInfo.InvariantCulture, $$""","reference":"{{transfer}}","destination":"{{store}}","expected_arrival":"{{DateTimeOffset.UtcNow.AddDays(1):O}}" """)));
        var inTransit = await WaitForRegionAsync(north, product, s => (long?)s["in_transit_quantity"] == 20);
        await SendAsync(HttpMethod.Post, "/api/events", Event("transfer_received", product, store, 20, t.AddMinutes(3), $$""","reference":"{{transfer}}" """));
        var recovered = await WaitForRegionAsync(north, product, s => (long?)s["available_quantity"] == 25 && (long?)s["in_transit_quantity"] == 0);
        var (_, transferRecord) = await SendAsync(HttpMethod.Get, $"/api/transfers/{transfer}");
        await recorder.FenceAsync();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True((bool?)low["low_stock"]);
        Assert.Equal(5, (long?)Assert.Single(low["warehouses"]!.AsArray())!["available_quantity"]);
        Assert.Equal(20, (long?)inTransit["in_transit_quantity"]);
        Assert.Equal(25, (long?)recovered["available_quantity"]);
        Assert.Equal(0, (long?)recovered["in_transit_quantity"]);
        Assert.False((bool?)recovered["low_stock"]);
        Assert.Equal("received", (string?)transferRecord["status"]);
        Assert.Equal(
            [(NotificationType.LowStock, $"low_stock:{north}:{product}:1"), (NotificationType.StockRecovered, $"stock_recovered:{north}:{product}:2")],
            recorder.Received.Where(n => n.RegionId == north && n.ProductId == product).Select(n => (n.Type, n.Id)));
        var (_, southStock) = await SendAsync(HttpMethod.Get, $"/api/regions/{south}/stock/{product}");
        Assert.Equal(30, (long?)southStock["available_quantity"]);
    }
}
