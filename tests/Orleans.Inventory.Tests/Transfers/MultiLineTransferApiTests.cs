using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Orleans.Inventory.Tests.Infrastructure;

namespace Orleans.Inventory.Tests.Transfers;

/// <summary>Transfers of several products posted to <c>POST /api/events</c>, read back from <c>GET /api/transfers</c>.</summary>
[Collection(ClusterCollection.Name)]
public sealed class MultiLineTransferApiTests(InventoryClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpMethod method, string path, string? body = null) =>
        fixture.Http.SendJsonAsync(method, path, body);

    private static string Event(string type, string product, string warehouse, long quantity, DateTimeOffset time, string? transferId, string extra = "") =>
        string.Create(CultureInfo.InvariantCulture,
            $$"""{"event":"{{type}}","product_id":"{{product}}","location":"{{warehouse}}","quantity":{{quantity}},"timestamp":"{{time:O}}"{{(transferId is null ? "" : $",\"reference\":\"{transferId}\"")}}{{extra}}}""");

    private static string Shipped(string product, string source, string destination, long quantity, DateTimeOffset time, string transferId) =>
        Event("transfer_shipped", product, source, quantity, time, transferId,
            string.Create(CultureInfo.InvariantCulture, $$""","destination":"{{destination}}","expected_arrival":"{{DateTimeOffset.UtcNow.AddDays(1):O}}" """));

    private Task<JsonNode> WaitForTransferAsync(string transferId, Func<JsonNode, bool> condition, string what) =>
        Eventually.WaitForAsync(async () => (await SendAsync(HttpMethod.Get, $"/api/transfers/{transferId}")).Body, condition, Deadline, what);

    private static JsonNode Line(JsonNode transfer, string productId) =>
        Assert.Single(transfer["lines"]!.AsArray(), line => (string?)line!["product_id"] == productId)!;

    [Fact]
    public async Task ATwoLineTransferKeepsItsSecondLineAndClosesOnlyWhenBothLinesAreReceived()
    {
        var region = Regions.Snapshots.FreshRegion();
        var (source, destination) = ($"wh-{Guid.NewGuid():N}"[..20], $"wh-{Guid.NewGuid():N}"[..20]);
        var (bolts, nuts) = (Regions.Snapshots.FreshProduct(), Regions.Snapshots.FreshProduct());
        await SendAsync(HttpMethod.Put, $"/api/warehouses/{source}", $$"""{"region_id":"{{region}}"}""");
        await SendAsync(HttpMethod.Put, $"/api/warehouses/{destination}", $$"""{"region_id":"{{region}}"}""");
        var id = TransferTests.FreshTransfer();
        var t = DateTimeOffset.UtcNow.AddMinutes(-30);
        await SendAsync(HttpMethod.Post, "/api/events",
            $"[{Event("item_added", bolts, source, 50, t, null)}, {Event("item_added", nuts, source, 50, t, null)}]");

        var shipment = $"[{Shipped(bolts, source, destination, 5, t.AddMinutes(1), id)}, {Shipped(nuts, source, destination, 3, t.AddMinutes(1), id)}]";
        await SendAsync(HttpMethod.Post, "/api/events", shipment);
        var firstReceipt = Event("transfer_received", bolts, destination, 5, t.AddMinutes(2), id);
        await SendAsync(HttpMethod.Post, "/api/events", firstReceipt);
        var partly = await WaitForTransferAsync(id,
            tr => (long?)tr["quantity"] == 8 && (long?)tr["received_quantity"] == 5, "both lines shipped and the first received");

        var secondReceipt = Event("transfer_received", nuts, destination, 3, t.AddMinutes(3), id);
        await SendAsync(HttpMethod.Post, "/api/events", secondReceipt);
        var closed = await WaitForTransferAsync(id, tr => (long?)tr["received_quantity"] == 8, "both lines received");
        var (_, repeated) = await SendAsync(HttpMethod.Post, "/api/events", $"[{shipment[1..^1]}, {firstReceipt}, {secondReceipt}]");
        // Duplicates are decided before the answer and never reported on, so the record can be compared at once.
        var (_, after) = await SendAsync(HttpMethod.Get, $"/api/transfers/{id}");

        Assert.Equal("partially_received", (string?)partly["status"]);
        Assert.Equal(3, (long?)partly["outstanding_quantity"]);
        Assert.Equal(2, partly["lines"]!.AsArray().Count);
        Assert.Equal("received", (string?)Line(partly, bolts)["status"]);
        Assert.Equal("in_transit", (string?)Line(partly, nuts)["status"]);
        Assert.Equal((3L, 0L, source), ((long?)Line(partly, nuts)["shipped_quantity"], (long?)Line(partly, nuts)["received_quantity"], (string?)Line(partly, nuts)["source_warehouse_id"]));
        Assert.Equal("received", (string?)closed["status"]);
        Assert.Equal(0, (long?)closed["outstanding_quantity"]);
        Assert.All(closed["lines"]!.AsArray(), line => Assert.Equal("received", (string?)line!["status"]));
        Assert.Equal(4, (int?)repeated["duplicate"]);
        Assert.Equal(closed.ToJsonString(), after.ToJsonString());
    }
}
