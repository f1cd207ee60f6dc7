using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Webhooks;

/// <summary>One notification on its way to one webhook, and how its attempts went.</summary>
/// <param name="Id">Deterministic from webhook id and notification id (<see cref="WebhookRules.DeliveryId"/>): the
/// same notification published again yields the same id, sent as <c>X-Inventory-Delivery</c> so receivers dedupe.</param>
/// <param name="LastStatusCode">The receiver's last HTTP status, if it answered at all.</param>
/// <param name="LastError">Why the last attempt failed (status, timeout, connection error), if it did.</param>
[GenerateSerializer, Immutable, Alias("inventory.webhook-delivery.v1")]
public sealed record WebhookDelivery(
    [property: Id(0)] string Id,
    [property: Id(1)] string NotificationId,
    [property: Id(2)] NotificationType NotificationType,
    [property: Id(3)] WebhookDeliveryStatus Status,
    [property: Id(4)] DateTimeOffset EnqueuedAt,
    [property: Id(5)] int Attempts,
    [property: Id(6)] DateTimeOffset? LastAttemptAt,
    [property: Id(7)] int? LastStatusCode,
    [property: Id(8)] string? LastError,
    [property: Id(9)] DateTimeOffset? NextAttemptAt,
    [property: Id(10)] DateTimeOffset? DeliveredAt,
    [property: Id(11)] DateTimeOffset? AbandonedAt);
