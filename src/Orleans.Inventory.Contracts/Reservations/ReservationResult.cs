namespace Orleans.Inventory.Reservations;

/// <summary>A reservation's state after a request, with the stock record after it.</summary>
/// <param name="Reason">Why it was refused, or why a release/commit did nothing.</param>
/// <param name="Code">The rejection code behind <paramref name="Reason"/> (e.g. <c>insufficient_stock</c>, <c>unknown_warehouse</c>).</param>
[GenerateSerializer, Immutable, Alias("inventory.reservation-result.v1")]
public sealed record ReservationResult(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] ReservationState State,
    [property: Id(2)] long Quantity,
    [property: Id(3)] DateTimeOffset? ExpiresAt,
    [property: Id(4)] string? Reason,
    [property: Id(5)] StockRecord Stock,
    [property: Id(6)] string? Code = null);
