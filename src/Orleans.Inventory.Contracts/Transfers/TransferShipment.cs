namespace Orleans.Inventory.Transfers;

/// <summary>What the source stock grain reports when a <c>transfer_shipped</c> is applied.</summary>
[GenerateSerializer, Immutable, Alias("inventory.transfer-shipment.v1")]
public sealed record TransferShipment(
    [property: Id(0)] string TransferId,
    [property: Id(1)] string ProductId,
    [property: Id(2)] string SourceWarehouseId,
    [property: Id(3)] string DestinationWarehouseId,
    [property: Id(4)] long Quantity,
    [property: Id(5)] DateTimeOffset ShippedAt,
    [property: Id(6)] DateTimeOffset ExpectedArrival);
