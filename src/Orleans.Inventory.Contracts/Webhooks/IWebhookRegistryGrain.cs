using Orleans.Inventory.Security;

namespace Orleans.Inventory.Webhooks;

/// <summary>
/// The registered webhooks (key: <see cref="Key"/>), at most <c>Inventory:Webhooks:MaxWebhooks</c>. It also consumes
/// the notification stream and hands each notification to every webhook whose types match; the webhook's own grain
/// (<see cref="IWebhookGrain"/>) keeps and delivers it, so a slow receiver never holds up the others.
/// </summary>
public interface IWebhookRegistryGrain : IGrainWithStringKey
{
    /// <summary>The one registry's key (the notification stream's key, so the implicit subscription lands here).</summary>
    public const string Key = Notifications.InventoryStreams.AllKey;

    /// <summary>Registers a webhook with a new id; refused (with a reason) when the registry is full.</summary>
    [CallerCheck(CallerRoles.Manager)]
    Task<WebhookRegistration> CreateAsync(WebhookRequest request);

    [Orleans.Concurrency.ReadOnly]
    Task<IReadOnlyList<WebhookInfo>> ListAsync();

    [Orleans.Concurrency.ReadOnly]
    Task<WebhookInfo?> GetAsync(string webhookId);

    /// <summary>Removes the webhook and drops its pending deliveries; false when it is not registered.</summary>
    [CallerCheck(CallerRoles.Manager)]
    Task<bool> DeleteAsync(string webhookId);
}
