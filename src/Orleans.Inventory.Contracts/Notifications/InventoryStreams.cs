namespace Orleans.Inventory.Notifications;

/// <summary>
/// The Orleans streams the system publishes on. One provider (configured under <c>Orleans:Streaming</c> with this
/// name); notifications and stock changes each on one stream (key <see cref="AllKey"/>), consumed by the
/// notification history, the live-push hub and client subscriptions.
/// </summary>
public static class InventoryStreams
{
    public const string ProviderName = "notifications";

    public const string NotificationNamespace = "inventory-notifications";

    public const string StockChangeNamespace = "inventory-stock-changes";

    public const string AllKey = "all";
}
