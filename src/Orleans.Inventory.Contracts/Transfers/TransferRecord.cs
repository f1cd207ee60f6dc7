namespace Orleans.Inventory.Transfers;

/// <summary>
/// A transfer between two warehouses: one or more lines (one per product) and totals over them. The single-product
/// fields of the first version stay: <see cref="ProductId"/> and <see cref="SourceWarehouseId"/> are the first line's,
/// <see cref="Quantity"/> is the total shipped, <see cref="ReceivedQuantity"/> the total received on lines (over-receipts
/// included). A single-product transfer is a transfer of one line.
/// </summary>
/// <param name="ShippedAt">The earliest shipment of a line.</param>
/// <param name="ExpectedArrival">The earliest expected arrival of a line.</param>
/// <param name="ReceivedAt">The latest receipt on a line; null before any.</param>
/// <param name="OutstandingQuantity">Shipped minus received over the lines, each line at least 0: the units still in transit.</param>
/// <param name="Lines">Every line; null in the lists of <c>GET /api/transfers</c> (read one transfer for its lines).</param>
/// <param name="Unmatched">Reports naming this transfer that are not part of it; null in lists, like <paramref name="Lines"/>.</param>
/// <param name="UnmatchedReportsDropped">Reports past a cap of the transfer (counted, neither tallied nor listed; at least this many).</param>
/// <param name="LineCount">How many lines (also in lists).</param>
[GenerateSerializer, Immutable, Alias("inventory.transfer-record.v1")]
public sealed record TransferRecord(
    [property: Id(0)] string TransferId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] string SourceWarehouseId,
    [property: Id(3)] string DestinationWarehouseId,
    [property: Id(4)] long Quantity,
    [property: Id(5)] DateTimeOffset ShippedAt,
    [property: Id(6)] DateTimeOffset ExpectedArrival,
    [property: Id(7)] DateTimeOffset? ReceivedAt,
    [property: Id(8)] long ReceivedQuantity,
    [property: Id(9)] TransferStatus Status,
    [property: Id(10)] long OutstandingQuantity = 0,
    [property: Id(11)] IReadOnlyList<TransferLine>? Lines = null,
    [property: Id(12)] IReadOnlyList<UnmatchedTransferReport>? Unmatched = null,
    [property: Id(13)] long UnmatchedReportsDropped = 0,
    [property: Id(14)] int LineCount = 0);
