using System.Text;
using Azure.Messaging.EventHubs;
using global::Orleans.Runtime;
using global::Orleans.Serialization;
using global::Orleans.Streaming.EventHubs;
using global::Orleans.Streams;

namespace Orleans.Inventory.EventHubsEmulator.Tests.Orleans;

/// <summary>
/// Devices publish plain UTF-8 payloads, not Orleans-serialized batches: the stream is named by the partition
/// key (the device id) and each event is delivered as its text.
/// </summary>
public sealed class JsonDeviceDataAdapter(Serializer serializer) : EventHubDataAdapter(serializer)
{
    public const string StreamNamespace = "devices";

    public override StreamId GetStreamIdentity(EventData queueMessage) =>
        StreamId.Create(StreamNamespace, queueMessage.PartitionKey ?? "unkeyed");

    protected override IBatchContainer GetBatchContainer(EventHubMessage eventHubMessage) =>
        new DeviceBatchContainer(
            eventHubMessage.StreamId,
            new EventHubSequenceTokenV2(eventHubMessage.Offset, eventHubMessage.SequenceNumber, 0),
            Encoding.UTF8.GetString(eventHubMessage.Payload));
}
