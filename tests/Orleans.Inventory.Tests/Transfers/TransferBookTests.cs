using Orleans.Inventory.Grains.Transfers;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Transfers;

namespace Orleans.Inventory.Tests.Transfers;

/// <summary>The transfer rules without a cluster: caps on lines and tallies, and the state written before transfers had lines.</summary>
public sealed class TransferBookTests
{
    private static readonly DateTimeOffset Arrival = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static TransferShipment Ship(string productId, long sequence) =>
        new("tr-1", productId, "src", "dst", 1, Arrival.AddDays(-1), Arrival, null, sequence);

    private static TransferReceipt Receive(string warehouseId, string productId, long quantity, long sequence) =>
        new("tr-1", productId, warehouseId, quantity, Arrival.AddHours(-1), null, sequence);

    [Fact]
    public void AShipmentPastTheLineCapIsRefusedAndAReceiptPastTheTallyCapIsDroppedAndCounted()
    {
        var state = new TransferState();
        for (var i = 0; i < TransferBook.MaxLines; i++)
        {
            Assert.Null(TransferBook.Ship(state, Ship($"sku-{i}", 1)));
        }

        var refused = TransferBook.Ship(state, Ship("one-too-many", 1));
        for (var i = 0; i < TransferBook.MaxReceiptTallies; i++)
        {
            Assert.True(TransferBook.Receive(state, Receive($"wh-{i}", "sku-0", 1, 1)));
        }

        var dropped = TransferBook.Receive(state, Receive("wh-last", "sku-0", 1, 1));

        Assert.Equal("line_cap", refused);
        Assert.False(dropped);
        Assert.Equal(TransferBook.MaxLines, TransferBook.Lines(state).Count);
        Assert.Equal(1, state.Dropped);
        Assert.Equal(("shipment", "one-too-many", "line_cap"), TransferBook.Unmatched(state).Where(u => u.Kind == "shipment").Select(u => (u.Kind, u.ProductId, u.Reason)).Single());
        // A redelivery of a dropped receipt is not known (nothing was kept of it), so it counts again: "at least".
        Assert.False(TransferBook.IsRedelivery(state, TransferBook.ReceiptKind, "wh-last", "sku-0", 1));
        Assert.True(TransferBook.IsRedelivery(state, TransferBook.ShipmentKind, "src", "one-too-many", 1));
    }

    [Fact]
    public void AStateWrittenBeforeLinesBecomesOneLineWhoseReportsStandAndWhoseTransitVersionsComeAfterTheOldOnes()
    {
        var state = new TransferState
        {
            Shipment = new TransferShipment("tr-1", "sku", "src", "dst", 4, Arrival.AddDays(-1), Arrival),
            Receipt = new TransferReceipt("tr-1", "sku", "dst", 3, Arrival.AddHours(-1)),
            PendingTransit = new TransitSnapshot("tr-1", "sku", "dst", 0, 2),
        };

        TransferBook.Upgrade(state);
        var line = Assert.Single(TransferBook.Lines(state));

        Assert.Equal((4L, 3L, 1L, TransferStatus.PartiallyReceived), (line.ShippedQuantity, line.ReceivedQuantity, line.OutstandingQuantity, line.Status));
        Assert.Equal(("src", "dst"), (line.SourceWarehouseId, TransferBook.Destination(state)));
        Assert.True(TransferBook.IsRedelivery(state, TransferBook.ShipmentKind, "src", "sku", 17));
        Assert.True(TransferBook.IsRedelivery(state, TransferBook.ReceiptKind, "dst", "sku", 17));
        Assert.Equal(2, state.TransitVersion);
        Assert.Equal(2, Assert.Single(state.PendingTransits).Version);
        Assert.Equal((null, null, null), (state.Shipment, state.Receipt, state.PendingTransit));
    }
}
