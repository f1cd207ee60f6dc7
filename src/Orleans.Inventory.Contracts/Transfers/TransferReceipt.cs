namespace Orleans.Inventory.Transfers;

/// <summary>What a receiving stock grain reports when a <c>transfer_received</c> is applied (at any warehouse).</summary>
/// <param name="EventId">The receipt event's id (kept for the record; null from callers that have none).</param>
/// <param name="Sequence">The reporting stock record's ledger sequence; see <see cref="TransferShipment.Sequence"/>.</param>
[GenerateSerializer, Immutable, Alias("inventory.transfer-receipt.v1")]
public sealed record TransferReceipt(
    [property: Id(0)] string TransferId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] string DestinationWarehouseId,
    [property: Id(3)] long Quantity,
    [property: Id(4)] DateTimeOffset ReceivedAt,
    [property: Id(5)] string? EventId = null,
    [property: Id(6)] long Sequence = 0);
