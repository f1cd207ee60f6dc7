namespace Orleans.Inventory.Grains.Transfers;

/// <summary>
/// What one stock record (product at warehouse) reported receiving for a transfer, summed. Whether it matches a line is
/// decided when the transfer is read, so a receipt reported before its shipment is matched once the shipment arrives.
/// </summary>
/// <param name="ReceivedAt">The latest receipt time reported.</param>
/// <param name="LastSequence">The highest ledger sequence of the record's reports applied (0: unsequenced).</param>
[GenerateSerializer, Immutable, Alias("inventory.transfer-receipt-tally.v1")]
public sealed record ReceiptTally(
    [property: Id(0)] string WarehouseId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] long Quantity,
    [property: Id(3)] DateTimeOffset ReceivedAt,
    [property: Id(4)] long LastSequence);
