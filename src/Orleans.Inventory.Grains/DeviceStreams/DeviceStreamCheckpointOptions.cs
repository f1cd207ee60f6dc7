namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>Where partition checkpoints are stored (<c>Inventory:DeviceStreams:Checkpoint</c>).</summary>
public sealed class DeviceStreamCheckpointOptions
{
    /// <summary><c>AzureTable</c> (durable profiles) or <c>Grain</c> (Orleans grain storage <c>PubSubStore</c>; embedded).</summary>
    public string ProviderType { get; set; } = "Grain";

    /// <summary>Azure Table: a connection string (Azurite: <c>UseDevelopmentStorage=true</c>)...</summary>
    public string? ConnectionString { get; set; }

    /// <summary>...or the table service URI, with Entra ID.</summary>
    public Uri? ServiceUri { get; set; }

    public string TableName { get; set; } = "InventoryStreamCheckpoints";

    /// <summary>How often the store writes a moved checkpoint at most.</summary>
    public TimeSpan PersistInterval { get; set; } = TimeSpan.FromSeconds(5);
}
