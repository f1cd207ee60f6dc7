namespace Orleans.Inventory.Grains.Stock;

/// <summary>Units held for an order until <see cref="ExpiresAt"/>, unless committed or released first.</summary>
[GenerateSerializer, Immutable, Alias("inventory.active-reservation.v1")]
public sealed record ActiveReservation(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] long Quantity,
    [property: Id(2)] DateTimeOffset ExpiresAt,
    [property: Id(3)] DateTimeOffset CreatedAt);
