using Orleans.Inventory.Reservations;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>A reservation that ended (released, expired or committed), remembered to answer repeats.</summary>
[GenerateSerializer, Immutable, Alias("inventory.closed-reservation.v1")]
public sealed record ClosedReservation(
    [property: Id(0)] string ReservationId,
    [property: Id(1)] long Quantity,
    [property: Id(2)] ReservationState State,
    [property: Id(3)] DateTimeOffset ClosedAt);
