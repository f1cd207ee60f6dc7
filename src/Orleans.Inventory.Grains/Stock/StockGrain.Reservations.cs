using Orleans.Inventory.Events;
using Orleans.Inventory.Reservations;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>
/// Reservations through the grain interface: each call becomes a reservation event with a deterministic id
/// (<c>reserve:</c>, <c>release:</c>, <c>commit:</c> + reservation id) and goes through the same rules, ledger and
/// outbox as device events, so a retried call is a duplicate. Expiry: a durable reminder, registered while the
/// record holds reservations, releases those whose time is up even if nothing else ever calls this grain; every
/// call also releases overdue ones first.
/// </summary>
internal sealed partial class StockGrain
{
    private const string ExpiryReminder = "reservation-expiry";

    public async Task<ReservationResult> ReserveAsync(ReservationRequest request)
    {
        await ExpireDueReservationsAsync();
        var reserve = new InventoryEvent($"reserve:{request.ReservationId}", InventoryEventType.ItemReserved, _key.ProductId, _key.WarehouseId,
            request.Quantity, clock.GetUtcNow(), null, request.ReservationId, null, TtlSeconds: request.TtlSeconds);
        return await ActAsync(reserve);
    }

    public async Task<ReservationResult> ReleaseReservationAsync(string reservationId)
    {
        await ExpireDueReservationsAsync();
        return await ActOnExistingAsync(reservationId, InventoryEventType.ReservationReleased, "release:");
    }

    public async Task<ReservationResult> CommitReservationAsync(string reservationId)
    {
        await ExpireDueReservationsAsync();
        return await ActOnExistingAsync(reservationId, InventoryEventType.ReservationCommitted, "commit:");
    }

    public async Task<ReservationResult> GetReservationAsync(string reservationId)
    {
        await ExpireDueReservationsAsync();
        return Describe(reservationId, null);
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName == ExpiryReminder)
        {
            await ExpireDueReservationsAsync();
        }

        await TryFlushOutboxAsync();
        await TryFlushDerivedAsync();
    }

    private async Task<ReservationResult> ActOnExistingAsync(string reservationId, InventoryEventType type, string idPrefix)
    {
        if (_book.FindReservation(reservationId) is not { } found)
        {
            return Describe(reservationId, new EventRejection(RejectionCodes.ReservationNotFound, "reservation_id",
                $"no reservation '{reservationId}' at this warehouse for this product"));
        }

        var e = new InventoryEvent(idPrefix + reservationId, type, _key.ProductId, _key.WarehouseId, found.Quantity, clock.GetUtcNow(),
            null, reservationId);
        return await ActAsync(e);
    }

    private async Task<ReservationResult> ActAsync(InventoryEvent e)
    {
        var result = (await DecideAndCommitAsync([e])).Single();
        return Describe(e.Reference!, result.Outcome == EventOutcome.Rejected ? result.Why : null);
    }

    private ReservationResult Describe(string reservationId, EventRejection? refusal)
    {
        var record = _book.ToRecord(_key);
        if (refusal is not null && _book.FindReservation(reservationId) is null)
        {
            var state = refusal.Code == RejectionCodes.ReservationNotFound ? ReservationState.NotFound : ReservationState.Refused;
            return new ReservationResult(reservationId, state, 0, null, refusal.Reason, record, refusal.Code);
        }

        return _book.FindReservation(reservationId) is { } found
            ? new ReservationResult(reservationId, found.State, found.Quantity, found.ExpiresAt, refusal?.Reason, record, refusal?.Code)
            : new ReservationResult(reservationId, ReservationState.NotFound, 0, null, null, record);
    }

    /// <summary>Releases every reservation whose time is up (by this grain's clock) as ledgered expiry events.</summary>
    private async Task ExpireDueReservationsAsync()
    {
        var due = _book.DueExpiries(_key, clock.GetUtcNow());
        if (due.Count > 0)
        {
            await DecideAndCommitAsync(due);
        }
    }

    /// <summary>Keeps the reminder registered exactly while reservations are held (each change is a storage write, so only on transitions).</summary>
    private async Task SyncExpiryReminderAsync()
    {
        var holding = stock.State.Reservations.Count > 0;
        if (holding == stock.State.ExpiryReminderActive)
        {
            return;
        }

        var period = reservationOptions.Value.ExpirySweepPeriod;
        if (holding)
        {
            await this.RegisterOrUpdateReminder(ExpiryReminder, period, period);
        }
        else if (await this.GetReminder(ExpiryReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }

        stock.State.ExpiryReminderActive = holding;
    }
}
