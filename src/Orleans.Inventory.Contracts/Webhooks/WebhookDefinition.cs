using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Webhooks;

/// <summary>A registered webhook including its secret: what the registry and the webhook's grain keep.</summary>
/// <param name="Secret">The HMAC key in its stored form: protected with ASP.NET Core Data Protection (<c>dp1:...</c>);
/// only the silo's sender unprotects it. Plain text only in state written before secrets were protected.</param>
/// <param name="NotificationTypes">Empty means every type.</param>
[GenerateSerializer, Immutable, Alias("inventory.webhook-definition.v1")]
public sealed record WebhookDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] Uri Url,
    [property: Id(2)] IReadOnlyList<NotificationType> NotificationTypes,
    [property: Id(3)] string Secret,
    [property: Id(4)] DateTimeOffset CreatedAt)
{
    public bool Wants(NotificationType type) => NotificationTypes.Count == 0 || NotificationTypes.Contains(type);

    /// <summary>What may be shown: everything but the secret.</summary>
    public WebhookInfo ToInfo() => new(Id, Url, NotificationTypes, CreatedAt);

    /// <summary>Never prints the secret.</summary>
    public override string ToString() => $"WebhookDefinition {{ Id = {Id}, Url = {Url} }}";
}
