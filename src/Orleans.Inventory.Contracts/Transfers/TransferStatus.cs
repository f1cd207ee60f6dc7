namespace Orleans.Inventory.Transfers;

/// <summary>Where a transfer (or one of its lines) stands. Wire names snake_case.</summary>
/// <remarks>A line is only ever <see cref="InTransit"/>, <see cref="PartiallyReceived"/> or <see cref="Received"/>.</remarks>
public enum TransferStatus
{
    /// <summary>Shipped, nothing of it received, expected arrival not yet passed.</summary>
    InTransit = 1,

    /// <summary>Shipped, not fully received, expected arrival passed (a <c>delayed_shipment</c> went out).</summary>
    Delayed = 2,

    /// <summary>Every line fully received (over-receipt included) on or before its expected arrival.</summary>
    Received = 3,

    /// <summary>Every line fully received, one after its expected arrival or after a delay alert (which is closed).</summary>
    ReceivedLate = 4,

    /// <summary>Some units received at the destination, not all lines fully; no delay alert open.</summary>
    PartiallyReceived = 5,
}
