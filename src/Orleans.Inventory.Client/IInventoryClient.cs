using Orleans.Inventory.Events;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Reservations;

namespace Orleans.Inventory.Client;

/// <summary>
/// Typed access to the inventory cluster through its Orleans gateway: read stock, apply events, and follow
/// notifications and stock changes as they happen. Register it with
/// <see cref="InventoryClientServiceCollectionExtensions.AddInventoryClient(Microsoft.Extensions.DependencyInjection.IServiceCollection, Microsoft.Extensions.Configuration.IConfiguration)"/>.
/// </summary>
public interface IInventoryClient
{
    /// <summary>The stock record of a product at a warehouse; a pair never seen is zero stock at version 0.</summary>
    /// <param name="key">The warehouse and product.</param>
    ValueTask<StockRecord> GetStockAsync(StockKey key);

    /// <summary>A product's record at every warehouse that holds it, and the totals.</summary>
    /// <param name="productId">The product.</param>
    Task<ProductStock> GetProductStockAsync(string productId);

    /// <summary>
    /// Applies events (validated: built by <see cref="InventoryEventParser"/> or from values that keep its rules), each
    /// at its own stock record, and answers one result per event in the given order. Events of one record are applied
    /// in the given order; records are updated in parallel. Repeating the call is safe: what was applied answers
    /// <see cref="EventOutcome.Duplicate"/>. Throws when a record could not be updated; then retry the same events.
    /// </summary>
    /// <param name="events">The events; ids must keep <see cref="IdRules"/>.</param>
    Task<IReadOnlyList<EventResult>> ApplyAsync(IReadOnlyList<InventoryEvent> events);

    /// <summary>The record as it stood at an event time, computed from the ledger.</summary>
    /// <param name="key">The warehouse and product.</param>
    /// <param name="asOf">The event time.</param>
    Task<StockRecord> GetStockAsOfAsync(StockKey key, DateTimeOffset asOf);

    /// <summary>
    /// Holds units of available stock for an order. Idempotent by <see cref="ReservationRequest.ReservationId"/>: a
    /// repeat answers the reservation as it stands. <see cref="ReservationState.Refused"/> (nothing held, with a reason)
    /// when available is short; released at expiry unless committed or released first.
    /// </summary>
    /// <param name="key">The warehouse and product to hold.</param>
    /// <param name="request">Reservation id, quantity and optional time to live.</param>
    Task<ReservationResult> ReserveAsync(StockKey key, ReservationRequest request);

    /// <summary>Releases an active reservation (its units become available again); a repeat answers its final state.</summary>
    /// <param name="key">The warehouse and product it holds.</param>
    /// <param name="reservationId">The reservation.</param>
    Task<ReservationResult> ReleaseReservationAsync(StockKey key, string reservationId);

    /// <summary>Commits an active reservation: its units leave (on hand and reserved both go down); a repeat answers its final state.</summary>
    /// <param name="key">The warehouse and product it holds.</param>
    /// <param name="reservationId">The reservation.</param>
    Task<ReservationResult> CommitReservationAsync(StockKey key, string reservationId);

    /// <summary>A reservation as it stands, or <see cref="ReservationState.NotFound"/>.</summary>
    /// <param name="key">The warehouse and product it holds.</param>
    /// <param name="reservationId">The reservation.</param>
    Task<ReservationResult> GetReservationAsync(StockKey key, string reservationId);

    /// <summary>Subscribes to the cluster's notifications (low stock, recovered, discrepancies, delayed shipments).</summary>
    Task<InventorySubscription<Notification>> SubscribeNotificationsAsync();

    /// <summary>Subscribes to every committed stock change in the cluster.</summary>
    Task<InventorySubscription<StockChange>> SubscribeStockChangesAsync();
}
