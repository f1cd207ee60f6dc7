using System.Net;
using System.Text.Json.Nodes;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Transfers;

namespace Orleans.Inventory.Tests.Transfers;

/// <summary>Transfers on the default cluster: in-transit units in the destination region, idempotence, order, routes.</summary>
[Collection(ClusterCollection.Name)]
public sealed class TransferTests(InventoryClusterFixture fixture)
{
    internal static string FreshTransfer() => $"tr-{Guid.NewGuid():N}"[..20];

    internal static TransferShipment Shipment(string transferId, StockKey destination, long quantity, DateTimeOffset expectedArrival) =>
        new(transferId, destination.ProductId, "source-wh", destination.WarehouseId, quantity, expectedArrival.AddHours(-2), expectedArrival);

    internal static TransferReceipt Receipt(string transferId, StockKey destination, long quantity, DateTimeOffset receivedAt) =>
        new(transferId, destination.ProductId, destination.WarehouseId, quantity, receivedAt);

    private ITransferGrain Transfer(string id) => fixture.Grains.GetGrain<ITransferGrain>(id);

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path)
    {
        using var response = await fixture.Http.GetAsync(path);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    [Fact]
    public async Task AShipmentIsInTransitInTheDestinationRegionUntilReceivedAndEachReportCountsOnce()
    {
        var region = Regions.Snapshots.FreshRegion();
        var destination = await fixture.NewKeyAsync(region);
        var id = FreshTransfer();
        var arrival = DateTimeOffset.UtcNow.AddDays(2);
        var regionGrain = fixture.Grains.GetGrain<IRegionGrain>(region);

        await Transfer(id).ShippedAsync(Shipment(id, destination, 12, arrival));
        await Transfer(id).ShippedAsync(Shipment(id, destination, 12, arrival));
        var shipped = await Transfer(id).GetAsync();
        var inTransit = (await regionGrain.GetProductAsync(destination.ProductId)).InTransitQuantity;
        await Transfer(id).ReceivedAsync(Receipt(id, destination, 12, arrival.AddHours(-1)));
        await Transfer(id).ReceivedAsync(Receipt(id, destination, 12, arrival.AddHours(-1)));
        var received = await Transfer(id).GetAsync();

        Assert.Equal(TransferStatus.InTransit, shipped!.Status);
        Assert.Equal(12, inTransit);
        Assert.Equal(TransferStatus.Received, received!.Status);
        Assert.Equal(12, received.ReceivedQuantity);
        Assert.Equal(arrival.AddHours(-1), received.ReceivedAt);
        Assert.Equal(0, (await regionGrain.GetProductAsync(destination.ProductId)).InTransitQuantity);
    }

    [Fact]
    public async Task AReceiptBeforeItsShipmentIsReceivedAndNeverCountsInTransit()
    {
        var region = Regions.Snapshots.FreshRegion();
        var destination = await fixture.NewKeyAsync(region);
        var id = FreshTransfer();
        var arrival = DateTimeOffset.UtcNow.AddDays(-1);

        await Transfer(id).ReceivedAsync(Receipt(id, destination, 5, arrival.AddHours(3)));
        var receivedOnly = await Transfer(id).GetAsync();
        await Transfer(id).ShippedAsync(Shipment(id, destination, 5, arrival));
        var both = await Transfer(id).GetAsync();

        Assert.Equal(TransferStatus.Received, receivedOnly!.Status);
        Assert.Equal("", receivedOnly.SourceWarehouseId);
        // Received three hours after the expected arrival (which the shipment tells): late, but nothing was delayed.
        Assert.Equal(TransferStatus.ReceivedLate, both!.Status);
        Assert.Equal("source-wh", both.SourceWarehouseId);
        Assert.Equal(0, (await fixture.Grains.GetGrain<IRegionGrain>(region).GetProductAsync(destination.ProductId)).InTransitQuantity);
    }

    [Fact]
    public async Task AShipmentReportedAfterItsExpectedArrivalIsDelayedAtOnceAndAlertsOnce()
    {
        var destination = await fixture.NewKeyAsync(Regions.Snapshots.FreshRegion());
        var id = FreshTransfer();
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);

        await Transfer(id).ShippedAsync(Shipment(id, destination, 3, DateTimeOffset.UtcNow.AddMinutes(-5)));
        await Transfer(id).ShippedAsync(Shipment(id, destination, 3, DateTimeOffset.UtcNow.AddMinutes(-5)));
        var delayed = await Transfer(id).GetAsync();
        await recorder.FenceAsync();

        Assert.Equal(TransferStatus.Delayed, delayed!.Status);
        Assert.Equal([$"delayed_shipment:{id}"], recorder.Received.Where(n => n.TransferId == id).Select(n => n.Id));
    }

    [Fact]
    public async Task TheTransferRoutesAnswerOneByIdA404ForUnknownAndListsByStatus()
    {
        var destination = await fixture.NewKeyAsync(Regions.Snapshots.FreshRegion());
        var (moving, done) = (FreshTransfer(), FreshTransfer());
        await Transfer(moving).ShippedAsync(Shipment(moving, destination, 4, DateTimeOffset.UtcNow.AddDays(1)));
        await Transfer(done).ShippedAsync(Shipment(done, destination, 6, DateTimeOffset.UtcNow.AddDays(1)));
        await Transfer(done).ReceivedAsync(Receipt(done, destination, 6, DateTimeOffset.UtcNow));

        var (status, one) = await GetAsync($"/api/transfers/{moving}");
        var (unknown, problem) = await GetAsync($"/api/transfers/{FreshTransfer()}");
        var (_, inTransit) = await GetAsync("/api/transfers?status=in_transit&limit=1000");
        var (_, received) = await GetAsync("/api/transfers?status=received&limit=1000");
        var (_, newest) = await GetAsync("/api/transfers?limit=1");
        var (badStatus, statusProblem) = await GetAsync("/api/transfers?status=lost");
        var (badLimit, limitProblem) = await GetAsync("/api/transfers?limit=0");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("in_transit", (string?)one["status"]);
        Assert.Equal(4, (long?)one["quantity"]);
        Assert.Equal(destination.WarehouseId, (string?)one["destination_warehouse_id"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown);
        Assert.Equal(404, (int?)problem["status"]);
        Assert.Equal("Transfer not found", (string?)problem["title"]);
        Assert.Contains(inTransit["transfers"]!.AsArray(), t => (string?)t!["transfer_id"] == moving);
        Assert.DoesNotContain(inTransit["transfers"]!.AsArray(), t => (string?)t!["transfer_id"] == done);
        Assert.Contains(received["transfers"]!.AsArray(), t => (string?)t!["transfer_id"] == done);
        Assert.All(received["transfers"]!.AsArray(), t => Assert.Equal("received", (string?)t!["status"]));
        Assert.Equal(done, (string?)Assert.Single(newest["transfers"]!.AsArray())!["transfer_id"]);
        Assert.Equal(HttpStatusCode.BadRequest, badStatus);
        Assert.Equal("status", (string?)statusProblem["parameter"]);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit);
        Assert.Equal("limit", (string?)limitProblem["parameter"]);
    }
}
