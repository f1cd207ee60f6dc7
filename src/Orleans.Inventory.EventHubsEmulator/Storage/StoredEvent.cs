namespace Orleans.Inventory.EventHubsEmulator.Storage;

/// <summary>
/// One event as the partition log keeps it. <see cref="Message"/> is the event's own AMQP message as the
/// producer encoded it (header, properties, application properties, body); the broker annotations are added
/// when it is delivered.
/// </summary>
internal sealed record StoredEvent(
    long SequenceNumber,
    long Offset,
    DateTime EnqueuedTimeUtc,
    string? PartitionKey,
    byte[] Message)
{
    // Real Event Hubs offsets are byte positions in the partition; an empty message still moves the offset
    // so that every event has its own.
    public long NextOffset => Offset + Math.Max(1, Message.Length);
}
