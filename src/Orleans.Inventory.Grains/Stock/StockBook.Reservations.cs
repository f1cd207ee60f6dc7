using Orleans.Inventory.Events;
using Orleans.Inventory.Reservations;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// Reservations move units between available and reserved; a commit takes them off on hand (a removal at its
/// event time, so an older commit stays inside a newer count like any other change). Idempotent by reservation id:
/// a repeat answers <see cref="EventOutcome.Duplicate"/>; a release or commit that arrives before its reserve is
/// rejected <c>reservation_not_found</c> and dead-lettered, to be replayed once the reserve has arrived.
/// </summary>
internal sealed partial class StockBook
{
    /// <summary>The reservations whose time is up at <paramref name="now"/>, as the release events that end them.</summary>
    public IReadOnlyList<InventoryEvent> DueExpiries(StockKey key, DateTimeOffset now) =>
        [.. _state.Reservations.Values
            .Where(reservation => reservation.ExpiresAt <= now)
            .OrderBy(reservation => reservation.ExpiresAt)
            .Select(reservation => new InventoryEvent(SystemEventIds.Expire + reservation.ReservationId, InventoryEventType.ReservationReleased,
                key.ProductId, key.WarehouseId, reservation.Quantity, now, "reservation-expiry", reservation.ReservationId, "expired"))];

    /// <summary>A reservation as it stands here, or null when this record does not remember it.</summary>
    public (ReservationState State, long Quantity, DateTimeOffset? ExpiresAt)? FindReservation(string reservationId)
    {
        if (_state.Reservations.TryGetValue(reservationId, out var active))
        {
            return (ReservationState.Active, active.Quantity, active.ExpiresAt);
        }

        return _state.ClosedReservations.LastOrDefault(closed => closed.ReservationId == reservationId) is { } found
            ? (found.State, found.Quantity, null)
            : null;
    }

    private Decision DecideReserve(InventoryEvent e, DateTimeOffset recordedAt)
    {
        var id = e.Reference!;
        if (FindReservation(id) is not null)
        {
            return Decision.Duplicate;
        }

        if (_state.Reservations.Count >= _reservationOptions.MaxActivePerRecord)
        {
            return Decision.Reject(RejectionCodes.TooManyReservations, "reference",
                $"this stock record already holds {_reservationOptions.MaxActivePerRecord} active reservations");
        }

        var available = Split(_state.OnHand, _state.Reserved).Available;
        if (e.Quantity > available)
        {
            return Decision.Reject(RejectionCodes.InsufficientStock, "quantity", $"asked for {e.Quantity}, only {available} available");
        }

        var ttl = e.TtlSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : _reservationOptions.DefaultTtl;
        _state.Reservations[id] = new ActiveReservation(id, e.Quantity, recordedAt + ttl, recordedAt);
        return Decision.Apply(0, e.Quantity);
    }

    private Decision DecideRelease(InventoryEvent e, DateTimeOffset recordedAt)
    {
        var id = e.Reference!;
        if (_state.Reservations.Remove(id, out var active))
        {
            var state = e.EventId.StartsWith(SystemEventIds.Expire, StringComparison.Ordinal) ? ReservationState.Expired : ReservationState.Released;
            Close(new ClosedReservation(id, active.Quantity, state, recordedAt));
            return Decision.Apply(0, -active.Quantity);
        }

        return FindReservation(id) switch
        {
            { State: ReservationState.Released or ReservationState.Expired } => Decision.Duplicate,
            { State: var state } => Decision.Reject(RejectionCodes.ReservationClosed, "reference", $"reservation '{id}' is already {Name(state)}"),
            null => Decision.Reject(RejectionCodes.ReservationNotFound, "reference", $"no reservation '{id}' at this warehouse for this product"),
        };
    }

    private Decision DecideCommit(InventoryEvent e, DateTimeOffset recordedAt)
    {
        var id = e.Reference!;
        if (_state.Reservations.TryGetValue(id, out var active))
        {
            if (e.Quantity != active.Quantity)
            {
                return Decision.Reject(RejectionCodes.InvalidValue, "quantity",
                    $"reservation '{id}' holds {active.Quantity}; a commit takes all of it, got {e.Quantity}");
            }

            _state.Reservations.Remove(id);
            Close(new ClosedReservation(id, active.Quantity, ReservationState.Committed, recordedAt));

            // The reserved units are gone either way; on hand only changes if no newer count already saw them leave.
            var change = IsInsideNewestCount(e.Timestamp) is null ? -active.Quantity : 0;
            return Decision.Apply(change, -active.Quantity);
        }

        return FindReservation(id) switch
        {
            { State: ReservationState.Committed } => Decision.Duplicate,
            { State: var state } => Decision.Reject(RejectionCodes.ReservationClosed, "reference", $"reservation '{id}' is already {Name(state)}"),
            null => Decision.Reject(RejectionCodes.ReservationNotFound, "reference", $"no reservation '{id}' at this warehouse for this product"),
        };
    }

    private void Close(ClosedReservation closed)
    {
        _state.ClosedReservations.Add(closed);
        var excess = _state.ClosedReservations.Count - _reservationOptions.ClosedMemory;
        if (excess > 0)
        {
            _state.ClosedReservations.RemoveRange(0, excess);
            _state.ClosedForgotten = true;
        }
    }

    private static string Name(ReservationState state) => state.ToString().ToLowerInvariant();
}
