namespace Orleans.Inventory.Api.Models;

/// <summary>A webhook's pending and kept deliveries, newest first.</summary>
public sealed record WebhookDeliveriesResponse(string WebhookId, IReadOnlyList<WebhookDeliveryView> Deliveries);
