namespace Orleans.Inventory.Reservations;

/// <summary>A client's request to hold units of available stock for an order.</summary>
/// <param name="ReservationId">The idempotency key: the same id twice is one reservation.</param>
/// <param name="TtlSeconds">How long the hold lasts unless committed or released; null for the configured default.</param>
[GenerateSerializer, Immutable, Alias("inventory.reservation-request.v1")]
public sealed record ReservationRequest(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] long Quantity,
    [property: Id(2)] int? TtlSeconds = null);
