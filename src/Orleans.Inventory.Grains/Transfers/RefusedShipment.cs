namespace Orleans.Inventory.Grains.Transfers;

/// <summary>Shipments of one source record that name the transfer but were not accepted as a line, summed per reason.</summary>
/// <param name="Reason"><c>destination_mismatch</c>, <c>source_mismatch</c> or <c>line_cap</c>.</param>
/// <param name="LastSequence">The highest ledger sequence of the record's refused reports (0: unsequenced).</param>
[GenerateSerializer, Immutable, Alias("inventory.transfer-refused-shipment.v1")]
public sealed record RefusedShipment(
    [property: Id(0)] string WarehouseId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] long Quantity,
    [property: Id(3)] DateTimeOffset LastReportedAt,
    [property: Id(4)] string Reason,
    [property: Id(5)] long LastSequence);
