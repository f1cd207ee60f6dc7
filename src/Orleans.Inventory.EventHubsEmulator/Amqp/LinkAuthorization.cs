using Orleans.Inventory.EventHubsEmulator.Security;

namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>Whether the connection of a link still holds an unexpired claim on the link's entity with the right the link needs.</summary>
internal sealed class LinkAuthorization(ConnectionContext context, string entityPath, SharedAccessRight right)
{
    public bool IsValid => context.IsAuthorized(entityPath, right);

    public string ExpiredMessage => $"The token for '{entityPath}' has expired and was not renewed on $cbs.";
}
