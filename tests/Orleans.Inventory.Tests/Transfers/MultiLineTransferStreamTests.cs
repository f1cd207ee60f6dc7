using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Transfers;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Transfers;

/// <summary>A transfer of several lines sent by devices: Event Hubs (emulator) -> stream -> stock grains -> transfer grain.</summary>
[Collection(DeviceStreamClusterCollection.Name)]
public sealed class MultiLineTransferStreamTests(DeviceStreamClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string Json(params InventoryEvent[] events) => $"[{string.Join(",", events.Select(InventoryEventJson.Serialize))}]";

    private static InventoryEvent Shipped(StockKey source, string destination, long quantity, string transferId) =>
        new($"ship-{transferId}-{source.ProductId}", InventoryEventType.TransferShipped, source.ProductId, source.WarehouseId, quantity,
            T0.AddMinutes(1), "wms", transferId, null, destination, DateTimeOffset.UtcNow.AddDays(1));

    private static InventoryEvent Received(StockKey destination, long quantity, string transferId, int minute) =>
        new($"recv-{transferId}-{destination.ProductId}-{minute}", InventoryEventType.TransferReceived, destination.ProductId,
            destination.WarehouseId, quantity, T0.AddMinutes(minute), "dock-scanner", transferId);

    private Task<TransferRecord> WaitForTransferAsync(string id, Func<TransferRecord, bool> condition, string what) =>
        Eventually.WaitForAsync(async () => await fixture.Grains.GetGrain<ITransferGrain>(id).GetAsync(), t => t is not null && condition(t), Deadline, what)!;

    private Task WaitForLedgerAsync(StockKey key, int entries) =>
        Eventually.WaitForAsync(() => fixture.Grains.Stock(key).GetLedgerAsync(new LedgerQuery(Limit: LedgerQuery.MaxLimit)),
            page => page.Entries.Count >= entries, Deadline, $"{entries} ledger entries at {key}");

    [Fact]
    public async Task ATwoLineTransferFromDevicesTracksPartialReceiptsClosesOnTheLastAndIgnoresRedeliveredMessages()
    {
        var bolts = await fixture.NewKeyAsync();
        var nuts = await fixture.RegisterAsync(bolts with { ProductId = bolts.ProductId + "-n" });
        var destination = $"dst-{Guid.NewGuid():N}"[..20];
        var (boltsIn, nutsIn) = (await fixture.RegisterAsync(bolts with { WarehouseId = destination }), await fixture.RegisterAsync(nuts with { WarehouseId = destination }));
        var id = TransferTests.FreshTransfer();
        await fixture.SendAsync(bolts.WarehouseId, "wms", Json(Added(bolts, 50, T0), Added(nuts, 50, T0)));

        var shipment = Json(Shipped(bolts, destination, 5, id), Shipped(nuts, destination, 3, id));
        var firstReceipt = Json(Received(boltsIn, 5, id, 10));
        await fixture.SendAsync(bolts.WarehouseId, "wms", shipment);
        await fixture.SendAsync(destination, "dock-scanner", firstReceipt);
        var partly = await WaitForTransferAsync(id, t => t.LineCount == 2 && t.ReceivedQuantity == 5, "two lines, the first received");
        await fixture.SendAsync(destination, "dock-scanner", Json(Received(nutsIn, 2, id, 11)));
        await fixture.SendAsync(destination, "dock-scanner", Json(Received(nutsIn, 1, id, 12)));
        var closed = await WaitForTransferAsync(id, t => t.Status == TransferStatus.Received, "every line received");
        // Redelivered messages: each stock record ledgers them as duplicates, and the transfer does not change.
        await fixture.SendAsync(bolts.WarehouseId, "wms", shipment);
        await fixture.SendAsync(destination, "dock-scanner", firstReceipt);
        await WaitForLedgerAsync(bolts, 3);
        await WaitForLedgerAsync(nuts, 3);
        await WaitForLedgerAsync(boltsIn, 2);
        var after = (await fixture.Grains.GetGrain<ITransferGrain>(id).GetAsync())!;

        Assert.Equal(TransferStatus.PartiallyReceived, partly.Status);
        Assert.Equal((bolts.WarehouseId, destination, 8L, 3L), (partly.SourceWarehouseId, partly.DestinationWarehouseId, partly.Quantity, partly.OutstandingQuantity));
        Assert.Equal((8L, 8L, 0L), (closed.Quantity, closed.ReceivedQuantity, closed.OutstandingQuantity));
        Assert.Equal([(bolts.ProductId, 5L, 5L), (nuts.ProductId, 3L, 3L)],
            closed.Lines!.Select(line => (line.ProductId, line.ShippedQuantity, line.ReceivedQuantity)).OrderBy(line => line.ProductId, StringComparer.Ordinal));
        Assert.Equal(T0.AddMinutes(12), closed.ReceivedAt);
        Assert.Equal(EventOutcome.Duplicate, (await fixture.Grains.Stock(bolts).GetLedgerAsync(new LedgerQuery(Limit: 10))).Entries[^1].Outcome);
        Assert.Equal((closed.Quantity, closed.ReceivedQuantity, closed.Status, closed.UnmatchedReportsDropped),
            (after.Quantity, after.ReceivedQuantity, after.Status, after.UnmatchedReportsDropped));
        Assert.Equal(closed.Lines, after.Lines);
        Assert.Empty(after.Unmatched!);
    }
}
