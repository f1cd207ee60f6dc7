using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Webhooks;

/// <summary>What a client asks to register (already validated by <see cref="WebhookRules"/>).</summary>
/// <param name="NotificationTypes">The types to deliver; empty means every type, including ones added later.</param>
/// <param name="Secret">The HMAC key for <c>X-Inventory-Signature</c>; kept, never shown again.</param>
[GenerateSerializer, Immutable, Alias("inventory.webhook-request.v1")]
public sealed record WebhookRequest(
    [property: Id(0)] Uri Url,
    [property: Id(1)] IReadOnlyList<NotificationType> NotificationTypes,
    [property: Id(2)] string Secret)
{
    /// <summary>Never prints the secret (records print every property by default, and logs print records).</summary>
    public override string ToString() => $"WebhookRequest {{ Url = {Url}, NotificationTypes = [{string.Join(", ", NotificationTypes)}] }}";
}
