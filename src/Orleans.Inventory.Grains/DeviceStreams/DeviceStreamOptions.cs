namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// The device stream (<c>Inventory:DeviceStreams</c>): where devices publish (Event Hubs) and where the read position
/// is kept. Absent section = no device stream (the HTTP API still takes events). Only the connection and credentials
/// differ between the local emulator and Azure.
/// </summary>
public sealed class DeviceStreamOptions
{
    public const string SectionName = "Inventory:DeviceStreams";

    /// <summary>An Event Hubs connection string (SAS; the emulator's has <c>UseDevelopmentEmulator=true</c>).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Instead of a connection string: the namespace host (<c>name.servicebus.windows.net</c>), with Entra ID.</summary>
    public string? FullyQualifiedNamespace { get; set; }

    public string EventHub { get; set; } = "inventory";

    public string ConsumerGroup { get; set; } = "$Default";

    /// <summary>How often the checkpoint moves up to the newest message before which every effect is durable.</summary>
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Logs a warning when the checkpoint has waited this long on one message.</summary>
    public TimeSpan StallWarningAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long Orleans keeps redelivering a message whose consumer fails (storage down) before giving up on it. Long,
    /// so a storage outage stalls a device stream instead of skipping its messages; one skipped anyway holds the
    /// checkpoint, and is read again after a restart.
    /// </summary>
    public TimeSpan MaxDeliveryTime { get; set; } = TimeSpan.FromHours(1);

    public DeviceStreamCheckpointOptions Checkpoint { get; set; } = new();

    internal bool IsConfigured => !string.IsNullOrWhiteSpace(ConnectionString) || !string.IsNullOrWhiteSpace(FullyQualifiedNamespace);
}
