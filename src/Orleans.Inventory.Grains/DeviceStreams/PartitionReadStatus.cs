namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>Where the current read of one partition stands (see <see cref="PartitionReadLog"/>).</summary>
/// <param name="Open">Messages read and not yet done.</param>
/// <param name="OldestOpen">The message that holds the checkpoint back, if any.</param>
/// <param name="Checkpointed">The sequence number of the newest message the checkpoint was allowed to move to.</param>
/// <param name="UntrackedFrom">Set when the bound was hit: the first message read and not tracked.</param>
/// <param name="Untracked">How many messages were read past the bound.</param>
/// <param name="Completions">How many times the checkpointer has completed messages of this read.</param>
public readonly record struct PartitionReadStatus(
    int Open, OpenMessage? OldestOpen, long? Checkpointed, long? UntrackedFrom, long Untracked, long Completions);
