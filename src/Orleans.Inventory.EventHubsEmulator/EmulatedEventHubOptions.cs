namespace Orleans.Inventory.EventHubsEmulator;

/// <summary>One event hub served by the emulator.</summary>
public sealed class EmulatedEventHubOptions
{
    /// <summary>The event hub name (the entity path clients address).</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>How many partitions the hub has; their ids are "0" to "PartitionCount - 1".</summary>
    public int PartitionCount { get; set; } = 4;

    /// <summary>The consumer groups besides <c>$Default</c>, which always exists as it does in Azure.</summary>
    public List<string> ConsumerGroups { get; set; } = [];
}
