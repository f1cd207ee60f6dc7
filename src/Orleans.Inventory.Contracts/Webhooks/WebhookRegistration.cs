namespace Orleans.Inventory.Webhooks;

/// <summary>The answer to a registration: the webhook, or why it was refused.</summary>
/// <param name="RefusedField">The request field at fault (<c>url</c> for a refused address), or null when the registry itself refused (full).</param>
[GenerateSerializer, Immutable, Alias("inventory.webhook-registration.v1")]
public sealed record WebhookRegistration(
    [property: Id(0)] WebhookInfo? Webhook,
    [property: Id(1)] string? Refusal,
    [property: Id(2)] string? RefusedField = null);
