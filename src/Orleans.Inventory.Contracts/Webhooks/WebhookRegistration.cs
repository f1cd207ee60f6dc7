namespace Orleans.Inventory.Webhooks;

/// <summary>The answer to a registration: the webhook, or why it was refused.</summary>
[GenerateSerializer, Immutable, Alias("inventory.webhook-registration.v1")]
public sealed record WebhookRegistration(
    [property: Id(0)] WebhookInfo? Webhook,
    [property: Id(1)] string? Refusal);
