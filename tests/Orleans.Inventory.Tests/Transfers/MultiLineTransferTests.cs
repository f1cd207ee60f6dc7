using Orleans.Inventory.Events;
using Orleans.Inventory.Grains.Transfers;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Transfers;
using Orleans.Serialization;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Transfers;

/// <summary>Transfers of several lines on the default cluster, as the stock grains report them (with ledger sequences).</summary>
[Collection(ClusterCollection.Name)]
public sealed class MultiLineTransferTests(InventoryClusterFixture fixture)
{
    private const string Source = "source-wh";

    private static readonly DateTimeOffset Arrival = DateTimeOffset.UtcNow.AddDays(2);

    private ITransferGrain Transfer(string id) => fixture.Grains.GetGrain<ITransferGrain>(id);

    private static TransferShipment Ship(string id, string productId, string destination, long quantity, long sequence, string source = Source) =>
        new(id, productId, source, destination, quantity, Arrival.AddHours(-5), Arrival, $"ship-{sequence}", sequence);

    private static TransferReceipt Receive(string id, string productId, string warehouse, long quantity, long sequence, int hour = 0) =>
        new(id, productId, warehouse, quantity, Arrival.AddHours(-4 + hour), $"recv-{sequence}", sequence);

    private static TransferLine Line(TransferRecord record, string productId) => Assert.Single(record.Lines!, line => line.ProductId == productId);

    [Fact]
    public async Task PartialReceiptsAddUpPerLineAndARedeliveredReportChangesNothing()
    {
        var region = Regions.Snapshots.FreshRegion();
        var destination = await fixture.NewKeyAsync(region);
        var (id, other) = (TransferTests.FreshTransfer(), Regions.Snapshots.FreshProduct());
        var transfer = Transfer(id);

        await transfer.ShippedAsync(Ship(id, destination.ProductId, destination.WarehouseId, 10, sequence: 4));
        await transfer.ShippedAsync(Ship(id, other, destination.WarehouseId, 6, sequence: 9));
        await transfer.ShippedAsync(Ship(id, other, destination.WarehouseId, 6, sequence: 9));
        await transfer.ReceivedAsync(Receive(id, destination.ProductId, destination.WarehouseId, 4, sequence: 2));
        await transfer.ReceivedAsync(Receive(id, destination.ProductId, destination.WarehouseId, 4, sequence: 2));
        var partly = (await transfer.GetAsync())!;
        var partlyInTransit = (await fixture.Grains.GetGrain<IRegionGrain>(region).GetProductAsync(destination.ProductId)).InTransitQuantity;
        await transfer.ReceivedAsync(Receive(id, destination.ProductId, destination.WarehouseId, 6, sequence: 3, hour: 1));
        await transfer.ReceivedAsync(Receive(id, other, destination.WarehouseId, 6, sequence: 1, hour: 2));
        await transfer.ReceivedAsync(Receive(id, destination.ProductId, destination.WarehouseId, 6, sequence: 3, hour: 1));
        var closed = (await transfer.GetAsync())!;

        Assert.Equal(TransferStatus.PartiallyReceived, partly.Status);
        Assert.Equal((16L, 4L, 12L, 2), (partly.Quantity, partly.ReceivedQuantity, partly.OutstandingQuantity, partly.LineCount));
        Assert.Equal((10L, 4L, 6L, TransferStatus.PartiallyReceived), Summary(Line(partly, destination.ProductId)));
        Assert.Equal((6L, 0L, 6L, TransferStatus.InTransit), Summary(Line(partly, other)));
        Assert.Equal(6, partlyInTransit);
        Assert.Equal(TransferStatus.Received, closed.Status);
        Assert.Equal((16L, 16L, 0L), (closed.Quantity, closed.ReceivedQuantity, closed.OutstandingQuantity));
        Assert.Equal((10L, 10L, 0L, TransferStatus.Received), Summary(Line(closed, destination.ProductId)));
        Assert.Equal(Arrival.AddHours(-2), closed.ReceivedAt);
        Assert.Empty(closed.Unmatched!);
        var region1 = fixture.Grains.GetGrain<IRegionGrain>(region);
        Assert.Equal(0, (await region1.GetProductAsync(destination.ProductId)).InTransitQuantity);
        Assert.Equal(0, (await region1.GetProductAsync(other)).InTransitQuantity);
    }

    [Fact]
    public async Task AReceiptOfAnotherProductOrAtAnotherWarehouseIsUnmatchedAndDoesNotCloseTheTransfer()
    {
        var destination = await fixture.NewKeyAsync(Regions.Snapshots.FreshRegion());
        var (id, stray) = (TransferTests.FreshTransfer(), Regions.Snapshots.FreshProduct());
        var transfer = Transfer(id);

        await transfer.ShippedAsync(Ship(id, destination.ProductId, destination.WarehouseId, 5, sequence: 1));
        await transfer.ReceivedAsync(Receive(id, stray, destination.WarehouseId, 5, sequence: 1));
        await transfer.ReceivedAsync(Receive(id, destination.ProductId, "elsewhere-wh", 5, sequence: 1));
        var record = (await transfer.GetAsync())!;

        Assert.Equal(TransferStatus.InTransit, record.Status);
        Assert.Equal((0L, 5L), (record.ReceivedQuantity, record.OutstandingQuantity));
        Assert.Equal((5L, 0L, 5L, TransferStatus.InTransit), Summary(Assert.Single(record.Lines!)));
        Assert.Equal(
            [("receipt", destination.WarehouseId, stray, 5L, "not_a_line"), ("receipt", "elsewhere-wh", destination.ProductId, 5L, "not_destination")],
            record.Unmatched!.Select(u => (u.Kind, u.WarehouseId, u.ProductId, u.Quantity, u.Reason)).OrderBy(u => u.Reason, StringComparer.Ordinal));
    }

    [Fact]
    public async Task AReceiptBeforeItsShipmentIsMatchedWhenTheShipmentArrivesWhateverTheOrder()
    {
        var destination = await fixture.NewKeyAsync(Regions.Snapshots.FreshRegion());
        var (id, second) = (TransferTests.FreshTransfer(), Regions.Snapshots.FreshProduct());
        var transfer = Transfer(id);

        await transfer.ReceivedAsync(Receive(id, second, destination.WarehouseId, 2, sequence: 7));
        await transfer.ShippedAsync(Ship(id, destination.ProductId, destination.WarehouseId, 3, sequence: 1));
        var oneLine = (await transfer.GetAsync())!;
        await transfer.ShippedAsync(Ship(id, second, destination.WarehouseId, 2, sequence: 1));
        var twoLines = (await transfer.GetAsync())!;

        // The receipt of the second product matches no line until that line is shipped; then it is its receipt.
        Assert.Equal("not_a_line", Assert.Single(oneLine.Unmatched!).Reason);
        Assert.Equal(TransferStatus.InTransit, oneLine.Status);
        Assert.Empty(twoLines.Unmatched!);
        Assert.Equal(TransferStatus.PartiallyReceived, twoLines.Status);
        Assert.Equal((2L, 2L, 0L, TransferStatus.Received), Summary(Line(twoLines, second)));
    }

    [Fact]
    public async Task AShipmentToAnotherDestinationOrFromAnotherSourceIsListedAsUnmatchedAndAddsNoLine()
    {
        var destination = await fixture.NewKeyAsync(Regions.Snapshots.FreshRegion());
        var id = TransferTests.FreshTransfer();
        var transfer = Transfer(id);

        await transfer.ShippedAsync(Ship(id, destination.ProductId, destination.WarehouseId, 5, sequence: 1));
        await transfer.ShippedAsync(Ship(id, "other-sku", "another-wh", 3, sequence: 1));
        await transfer.ShippedAsync(Ship(id, "third-sku", destination.WarehouseId, 2, sequence: 1, source: "second-source"));
        await transfer.ShippedAsync(Ship(id, "third-sku", destination.WarehouseId, 2, sequence: 1, source: "second-source"));
        await transfer.ReceivedAsync(Receive(id, destination.ProductId, destination.WarehouseId, 5, sequence: 1));
        var record = (await transfer.GetAsync())!;

        Assert.Equal(TransferStatus.Received, record.Status);
        Assert.Equal(1, record.LineCount);
        Assert.Equal(
            [("shipment", Source, "other-sku", 3L, "destination_mismatch"), ("shipment", "second-source", "third-sku", 2L, "source_mismatch")],
            record.Unmatched!.Select(u => (u.Kind, u.WarehouseId, u.ProductId, u.Quantity, u.Reason)));
    }

    [Fact]
    public async Task TheIndexListsTotalsOfATwoLineTransferWithoutItsLines()
    {
        var destination = await fixture.NewKeyAsync(Regions.Snapshots.FreshRegion());
        var id = TransferTests.FreshTransfer();
        await Transfer(id).ShippedAsync(Ship(id, destination.ProductId, destination.WarehouseId, 5, sequence: 1));
        await Transfer(id).ShippedAsync(Ship(id, "second-sku", destination.WarehouseId, 7, sequence: 1));
        await Transfer(id).ReceivedAsync(Receive(id, "second-sku", destination.WarehouseId, 7, sequence: 1));

        var listed = await fixture.Grains.GetGrain<ITransferIndexGrain>(ITransferIndexGrain.Key).ListAsync(TransferStatus.PartiallyReceived, 1000);

        var entry = Assert.Single(listed, t => t.TransferId == id);
        Assert.Equal((12L, 7L, 5L, 2), (entry.Quantity, entry.ReceivedQuantity, entry.OutstandingQuantity, entry.LineCount));
        Assert.Null(entry.Lines);
        Assert.Null(entry.Unmatched);
    }

    [Fact]
    public async Task AStockRecordThatLostItsReportedMarkReportsTheSameEntryAgainAndTheTransferCountsItOnce()
    {
        var source = await fixture.NewKeyAsync();
        var destination = await fixture.RegisterAsync(source with { WarehouseId = $"dst-{Guid.NewGuid():N}"[..20] });
        var id = TransferTests.FreshTransfer();
        var stock = fixture.Grains.Stock(source);
        InventoryEvent Shipped(string eventId, long quantity) => new(eventId, InventoryEventType.TransferShipped, source.ProductId, source.WarehouseId,
            quantity, T0.AddHours(1), "wms", id, null, destination.WarehouseId, DateTimeOffset.UtcNow.AddDays(1));
        await stock.ApplyOneAsync(Added(source, 20, T0));
        await stock.ApplyOneAsync(Shipped("ship-a", 4));
        await Eventually.WaitForAsync(() => Transfer(id).GetAsync(), t => t?.Quantity == 4, TimeSpan.FromSeconds(20), "the first shipment reported");

        // The report went out, but the write that would remember it fails as the grain deactivates: the next
        // activation still holds the entry as unreported and sends it again, with the same ledger sequence.
        fixture.StockTableOf(source).FailSubmits(source.ProductId);
        await fixture.Cluster.DeactivateAsync(stock);
        fixture.StockTableOf(source).Heal(source.ProductId);
        // A later shipment of the same record is reported after the repeat (a record reports in sequence order).
        await stock.ApplyOneAsync(Shipped("ship-b", 3));
        var record = await Eventually.WaitForAsync(() => Transfer(id).GetAsync(), t => t?.Quantity >= 7, TimeSpan.FromSeconds(20), "the second shipment reported");

        Assert.Equal(7, record!.Quantity);
        Assert.Equal((7L, 7L), (Assert.Single(record.Lines!).ShippedQuantity, record.OutstandingQuantity));
        Assert.Equal(13, (await stock.GetAsync()).AvailableQuantity);
    }

    [Fact]
    public void TransferStateStaysUnder64KiBAtItsWorstCase()
    {
        // Every cap full, every id at its longest, both notifications waiting and a snapshot of every line undelivered.
        string Id(int i) => $"{i:D6}".PadRight(IdRules.MaxLength, 'x');
        var t = DateTimeOffset.MaxValue;
        var state = new TransferState
        {
            RegionId = Id(0),
            Delayed = true,
            DestinationWarehouseId = Id(1),
            Lines = [.. Enumerable.Range(0, TransferBook.MaxLines).Select(i => new ShippedLine(Id(i), Id(-1), long.MaxValue, t, t, long.MaxValue))],
            Receipts = [.. Enumerable.Range(0, TransferBook.MaxReceiptTallies).Select(i => new ReceiptTally(Id(i), Id(-i), long.MaxValue, t, long.MaxValue))],
            RefusedShipments = [.. Enumerable.Range(0, TransferBook.MaxRefusedShipments)
                .Select(i => new RefusedShipment(Id(i), Id(-i), long.MaxValue, t, "destination_mismatch", long.MaxValue))],
            Dropped = long.MaxValue,
            TransitVersion = long.MaxValue,
            PendingTransits = [.. Enumerable.Range(0, TransferBook.MaxLines).Select(i => new TransitSnapshot(Id(2), Id(i), Id(1), long.MaxValue, long.MaxValue))],
            Outbox = [.. new[] { NotificationType.DelayedShipment, NotificationType.DelayedShipmentResolved }.Select(type =>
                new Notification($"delayed_shipment_resolved:{Id(2)}", type, t, Id(0), Id(1), Id(3), Id(2), long.MaxValue, null,
                    new string('m', 6 * (IdRules.MaxLength + 24) + 4 * IdRules.MaxLength + 200), new string('p', 55)))],
        };

        var size = fixture.SiloService<Serializer>().SerializeToArray(state).Length;

        Assert.True(size < 64 * 1024, $"worst-case transfer state is {size} bytes");
    }

    private static (long Shipped, long Received, long Outstanding, TransferStatus Status) Summary(TransferLine line) =>
        (line.ShippedQuantity, line.ReceivedQuantity, line.OutstandingQuantity, line.Status);
}
