using System.Globalization;
using Azure.Messaging.EventHubs;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streaming.EventHubs;
using Orleans.Streams;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Maps device messages (plain JSON written by the Event Hubs SDK, not Orleans-serialized batches) onto device streams:
/// the stream key is the sending device (<c>device_id</c> application property; else the partition key, which devices
/// set to the warehouse), in <see cref="DeviceStreamNames.Namespace"/>.
/// </summary>
/// <remarks>
/// Each device stream is delivered in order, one message at a time, to its own <see cref="DeviceStreamGrain"/>, and
/// different streams are delivered concurrently: a slow stock grain holds back only the devices whose messages touch
/// it, never the whole partition or warehouse. The adapter also notes every message it reads in the
/// <see cref="PartitionReadLog"/> (the checkpoint waits for each one to be done) and stamps the partition on it, so the
/// consumer can report it done and dead letters can name where it came from.
/// </remarks>
public sealed class DeviceEventDataAdapter(Serializer serializer, PartitionReadLog readLog) : EventHubDataAdapter(serializer)
{
    /// <summary>The application property naming the sending device.</summary>
    public const string DeviceIdProperty = "device_id";

    /// <summary>Where the Event Hubs SDK puts the trace context of the send (W3C traceparent format).</summary>
    public const string DiagnosticIdProperty = "Diagnostic-Id";

    private const string TraceParentProperty = "traceparent";
    private const string PartitionProperty = "x-inventory-partition";

    public override StreamPosition GetStreamPosition(string partition, EventData queueMessage)
    {
        // Called once per message, in partition order, as the receiver adds it to the cache.
        readLog.Read(partition, queueMessage.SequenceNumber, queueMessage.OffsetString);
        queueMessage.Properties[PartitionProperty] = partition;
        return base.GetStreamPosition(partition, queueMessage);
    }

    public override StreamId GetStreamIdentity(EventData queueMessage) =>
        StreamId.Create(DeviceStreamNames.Namespace, StreamKey(TextProperty(queueMessage.Properties, DeviceIdProperty), queueMessage.PartitionKey));

    protected override IBatchContainer GetBatchContainer(EventHubMessage eventHubMessage)
    {
        var properties = eventHubMessage.Properties;
        var message = new DeviceMessage(
            TextProperty(properties, PartitionProperty) ?? "unknown",
            eventHubMessage.Offset,
            eventHubMessage.SequenceNumber,
            TextProperty(properties, DeviceIdProperty),
            TextProperty(properties, DiagnosticIdProperty) ?? TextProperty(properties, TraceParentProperty),
            eventHubMessage.Payload);
        return new DeviceMessageBatch(eventHubMessage.StreamId, new EventHubSequenceTokenV2(eventHubMessage.Offset, eventHubMessage.SequenceNumber, 0), message);
    }

    /// <summary>The device id when it is a usable key; else the partition key; else one shared key.</summary>
    internal static string StreamKey(string? deviceId, string? partitionKey) =>
        IsUsableKey(deviceId) ? deviceId! : IsUsableKey(partitionKey) ? $"partition-key:{partitionKey}" : "unkeyed";

    private static bool IsUsableKey(string? key) => !string.IsNullOrWhiteSpace(key) && key.Length <= 128;

    private static string? TextProperty(IDictionary<string, object>? properties, string name) =>
        properties is not null && properties.TryGetValue(name, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;
}
