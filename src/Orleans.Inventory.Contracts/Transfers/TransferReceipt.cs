namespace Orleans.Inventory.Transfers;

/// <summary>What the destination stock grain reports when a <c>transfer_received</c> is applied.</summary>
[GenerateSerializer, Immutable, Alias("inventory.transfer-receipt.v1")]
public sealed record TransferReceipt(
    [property: Id(0)] string TransferId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] string DestinationWarehouseId,
    [property: Id(3)] long Quantity,
    [property: Id(4)] DateTimeOffset ReceivedAt);
