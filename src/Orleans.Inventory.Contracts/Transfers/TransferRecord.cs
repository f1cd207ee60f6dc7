namespace Orleans.Inventory.Transfers;

/// <summary>A transfer of one product between two warehouses, as shipped and (maybe) received.</summary>
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
    [property: Id(9)] TransferStatus Status);
