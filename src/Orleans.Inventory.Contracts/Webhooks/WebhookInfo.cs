using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Webhooks;

/// <summary>A registered webhook as shown to clients: never its secret.</summary>
/// <param name="NotificationTypes">Empty means every type.</param>
[GenerateSerializer, Immutable, Alias("inventory.webhook-info.v1")]
public sealed record WebhookInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] Uri Url,
    [property: Id(2)] IReadOnlyList<NotificationType> NotificationTypes,
    [property: Id(3)] DateTimeOffset CreatedAt);
