namespace Orleans.Inventory.Grains.Webhooks;

/// <summary>A delivery's host is or resolved to an address <see cref="WebhookAddressGuard"/> refuses.</summary>
internal sealed class WebhookAddressRefusedException(string message) : IOException(message);
