using global::Orleans.Runtime;
using global::Orleans.Streaming.EventHubs;
using global::Orleans.Streams;

namespace Orleans.Inventory.EventHubsEmulator.Tests.Orleans;

/// <summary>One device event as the pulling agent hands it to the subscribed grain.</summary>
[GenerateSerializer, Immutable, Alias("emulator-tests.device-batch")]
public sealed class DeviceBatchContainer(StreamId streamId, EventHubSequenceToken sequenceToken, string payload) : IBatchContainer
{
    [Id(0)]
    public StreamId StreamId { get; } = streamId;

    [Id(1)]
    public StreamSequenceToken SequenceToken { get; } = sequenceToken;

    [Id(2)]
    public string Payload { get; } = payload;

    public IEnumerable<Tuple<T, StreamSequenceToken>> GetEvents<T>() =>
        Payload is T item ? [Tuple.Create(item, SequenceToken)] : [];

    public bool ImportRequestContext() => false;
}
