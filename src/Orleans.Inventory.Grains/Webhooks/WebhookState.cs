using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>
/// One webhook's persisted queue. Both lists are bounded (<see cref="WebhookOptions.MaxPendingDeliveries"/>,
/// <see cref="WebhookOptions.DeliveryHistoryCapacity"/>); a notification is about 0.5 KB, so the defaults keep the
/// state near 150 KB at worst, inside an Azure Table entity (1 MiB).
/// </summary>
[GenerateSerializer, Alias("inventory.webhook-state.v1")]
public sealed class WebhookState
{
    /// <summary>Null before configuration and after removal: nothing is queued then.</summary>
    [Id(0)] public WebhookDefinition? Definition { get; set; }

    /// <summary>In delivery order (oldest first); only the head is ever in flight.</summary>
    [Id(1)] public List<PendingDelivery> Pending { get; set; } = [];

    /// <summary>Delivered or abandoned, oldest first.</summary>
    [Id(2)] public List<WebhookDelivery> Finished { get; set; } = [];
}
