using Orleans.Inventory.Notifications;
using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Api.Models;

/// <summary>
/// One delivery as the API shows it: the receiver's answer only as a status class (<c>2xx</c>..<c>5xx</c>), so the
/// history cannot be used to learn what an address answers.
/// </summary>
/// <param name="LastStatusClass">The class of the receiver's last HTTP status (<c>5xx</c>), if it answered at all.</param>
/// <param name="LastError">Why the last attempt failed: <c>HTTP 5xx</c>, a timeout, <c>no response</c>, a refused address.</param>
public sealed record WebhookDeliveryView(
    string Id,
    string NotificationId,
    NotificationType NotificationType,
    WebhookDeliveryStatus Status,
    DateTimeOffset EnqueuedAt,
    int Attempts,
    DateTimeOffset? LastAttemptAt,
    string? LastStatusClass,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? AbandonedAt)
{
    public static WebhookDeliveryView Of(WebhookDelivery d) => new(d.Id, d.NotificationId, d.NotificationType, d.Status, d.EnqueuedAt,
        d.Attempts, d.LastAttemptAt, d.LastStatusCode is { } code ? $"{code / 100}xx" : null, d.LastError, d.NextAttemptAt, d.DeliveredAt,
        d.AbandonedAt);
}
