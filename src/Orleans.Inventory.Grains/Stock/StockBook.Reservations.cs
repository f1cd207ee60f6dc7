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
    /// <summary>Active reservations by expiry, so finding the due ones costs what is due, not what is held.</summary>
    private readonly SortedSet<(DateTimeOffset ExpiresAt, string Id)> _expiries = new(ExpiryOrder.Instance);

    /// <summary>Reservation rows changed since the last write was sealed: the reservation to add, or null to delete its row.</summary>
    private readonly Dictionary<string, ActiveReservation?> _reservationRows = new(StringComparer.Ordinal);

    /// <summary>Reservations added since the last seal (no row yet): closing one of them before the seal writes nothing.</summary>
    private readonly HashSet<string> _unsavedReservations = new(StringComparer.Ordinal);

    /// <summary>Reservation rows the open write will add or delete.</summary>
    public int PendingReservationRows => _reservationRows.Count;

    /// <summary>The reservation rows changed since the last call, for the write being sealed; clears them.</summary>
    public IReadOnlyList<KeyValuePair<string, ActiveReservation?>> TakeReservationRows()
    {
        if (_reservationRows.Count == 0)
        {
            return [];
        }

        var changes = _reservationRows.ToList();
        _reservationRows.Clear();
        _unsavedReservations.Clear();
        return changes;
    }

    /// <summary>The reservations whose time is up at <paramref name="now"/>, as the release events that end them.</summary>
    public IReadOnlyList<InventoryEvent> DueExpiries(StockKey key, DateTimeOffset now)
    {
        if (_expiries.Count == 0 || _expiries.Min.ExpiresAt > now)
        {
            return [];
        }

        return [.. _expiries.TakeWhile(due => due.ExpiresAt <= now)
            .Select(due => _state.Reservations[due.Id])
            .Select(reservation => new InventoryEvent(SystemEventIds.Expire + reservation.ReservationId, InventoryEventType.ReservationReleased,
                key.ProductId, key.WarehouseId, reservation.Quantity, now, "reservation-expiry", reservation.ReservationId, "expired"))];
    }

    private void AddReservation(ActiveReservation reservation)
    {
        _state.Reservations[reservation.ReservationId] = reservation;
        _expiries.Add((reservation.ExpiresAt, reservation.ReservationId));
        _reservationRows[reservation.ReservationId] = reservation;
        _unsavedReservations.Add(reservation.ReservationId);
    }

    private bool RemoveReservation(string id, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out ActiveReservation? reservation)
    {
        if (!_state.Reservations.Remove(id, out reservation))
        {
            return false;
        }

        _expiries.Remove((reservation.ExpiresAt, id));
        if (_unsavedReservations.Remove(id))
        {
            _reservationRows.Remove(id);
        }
        else
        {
            _reservationRows[id] = null;
        }

        return true;
    }

    private sealed class ExpiryOrder : IComparer<(DateTimeOffset ExpiresAt, string Id)>
    {
        public static readonly ExpiryOrder Instance = new();

        public int Compare((DateTimeOffset ExpiresAt, string Id) x, (DateTimeOffset ExpiresAt, string Id) y) =>
            x.ExpiresAt.CompareTo(y.ExpiresAt) is var byTime and not 0 ? byTime : string.CompareOrdinal(x.Id, y.Id);
    }

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
        AddReservation(new ActiveReservation(id, e.Quantity, recordedAt + ttl, recordedAt));
        return Decision.Apply(0, e.Quantity);
    }

    private Decision DecideRelease(InventoryEvent e, DateTimeOffset recordedAt)
    {
        var id = e.Reference!;
        if (RemoveReservation(id, out var active))
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

            RemoveReservation(id, out _);
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
