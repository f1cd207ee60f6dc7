using Orleans.Runtime;
using Orleans.Streaming.EventHubs;
using Orleans.Streams;

namespace Orleans.Inventory.Grains.DeviceStreams;

/// <summary>The batch container of a device stream: exactly one <see cref="DeviceMessage"/>.</summary>
[GenerateSerializer, Immutable, Alias("inventory.device-message-batch.v1")]
public sealed class DeviceMessageBatch(StreamId streamId, EventHubSequenceTokenV2 token, DeviceMessage message) : IBatchContainer
{
    [Id(0)] public StreamId StreamId { get; } = streamId;

    [Id(1)] public EventHubSequenceTokenV2 Token { get; } = token;

    [Id(2)] public DeviceMessage Message { get; } = message;

    public StreamSequenceToken SequenceToken => Token;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Message is T typed ? [Tuple.Create(typed, (StreamSequenceToken)Token)] : [];

    // The trace context travels in the message itself and the consumer continues it; nothing to import here.
    public bool ImportRequestContext() => false;
}
