namespace Orleans.Inventory.Transfers;

/// <summary>One product of a transfer: what left its source warehouse and what arrived at the transfer's destination.</summary>
/// <param name="SourceWarehouseId">Empty while only receipts of the line were reported.</param>
/// <param name="OutstandingQuantity">Shipped minus received, never below 0: the units still in transit.</param>
/// <param name="OverReceived">More was received than shipped (the line counts as received; the excess shows here).</param>
/// <param name="Status"><see cref="TransferStatus.InTransit"/>, <see cref="TransferStatus.PartiallyReceived"/> or <see cref="TransferStatus.Received"/>.</param>
[GenerateSerializer, Immutable, Alias("inventory.transfer-line.v1")]
public sealed record TransferLine(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string SourceWarehouseId,
    [property: Id(2)] long ShippedQuantity,
    [property: Id(3)] long ReceivedQuantity,
    [property: Id(4)] long OutstandingQuantity,
    [property: Id(5)] bool OverReceived,
    [property: Id(6)] DateTimeOffset ShippedAt,
    [property: Id(7)] DateTimeOffset ExpectedArrival,
    [property: Id(8)] DateTimeOffset? ReceivedAt,
    [property: Id(9)] TransferStatus Status);
