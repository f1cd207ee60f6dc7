using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>The registered webhooks, at most <see cref="WebhookOptions.MaxWebhooks"/>, in registration order.</summary>
[GenerateSerializer, Alias("inventory.webhook-registry-state.v1")]
public sealed class WebhookRegistryState
{
    [Id(0)] public List<WebhookDefinition> Webhooks { get; set; } = [];
}
