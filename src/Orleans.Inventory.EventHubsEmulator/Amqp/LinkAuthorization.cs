namespace Orleans.Inventory.EventHubsEmulator.Amqp;

/// <summary>Whether the connection of a link still holds an unexpired claim on the link's entity.</summary>
internal sealed class LinkAuthorization(ConnectionContext context, string entityPath)
{
    public bool IsValid => context.IsAuthorized(entityPath);

    public string ExpiredMessage => $"The token for '{entityPath}' has expired and was not renewed on $cbs.";
}
