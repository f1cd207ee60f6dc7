using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Reservations;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// Reservations through the grain interface: each call becomes a reservation event with an id in the system's space
/// (<see cref="SystemEventIds"/>: <c>!reserve:</c>, <c>!release:</c>, <c>!commit:</c> + reservation id, so no caller
/// can forge or pre-empt one) and goes through the same rules, ledger and group commit as device events. A retried
/// call with a known reservation id answers what happened to it however long ago: from the state while it remembers
/// the reservation, else from the ledger by event id. Expiry: a durable reminder, registered while the record holds
/// reservations, releases those whose time is up even if nothing else calls; every write releases overdue ones first.
/// </summary>
internal sealed partial class StockGrain
{
    public async Task<ReservationResult> ReserveAsync(ReservationRequest request)
    {
        if (await FromLedgerAsync(request.ReservationId) is { } known)
        {
            return known;
        }

        var reserve = new InventoryEvent(SystemEventIds.Reserve + request.ReservationId, InventoryEventType.ItemReserved, _key.ProductId, _key.WarehouseId,
            request.Quantity, clock.GetUtcNow(), null, request.ReservationId, null, TtlSeconds: request.TtlSeconds);
        return await ActAsync(reserve);
    }

    public Task<ReservationResult> ReleaseReservationAsync(string reservationId) =>
        ActOnExistingAsync(reservationId, InventoryEventType.ReservationReleased, SystemEventIds.Release);

    public Task<ReservationResult> CommitReservationAsync(string reservationId) =>
        ActOnExistingAsync(reservationId, InventoryEventType.ReservationCommitted, SystemEventIds.Commit);

    public async Task<ReservationResult> GetReservationAsync(string reservationId)
    {
        await ExpireDueAsync();
        return await FromLedgerAsync(reservationId) ?? Describe(reservationId, null, _committed);
    }

    private async Task<ReservationResult> ActOnExistingAsync(string reservationId, InventoryEventType type, string idPrefix)
    {
        if (_book.FindReservation(reservationId) is not { } found)
        {
            return await FromLedgerAsync(reservationId) ?? Describe(reservationId, new EventRejection(RejectionCodes.ReservationNotFound, "reservation_id",
                $"no reservation '{reservationId}' at this warehouse for this product"), _committed);
        }

        var e = new InventoryEvent(idPrefix + reservationId, type, _key.ProductId, _key.WarehouseId, found.Quantity, clock.GetUtcNow(),
            null, reservationId);
        return await ActAsync(e);
    }

    /// <summary>Decides the event, and describes the reservation as that decision left it once its write landed.</summary>
    private async Task<ReservationResult> ActAsync(InventoryEvent e)
    {
        ReservationResult? described = null;
        var result = (await DecideAndCommitAsync([e], fromCaller: false, decided: r =>
            described = Describe(e.Reference!, r.Outcome == EventOutcome.Rejected ? r.Why : null, r.Stock))).Single();
        return described ?? Describe(e.Reference!, result.Why, result.Stock);
    }

    private ReservationResult Describe(string reservationId, EventRejection? refusal, StockRecord record)
    {
        if (refusal is not null && _book.FindReservation(reservationId) is null)
        {
            var state = refusal.Code == RejectionCodes.ReservationNotFound ? ReservationState.NotFound : ReservationState.Refused;
            return new ReservationResult(reservationId, state, 0, null, refusal.Reason, record, refusal.Code);
        }

        return _book.FindReservation(reservationId) is { } found
            ? new ReservationResult(reservationId, found.State, found.Quantity, found.ExpiresAt, refusal?.Reason, record, refusal?.Code)
            : new ReservationResult(reservationId, ReservationState.NotFound, 0, null, null, record);
    }

    /// <summary>
    /// What the ledger says of a reservation the state no longer remembers (only asked once a closed one was forgotten
    /// here): how it ended, by the release, expiry or commit entry that closed it (each carries the reservation's
    /// quantity). Null when the state remembers it or the ledger never closed it (an active reservation is always in
    /// the state, so a reservation the ledger never closed was never granted).
    /// </summary>
    private async Task<ReservationResult?> FromLedgerAsync(string reservationId)
    {
        if (!_state.ClosedForgotten || _book.FindReservation(reservationId) is not null)
        {
            return null;
        }

        (string Prefix, ReservationState State)[] endings =
            [(SystemEventIds.Commit, ReservationState.Committed), (SystemEventIds.Release, ReservationState.Released), (SystemEventIds.Expire, ReservationState.Expired)];
        foreach (var (prefix, state) in endings)
        {
            if (await journal.FindDecidedAsync(_key, prefix + reservationId) is { Outcome: EventOutcome.Applied } ended
                && _book.FindReservation(reservationId) is null)
            {
                return new ReservationResult(reservationId, state, ended.Quantity, null, null, _committed);
            }
        }

        return null;
    }
}
