using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Transfers;
using static Orleans.Inventory.Tests.Transfers.TransferTests;

namespace Orleans.Inventory.Tests.Transfers;

/// <summary>The expected-arrival reminder, on a cluster whose reminders may tick every second.</summary>
[Collection(ShortReminderClusterCollection.Name)]
public sealed class DelayedShipmentTests(ShortReminderClusterFixture fixture)
{
    [Fact]
    public async Task AShipmentNotReceivedByItsExpectedArrivalAlertsOnceAndALateReceiptResolvesIt()
    {
        var region = Regions.Snapshots.FreshRegion();
        var destination = await fixture.NewKeyAsync(region);
        var id = FreshTransfer();
        var transfer = fixture.Grains.GetGrain<ITransferGrain>(id);
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);

        await transfer.ShippedAsync(Shipment(id, destination, 9, DateTimeOffset.UtcNow.AddSeconds(1)));
        await recorder.WaitForAsync(received => received.Any(n => n.Id == $"delayed_shipment:{id}"));
        var delayed = await transfer.GetAsync();
        // Restarted while delayed, and given a few more reminder periods: still one alert.
        await fixture.Cluster.DeactivateAsync(transfer);
        await Task.Delay(ShortReminderClusterFixture.ReminderPeriod * 3);
        await transfer.ShippedAsync(Shipment(id, destination, 9, DateTimeOffset.UtcNow.AddSeconds(1)));
        await transfer.ReceivedAsync(Receipt(id, destination, 9, DateTimeOffset.UtcNow));
        await transfer.ReceivedAsync(Receipt(id, destination, 9, DateTimeOffset.UtcNow));
        await recorder.FenceAsync();

        var ours = recorder.Received.Where(n => n.TransferId == id).ToList();
        Assert.Equal([$"delayed_shipment:{id}", $"delayed_shipment_resolved:{id}"], ours.Select(n => n.Id));
        Assert.Equal([NotificationType.DelayedShipment, NotificationType.DelayedShipmentResolved], ours.Select(n => n.Type));
        Assert.All(ours, n => Assert.Equal((region, destination.WarehouseId, destination.ProductId, 9L), (n.RegionId, n.WarehouseId, n.ProductId, n.Quantity)));
        Assert.Equal(TransferStatus.Delayed, delayed!.Status);
        var late = await transfer.GetAsync();
        Assert.Equal(TransferStatus.ReceivedLate, late!.Status);
        Assert.Equal(0, (await fixture.Grains.GetGrain<IRegionGrain>(region).GetProductAsync(destination.ProductId)).InTransitQuantity);
        var listed = await fixture.Grains.GetGrain<ITransferIndexGrain>(ITransferIndexGrain.Key).ListAsync(TransferStatus.ReceivedLate, 1000);
        Assert.Contains(listed, t => t.TransferId == id);
    }

    [Fact]
    public async Task AShipmentReceivedInTimeNeverAlerts()
    {
        var destination = await fixture.NewKeyAsync(Regions.Snapshots.FreshRegion());
        var id = FreshTransfer();
        var transfer = fixture.Grains.GetGrain<ITransferGrain>(id);
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);

        var arrival = DateTimeOffset.UtcNow.AddSeconds(2);
        await transfer.ShippedAsync(Shipment(id, destination, 2, arrival));
        await transfer.ReceivedAsync(Receipt(id, destination, 2, DateTimeOffset.UtcNow));
        // Past the expected arrival and a few reminder periods: the reminder was unregistered with the receipt.
        await Task.Delay(arrival - DateTimeOffset.UtcNow + ShortReminderClusterFixture.ReminderPeriod * 3);
        await recorder.FenceAsync();

        Assert.DoesNotContain(recorder.Received, n => n.TransferId == id);
        Assert.Equal(TransferStatus.Received, (await transfer.GetAsync())!.Status);
    }

    [Fact]
    public async Task APartlyReceivedTwoLineTransferAlertsWhenItsExpectedArrivalPassesAndResolvesWhenTheLastLineArrives()
    {
        var region = Regions.Snapshots.FreshRegion();
        var destination = await fixture.NewKeyAsync(region);
        var (id, second) = (FreshTransfer(), Regions.Snapshots.FreshProduct());
        var transfer = fixture.Grains.GetGrain<ITransferGrain>(id);
        await using var recorder = await NotificationRecorder.StartAsync(fixture.Cluster.Client);

        var arrival = DateTimeOffset.UtcNow.AddSeconds(1);
        await transfer.ShippedAsync(Shipment(id, destination, 4, arrival));
        await transfer.ShippedAsync(Shipment(id, destination with { ProductId = second }, 6, arrival));
        await transfer.ReceivedAsync(Receipt(id, destination, 4, DateTimeOffset.UtcNow));
        await recorder.WaitForAsync(received => received.Any(n => n.Id == $"delayed_shipment:{id}"));
        var delayed = await transfer.GetAsync();
        await transfer.ReceivedAsync(Receipt(id, destination with { ProductId = second }, 6, DateTimeOffset.UtcNow));
        await recorder.FenceAsync();

        var ours = recorder.Received.Where(n => n.TransferId == id).ToList();
        Assert.Equal([$"delayed_shipment:{id}", $"delayed_shipment_resolved:{id}"], ours.Select(n => n.Id));
        Assert.All(ours, n => Assert.Equal(10L, n.Quantity));
        Assert.Contains($"2 lines (4 {destination.ProductId}, 6 {second})", ours[0].Message, StringComparison.Ordinal);
        Assert.Equal((TransferStatus.Delayed, 6L), (delayed!.Status, delayed.OutstandingQuantity));
        Assert.Equal(TransferStatus.ReceivedLate, (await transfer.GetAsync())!.Status);
        Assert.Equal(0, (await fixture.Grains.GetGrain<IRegionGrain>(region).GetProductAsync(second)).InTransitQuantity);
    }
}
