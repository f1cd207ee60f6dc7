namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>An event accepted from a producer but not yet given a place in a partition.</summary>
internal sealed record PendingEvent(string? PartitionKey, byte[] Message);
