using Azure.Messaging.EventHubs.Producer;

namespace Orleans.Inventory.Devices.Simulation;

/// <summary>
/// One producer per device, each holding only that device's publisher token (<see cref="PublisherTokens"/>). A token
/// is renewed when a quarter of its lifetime is left: the next send of the device gets a producer with a fresh token,
/// and the old producer is closed once the sends already using it are settled.
/// </summary>
internal sealed class DevicePublishers(PublisherTokens tokens, TimeSpan tokenLifetime, EventHubProducerClientOptions options, TimeProvider time) : IAsyncDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Publisher> _current = new(StringComparer.Ordinal);
    private readonly List<Task> _closing = [];

    /// <summary>The device's producer for one send; dispose the lease when the send is settled.</summary>
    public Lease Acquire(string deviceId)
    {
        var now = time.GetUtcNow();
        lock (_lock)
        {
            if (!_current.TryGetValue(deviceId, out var publisher) || now >= publisher.RenewAt)
            {
                if (publisher is not null)
                {
                    publisher.Retired = true;
                    CloseIfIdle(publisher);
                }

                var expiresAt = now + tokenLifetime;
                publisher = new Publisher(
                    new EventHubProducerClient(tokens.DeviceConnectionString(deviceId, expiresAt), tokens.PublisherPath(deviceId), options),
                    expiresAt - tokenLifetime / 4);
                _current[deviceId] = publisher;
            }

            publisher.Users++;
            return new Lease(this, publisher);
        }
    }

    public async ValueTask DisposeAsync()
    {
        List<Task> closing;
        lock (_lock)
        {
            foreach (var publisher in _current.Values)
            {
                publisher.Retired = true;
                CloseIfIdle(publisher);
            }

            _current.Clear();
            closing = [.. _closing];
        }

        await Task.WhenAll(closing);
    }

    private void Release(Publisher publisher)
    {
        lock (_lock)
        {
            publisher.Users--;
            CloseIfIdle(publisher);
        }
    }

    private void CloseIfIdle(Publisher publisher)
    {
        if (publisher.Retired && publisher.Users == 0)
        {
            _closing.Add(publisher.Producer.DisposeAsync().AsTask());
        }
    }

    internal sealed class Publisher(EventHubProducerClient producer, DateTimeOffset renewAt)
    {
        public EventHubProducerClient Producer { get; } = producer;

        public DateTimeOffset RenewAt { get; } = renewAt;

        public int Users { get; set; }

        public bool Retired { get; set; }
    }

    /// <summary>A device's producer in use for one send.</summary>
    public readonly struct Lease(DevicePublishers owner, Publisher publisher) : IDisposable
    {
        public EventHubProducerClient Producer => publisher.Producer;

        public void Dispose() => owner.Release(publisher);
    }
}
