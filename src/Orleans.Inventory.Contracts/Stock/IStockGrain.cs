using Orleans.Inventory.Events;
using Orleans.Inventory.Ledger;
using Orleans.Inventory.Reservations;
using Orleans.Inventory.Security;

namespace Orleans.Inventory;

/// <summary>
/// The stock of one product at one warehouse (key: <see cref="StockKey.GrainKey"/>). The only writer of that record:
/// it applies each event exactly once under event-time rules, never lets a counter go negative, and appends every
/// decision to the ledger.
/// </summary>
public interface IStockGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies a batch of events that all belong to this grain's key, in the given order, and answers one result each.
    /// Safe to repeat: a redelivered event answers <see cref="EventOutcome.Duplicate"/> and changes nothing.
    /// Throws when storage fails; then no event of the failed chunk took effect and the call may be retried as is.
    /// The events are not copied between grains of one silo (the hot path of every event): the caller must not change
    /// <paramref name="events"/> after the call.
    /// </summary>
    [CallerCheck(CallerRoles.Device, CallerRoles.Manager, Warehouse = WarehouseFrom.GrainKey)]
    Task<IReadOnlyList<EventResult>> ApplyAsync([Immutable] IReadOnlyList<InventoryEvent> events);

    /// <summary>The current record; a pair never seen is zero stock at version 0.</summary>
    ValueTask<StockRecord> GetAsync();

    /// <summary>Ledger entries in sequence order, filtered by sequence and event-time range.</summary>
    Task<LedgerPage> GetLedgerAsync(LedgerQuery query);

    /// <summary>
    /// Checks the ledger's hash chain after sequence <paramref name="after"/> (0: from the start), continuing from
    /// <paramref name="previousHash"/> (the <see cref="LedgerVerification.Head"/> of the check that stopped there),
    /// at most <c>Inventory:Stock:MaxLedgerVerify</c> entries per call.
    /// </summary>
    Task<LedgerVerification> VerifyLedgerAsync(long after = 0, string? previousHash = null);

    /// <summary>The record as of an event time, computed from the ledger (time travel).</summary>
    Task<StockRecord> GetAsOfAsync(DateTimeOffset asOf);

    /// <summary>
    /// Holds units of available stock for an order, idempotent by reservation id: a repeat answers the reservation
    /// as it stands. Refused (nothing held) when available is short. Released by a durable reminder at expiry.
    /// </summary>
    [CallerCheck(CallerRoles.Clerk, Warehouse = WarehouseFrom.GrainKey)]
    Task<ReservationResult> ReserveAsync(ReservationRequest request);

    /// <summary>Releases an active reservation; a repeat answers its final state.</summary>
    [CallerCheck(CallerRoles.Clerk, Warehouse = WarehouseFrom.GrainKey)]
    Task<ReservationResult> ReleaseReservationAsync(string reservationId);

    /// <summary>Commits an active reservation: its units leave (on hand and reserved both go down).</summary>
    [CallerCheck(CallerRoles.Clerk, Warehouse = WarehouseFrom.GrainKey)]
    Task<ReservationResult> CommitReservationAsync(string reservationId);

    /// <summary>A reservation as it stands, or <see cref="ReservationState.NotFound"/>.</summary>
    Task<ReservationResult> GetReservationAsync(string reservationId);
}
