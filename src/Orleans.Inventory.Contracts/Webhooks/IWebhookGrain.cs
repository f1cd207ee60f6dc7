using Orleans.Inventory.Notifications;
using Orleans.Inventory.Security;

namespace Orleans.Inventory.Webhooks;

/// <summary>
/// One webhook's delivery queue (key: the webhook id). Keeps pending deliveries in persisted state and delivers
/// them one at a time, in order, retrying with backoff until the retry window ends; keeps the newest finished ones.
/// </summary>
public interface IWebhookGrain : IGrainWithStringKey
{
    /// <summary>Sets where and how to deliver (called by the registry when the webhook is created).</summary>
    [CallerCheck(CallerRoles.Manager)]
    Task ConfigureAsync(WebhookDefinition definition);

    /// <summary>
    /// Queues the notification for delivery, unless this webhook already queued or kept it (same delivery id);
    /// does nothing when the webhook is not configured or its types do not match. Returns once the queue is stored.
    /// </summary>
    [CallerCheck]
    Task EnqueueAsync(Notification notification);

    /// <summary>Pending and kept deliveries, newest first, at most <paramref name="limit"/>.</summary>
    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<WebhookDelivery>> GetDeliveriesAsync(int limit);

    /// <summary>Forgets the definition, drops pending deliveries and stops retrying.</summary>
    [CallerCheck(CallerRoles.Manager)]
    Task RemoveAsync();
}
