using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Transfers;

namespace Orleans.Inventory.Grains.Transfers;

/// <summary>The persisted state of one transfer grain; small and bounded (two facts, a few pending effects).</summary>
[GenerateSerializer, Alias("inventory.transfer-state.v1")]
public sealed class TransferState
{
    [Id(0)] public TransferShipment? Shipment { get; set; }

    [Id(1)] public TransferReceipt? Receipt { get; set; }

    /// <summary>The destination's region when the shipment was reported (where its in-transit units are counted).</summary>
    [Id(2)] public string? RegionId { get; set; }

    /// <summary>A <c>delayed_shipment</c> was decided (it stays true after a late receipt closes it).</summary>
    [Id(3)] public bool Delayed { get; set; }

    /// <summary>Notifications committed with this state and not yet confirmed published.</summary>
    [Id(4)] public List<Notification> Outbox { get; set; } = [];

    /// <summary>The in-transit snapshot committed with this state and not yet confirmed sent to the region.</summary>
    [Id(5)] public TransitSnapshot? PendingTransit { get; set; }

    /// <summary>The index has not confirmed the current record yet.</summary>
    [Id(6)] public bool IndexPending { get; set; }
}
