namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// One Event Hubs message from a device as the stream delivers it: the body untouched (it is parsed by the consumer,
/// so a malformed body becomes a dead letter there instead of an exception in the pulling agent) and where it came
/// from, so a dead letter can name the partition and offset and the checkpoint can learn it is done.
/// </summary>
/// <param name="TraceParent">The W3C trace context the Event Hubs SDK stamped on the message, if any.</param>
/// <param name="EnqueuedAt">When Event Hubs accepted the message (send -> applied latency is measured from it).</param>
/// <param name="Publisher">
/// The publisher endpoint Event Hubs authenticated the sender for (<c>x-opt-publisher</c>), null when it sent to the hub
/// itself; unlike <paramref name="DeviceId"/>, no sender can set it.
/// </param>
[GenerateSerializer, Immutable, Alias("inventory.device-message.v1")]
public sealed record DeviceMessage(
    [property: Id(0)] string Partition,
    [property: Id(1)] string Offset,
    [property: Id(2)] long SequenceNumber,
    [property: Id(4)] string? DeviceId,
    [property: Id(5)] string? TraceParent,
    [property: Id(7)] byte[] Body,
    [property: Id(8)] DateTimeOffset EnqueuedAt,
    [property: Id(9)] string? Publisher = null)
{
    /// <summary>Where the message sits in Event Hubs, as dead letters and logs name it.</summary>
    public string Source => $"eventhubs:{Partition}@{Offset}";
}
