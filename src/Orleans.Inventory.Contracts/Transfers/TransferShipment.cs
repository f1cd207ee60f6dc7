namespace Orleans.Inventory.Transfers;

/// <summary>What the source stock grain reports when a <c>transfer_shipped</c> is applied: one line's units leaving.</summary>
/// <param name="EventId">The shipment event's id (kept for the record; null from callers that have none).</param>
/// <param name="Sequence">The reporting stock record's ledger sequence of the event. A stock record reports in
/// sequence order, so the transfer keeps the highest sequence it applied per reporting record and treats a report at
/// or below it as a redelivery. 0 (unsequenced, from direct callers): the first such report per record stands.</param>
[GenerateSerializer, Immutable, Alias("inventory.transfer-shipment.v1")]
public sealed record TransferShipment(
    [property: Id(0)] string TransferId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] string SourceWarehouseId,
    [property: Id(3)] string DestinationWarehouseId,
    [property: Id(4)] long Quantity,
    [property: Id(5)] DateTimeOffset ShippedAt,
    [property: Id(6)] DateTimeOffset ExpectedArrival,
    [property: Id(7)] string? EventId = null,
    [property: Id(8)] long Sequence = 0);
