namespace Orleans.Inventory.Grains.Transfers;

/// <summary>What left the source for one product of a transfer, summed over its accepted shipment reports.</summary>
/// <param name="ShippedAt">The earliest shipment of the line.</param>
/// <param name="ExpectedArrival">The latest expected arrival of the line's shipments (when all of it should be there).</param>
/// <param name="LastSequence">The highest ledger sequence of the source record's reports applied (0: unsequenced).</param>
[GenerateSerializer, Immutable, Alias("inventory.transfer-shipped-line.v1")]
public sealed record ShippedLine(
    [property: Id(0)] string ProductId,
    [property: Id(1)] string SourceWarehouseId,
    [property: Id(2)] long Quantity,
    [property: Id(3)] DateTimeOffset ShippedAt,
    [property: Id(4)] DateTimeOffset ExpectedArrival,
    [property: Id(5)] long LastSequence);
