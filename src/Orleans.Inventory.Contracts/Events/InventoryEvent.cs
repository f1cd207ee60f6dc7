namespace Orleans.Inventory.Events;

/// <summary>A validated inventory event for one product at one warehouse.</summary>
/// <remarks>
/// Built only by <see cref="InventoryEventParser"/> (or by code that already holds validated values), so every
/// instance is known-good: ids are key-safe, the quantity is in range, the timestamp is UTC.
/// Type-specific fields: <see cref="Reference"/> names the reservation (reservation types) or transfer (transfer
/// types); <see cref="Destination"/> and <see cref="ExpectedArrival"/> belong to <c>transfer_shipped</c>;
/// <see cref="TtlSeconds"/> to <c>item_reserved</c>.
/// </remarks>
[GenerateSerializer, Immutable, Alias("inventory.event.v1")]
public sealed record InventoryEvent(
    [property: Id(0)] string EventId,
    [property: Id(1)] InventoryEventType Type,
    [property: Id(2)] string ProductId,
    [property: Id(3)] string WarehouseId,
    [property: Id(4)] long Quantity,
    [property: Id(5)] DateTimeOffset Timestamp,
    [property: Id(6)] string? DeviceId = null,
    [property: Id(7)] string? Reference = null,
    [property: Id(8)] string? Reason = null,
    [property: Id(9)] string? Destination = null,
    [property: Id(10)] DateTimeOffset? ExpectedArrival = null,
    [property: Id(11)] int? TtlSeconds = null)
{
    /// <summary>Who sent it: the device id, or <c>unknown</c> when the sender named none.</summary>
    public string Source => DeviceId ?? "unknown";

    public StockKey Key => new(WarehouseId, ProductId);
}
