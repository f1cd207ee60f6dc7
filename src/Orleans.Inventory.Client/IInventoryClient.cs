using Orleans.Inventory.Events;
using Orleans.Inventory.Notifications;

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

    /// <summary>Subscribes to the cluster's notifications (low stock, recovered, discrepancies, delayed shipments).</summary>
    Task<InventorySubscription<Notification>> SubscribeNotificationsAsync();

    /// <summary>Subscribes to every committed stock change in the cluster.</summary>
    Task<InventorySubscription<StockChange>> SubscribeStockChangesAsync();
}
