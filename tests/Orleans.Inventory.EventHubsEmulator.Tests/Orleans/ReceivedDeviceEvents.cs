using System.Collections.Concurrent;

namespace Orleans.Inventory.EventHubsEmulator.Tests.Orleans;

/// <summary>What the recording grains got, shared with the test through the silo's services.</summary>
public sealed class ReceivedDeviceEvents
{
    private readonly ConcurrentQueue<(string Device, string Payload, string Offset)> _events = new();

    public IReadOnlyCollection<(string Device, string Payload, string Offset)> Events => _events;

    public void Add(string device, string payload, string offset) => _events.Enqueue((device, payload, offset));
}
