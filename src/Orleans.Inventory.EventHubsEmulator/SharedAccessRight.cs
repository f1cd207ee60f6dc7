namespace Orleans.Inventory.EventHubsEmulator;

/// <summary>What a shared access policy allows, as on Event Hubs: <see cref="Manage"/> includes the other two.</summary>
public enum SharedAccessRight
{
    /// <summary>Publish: producer links to a hub, a partition or a publisher endpoint.</summary>
    Send,

    /// <summary>Read: consumer links to a partition of a consumer group.</summary>
    Listen,

    /// <summary>Everything, Send and Listen included.</summary>
    Manage,
}
