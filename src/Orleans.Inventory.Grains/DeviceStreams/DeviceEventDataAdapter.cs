using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Azure.Messaging.EventHubs;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Streaming.EventHubs;
using Orleans.Streams;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>
/// Maps device messages (plain JSON written by the Event Hubs SDK, not Orleans-serialized batches) onto a bounded set
/// of device streams per partition, in <see cref="DeviceStreamNames.Namespace"/>: the stream key is
/// <c>{partition}/{n}</c>, where n is a hash of the sending device (the authenticated publisher; else the <c>device_id</c>
/// application property; else the partition key) modulo <see cref="DeviceStreamOptions.StreamsPerPartition"/>.
/// </summary>
/// <remarks>
/// Each stream is delivered in order, up to <see cref="DeviceStreamOptions.MaxMessagesPerDelivery"/> messages at a
/// time, to its own <see cref="DeviceStreamGrain"/>; the streams of a partition are delivered concurrently. So a
/// device's messages stay in order, a slow stock grain holds back only one stream of its partition, and the number of
/// streams (and consumer grains, and cursors Orleans' cache scans) does not grow with the fleet. The adapter also notes
/// every message it reads in the <see cref="PartitionReadLog"/> (the checkpoint waits for each one to be done) and
/// stamps the partition on it, so the consumer can report it done and dead letters can name where it came from.
/// </remarks>
public sealed class DeviceEventDataAdapter(Serializer serializer, PartitionReadLog readLog, IOptions<DeviceStreamOptions> options)
    : EventHubDataAdapter(serializer)
{
    /// <summary>The application property naming the sending device.</summary>
    public const string DeviceIdProperty = "device_id";

    /// <summary>Where the Event Hubs SDK puts the trace context of the send (W3C traceparent format).</summary>
    public const string DiagnosticIdProperty = "Diagnostic-Id";

    /// <summary>The annotation Event Hubs sets to the publisher endpoint a message was sent to (never set by a sender).</summary>
    public const string PublisherAnnotation = "x-opt-publisher";

    private const string TraceParentProperty = "traceparent";
    private const string PartitionProperty = "x-inventory-partition";

    // Carries the publisher from the received event to the consumer through Orleans' cache, which keeps only the
    // application properties; written here for every message, so whatever a sender put under this name is replaced.
    private const string PublisherProperty = "x-inventory-publisher";

    public override StreamPosition GetStreamPosition(string partition, EventData queueMessage)
    {
        // Called once per message, in partition order, as the receiver adds it to the cache.
        readLog.Read(partition, queueMessage.SequenceNumber, queueMessage.OffsetString);
        queueMessage.Properties[PartitionProperty] = partition;
        if (SystemProperty(queueMessage.SystemProperties, PublisherAnnotation) is { Length: > 0 } publisher)
        {
            queueMessage.Properties[PublisherProperty] = publisher;
        }
        else
        {
            queueMessage.Properties.Remove(PublisherProperty);
        }

        return base.GetStreamPosition(partition, queueMessage);
    }

    public override StreamId GetStreamIdentity(EventData queueMessage) =>
        StreamId.Create(DeviceStreamNames.Namespace, StreamKey(
            TextProperty(queueMessage.Properties, PartitionProperty) ?? "unknown",
            SenderKey(TextProperty(queueMessage.Properties, PublisherProperty) ?? TextProperty(queueMessage.Properties, DeviceIdProperty), queueMessage.PartitionKey),
            options.Value.StreamsPerPartition));

    protected override IBatchContainer GetBatchContainer(EventHubMessage eventHubMessage)
    {
        var properties = eventHubMessage.Properties;
        var message = new DeviceMessage(
            TextProperty(properties, PartitionProperty) ?? "unknown",
            eventHubMessage.Offset,
            eventHubMessage.SequenceNumber,
            TextProperty(properties, DeviceIdProperty),
            TextProperty(properties, DiagnosticIdProperty) ?? TextProperty(properties, TraceParentProperty),
            eventHubMessage.Payload,
            new DateTimeOffset(DateTime.SpecifyKind(eventHubMessage.EnqueueTimeUtc, DateTimeKind.Utc)),
            TextProperty(properties, PublisherProperty));
        return new DeviceMessageBatch(eventHubMessage.StreamId, new EventHubSequenceTokenV2(eventHubMessage.Offset, eventHubMessage.SequenceNumber, 0), message);
    }

    /// <summary>The stream of a partition that a sender's messages go to: <c>{partition}/{n}</c>.</summary>
    internal static string StreamKey(string partition, string senderKey, int streamsPerPartition) =>
        $"{partition}/{XxHash32.HashToUInt32(Encoding.UTF8.GetBytes(senderKey)) % (uint)streamsPerPartition}";

    /// <summary>Who sent a message: the device id when it is a usable key; else the partition key; else one shared key.</summary>
    internal static string SenderKey(string? deviceId, string? partitionKey) =>
        IsUsableKey(deviceId) ? deviceId! : IsUsableKey(partitionKey) ? $"partition-key:{partitionKey}" : "unkeyed";

    /// <summary>The partition a stream key (<c>{partition}/{n}</c>) belongs to.</summary>
    internal static string PartitionOf(string streamKey) =>
        streamKey.IndexOf('/', StringComparison.Ordinal) is var slash and > 0 ? streamKey[..slash] : streamKey;

    private static bool IsUsableKey(string? key) => !string.IsNullOrWhiteSpace(key) && key.Length <= 128;

    private static string? SystemProperty(IReadOnlyDictionary<string, object>? properties, string name) =>
        properties is not null && properties.TryGetValue(name, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;

    private static string? TextProperty(IDictionary<string, object>? properties, string name) =>
        properties is not null && properties.TryGetValue(name, out var value) && value is not null
            ? Convert.ToString(value, CultureInfo.InvariantCulture)
            : null;
}
