namespace Orleans.Inventory.Reservations;

/// <summary>Where a reservation stands. Wire names snake_case.</summary>
public enum ReservationState
{
    /// <summary>Holding units; expires at <see cref="ReservationResult.ExpiresAt"/>.</summary>
    Active = 1,

    /// <summary>Refused: available stock was short (nothing held).</summary>
    Refused = 2,

    /// <summary>Released by the client or an order system.</summary>
    Released = 3,

    /// <summary>Committed: the units left (fulfilled).</summary>
    Committed = 4,

    /// <summary>Released by expiry.</summary>
    Expired = 5,

    /// <summary>No reservation with that id is known here.</summary>
    NotFound = 6,
}
