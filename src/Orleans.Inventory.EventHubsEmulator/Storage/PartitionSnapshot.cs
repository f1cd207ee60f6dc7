namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>What the management node reports about a partition, read under the partition's lock.</summary>
internal sealed record PartitionSnapshot(
    string PartitionId,
    long BeginSequenceNumber,
    long LastEnqueuedSequenceNumber,
    long LastEnqueuedOffset,
    DateTime LastEnqueuedTimeUtc,
    bool IsEmpty,
    long NextSequenceNumber,
    long NextOffset);
