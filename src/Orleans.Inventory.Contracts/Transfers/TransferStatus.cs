namespace Orleans.Inventory.Transfers;

/// <summary>Where a transfer stands. Wire names snake_case.</summary>
public enum TransferStatus
{
    /// <summary>Shipped, not received, expected arrival not yet passed.</summary>
    InTransit = 1,

    /// <summary>Shipped, not received, expected arrival passed (a <c>delayed_shipment</c> went out).</summary>
    Delayed = 2,

    /// <summary>Received on or before the expected arrival.</summary>
    Received = 3,

    /// <summary>Received after the expected arrival (its delayed alert is closed).</summary>
    ReceivedLate = 4,
}
