using Orleans.Inventory.Notifications;
using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>A delivery not finished yet, with the notification it carries (the body is made from it per attempt).</summary>
[GenerateSerializer, Immutable, Alias("inventory.webhook-pending-delivery.v1")]
public sealed record PendingDelivery(
    [property: Id(0)] WebhookDelivery Delivery,
    [property: Id(1)] Notification Notification);
