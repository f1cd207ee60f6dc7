using System.Net;
using System.Text.Json.Nodes;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Notifications.TestStreams;

namespace Orleans.Inventory.Tests.Notifications;

/// <summary><c>GET /api/alerts</c> on a test server in front of a real in-process cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class AlertsApiTests(InventoryClusterFixture fixture)
{
    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path)
    {
        using var response = await fixture.Http.GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task AlertsAnswerTheKeptNotificationsInSnakeCaseFilteredBySinceAndType()
    {
        var region = $"R-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.AddDays(-2);
        var early = Notify(NotificationType.LowStock, t0, region, "wh-1", "SKU-1", quantity: 4);
        var recovered = Notify(NotificationType.StockRecovered, t0.AddMinutes(5), region, "wh-1", "SKU-1", quantity: 25);
        var late = Notify(NotificationType.LowStock, t0.AddMinutes(10), region, "wh-1", "SKU-1", quantity: 2);
        foreach (var alert in new[] { early, recovered, late })
        {
            await fixture.Cluster.Client.PublishAsync(alert);
        }

        await Eventually.WaitForAsync(
            () => fixture.Grains.GetGrain<INotificationHistoryGrain>(InventoryStreams.AllKey).QueryAsync(null, null, 1000),
            kept => kept.Any(n => n.Id == late.Id), what: "the last alert in the history");

        var since = Uri.EscapeDataString(t0.AddMinutes(1).ToString("O"));
        var (status, body) = await GetAsync($"/api/alerts?since={since}&type=low_stock&limit=1000");

        Assert.Equal(HttpStatusCode.OK, status);
        var mine = body["notifications"]!.AsArray().Where(n => (string?)n!["region_id"] == region).ToList();
        var only = Assert.Single(mine)!;
        Assert.Equal(late.Id, (string?)only["id"]);
        Assert.Equal("low_stock", (string?)only["type"]);
        Assert.Equal("wh-1", (string?)only["warehouse_id"]);
        Assert.Equal(2, (long?)only["quantity"]);
        Assert.Equal(10, (long?)only["threshold"]);
        Assert.Equal(late.OccurredAt, (DateTimeOffset?)only["occurred_at"]);
        Assert.Equal(body["notifications"]!.AsArray().Count, (int?)body["count"]);

        var (_, all) = await GetAsync($"/api/alerts?since={Uri.EscapeDataString(t0.ToString("O"))}&limit=1000");
        Assert.Equal([early.Id, recovered.Id, late.Id],
            all["notifications"]!.AsArray().Where(n => (string?)n!["region_id"] == region).Select(n => (string?)n!["id"]));
    }

    [Theory]
    [InlineData("since=yesterday", "since")]
    [InlineData("since=2026-13-01T00:00:00Z", "since")]
    [InlineData("type=LowStock", "type")]
    [InlineData("type=low-stock", "type")]
    [InlineData("type=", "type")]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-1", "limit")]
    public async Task ABadParameterIsAProblemThatNamesIt(string query, string parameter)
    {
        var (status, body) = await GetAsync($"/api/alerts?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(parameter, (string?)body["parameter"]);
        Assert.StartsWith($"{parameter}:", (string?)body["detail"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownTypeIsToldTheTypesThereAre()
    {
        var (_, body) = await GetAsync("/api/alerts?type=on_fire");

        Assert.Contains("low_stock", (string?)body["detail"], StringComparison.Ordinal);
        Assert.Contains("delayed_shipment_resolved", (string?)body["detail"], StringComparison.Ordinal);
    }
}
