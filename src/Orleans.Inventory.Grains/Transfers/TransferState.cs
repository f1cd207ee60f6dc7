using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Transfers;

namespace Orleans.Inventory.Grains.Transfers;

/// <summary>
/// The persisted state of one transfer grain; bounded (see the caps in <see cref="TransferBook"/>): the accepted lines,
/// one receipt tally per reporting stock record and refused shipments, each with the last ledger sequence its record
/// reported, and a few pending effects. At the caps, with ids of the longest valid length and the region unreachable, under 64 KiB.
/// </summary>
[GenerateSerializer, Alias("inventory.transfer-state.v1")]
public sealed class TransferState
{
    /// <summary>The single shipment of a transfer stored before lines existed; moved into <see cref="Lines"/> on activation.</summary>
    [Id(0)] public TransferShipment? Shipment { get; set; }

    /// <summary>The single receipt of a transfer stored before lines existed; moved into <see cref="Receipts"/> on activation.</summary>
    [Id(1)] public TransferReceipt? Receipt { get; set; }

    /// <summary>The destination's region when the first shipment was accepted (where its in-transit units are counted).</summary>
    [Id(2)] public string? RegionId { get; set; }

    /// <summary>A <c>delayed_shipment</c> was decided (it stays true after a late receipt closes it).</summary>
    [Id(3)] public bool Delayed { get; set; }

    /// <summary>Notifications committed with this state and not yet confirmed published.</summary>
    [Id(4)] public List<Notification> Outbox { get; set; } = [];

    /// <summary>The one in-transit snapshot of a state stored before lines existed; moved into <see cref="PendingTransits"/>.</summary>
    [Id(5)] public TransitSnapshot? PendingTransit { get; set; }

    /// <summary>The index has not confirmed the current record yet.</summary>
    [Id(6)] public bool IndexPending { get; set; }

    /// <summary>Fixed by the first accepted shipment; a shipment to another warehouse is refused.</summary>
    [Id(7)] public string? DestinationWarehouseId { get; set; }

    /// <summary>One per product, in the order first shipped; all from the first accepted shipment's source.</summary>
    [Id(8)] public List<ShippedLine> Lines { get; set; } = [];

    /// <summary>One per reporting stock record (warehouse, product), in the order first reported.</summary>
    [Id(9)] public List<ReceiptTally> Receipts { get; set; } = [];

    /// <summary>Shipments that name this transfer but were not accepted as lines, summed per record and reason.</summary>
    [Id(10)] public List<RefusedShipment> RefusedShipments { get; set; } = [];

    /// <summary>Reports past a cap, neither tallied nor listed (at least this many: a redelivery of one counts again).</summary>
    [Id(11)] public long Dropped { get; set; }

    /// <summary>The version of the last in-transit snapshots made for the region (one per line, all the same version).</summary>
    [Id(12)] public long TransitVersion { get; set; }

    /// <summary>In-transit snapshots committed with this state and not yet confirmed sent to the region.</summary>
    [Id(13)] public List<TransitSnapshot> PendingTransits { get; set; } = [];
}
