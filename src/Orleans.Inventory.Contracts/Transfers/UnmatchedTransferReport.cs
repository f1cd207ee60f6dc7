namespace Orleans.Inventory.Transfers;

/// <summary>
/// A report that names the transfer but is not part of it, summed per reporting stock record: a receipt of a product
/// that is not a line or at a warehouse that is not the destination, or a shipment the transfer refused (another
/// destination, another source for a line, past the line cap). It never changes the transfer's lines or status; the
/// stock effect at that warehouse stands on its own.
/// </summary>
/// <param name="Kind"><c>shipment</c> or <c>receipt</c>.</param>
/// <param name="Reason"><c>not_destination</c>, <c>not_a_line</c>, <c>destination_mismatch</c>, <c>source_mismatch</c> or <c>line_cap</c>.</param>
[GenerateSerializer, Immutable, Alias("inventory.unmatched-transfer-report.v1")]
public sealed record UnmatchedTransferReport(
    [property: Id(0)] string Kind,
    [property: Id(1)] string WarehouseId,
    [property: Id(2)] string ProductId,
    [property: Id(3)] long Quantity,
    [property: Id(4)] DateTimeOffset LastReportedAt,
    [property: Id(5)] string Reason);
