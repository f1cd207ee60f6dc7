using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Azure.Messaging.EventHubs.Producer;

namespace Orleans.Inventory.EventHubsEmulator.Tests;

/// <summary>An emulator of its own for one test, on a free port, with the SDK clients the tests use.</summary>
internal sealed class TestEmulator : IAsyncDisposable
{
    public const string Hub = "inventory";
    public const string KeyName = "RootManageSharedAccessKey";
    public const string Key = "test-key-0123456789";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private readonly List<IAsyncDisposable> _clients = [];

    private TestEmulator(EventHubsEmulatorServer server, EventHubsEmulatorOptions options)
    {
        Server = server;
        Options = options;
    }

    public EventHubsEmulatorServer Server { get; }

    public EventHubsEmulatorOptions Options { get; }

    public string ConnectionString => Server.ConnectionString();

    public static EventHubsEmulatorOptions DefaultOptions(string? dataDirectory = null) => new()
    {
        Host = "127.0.0.1",
        Port = 0,
        DataDirectory = dataDirectory ?? string.Empty,
        FlushToDisk = false,
        Hubs = [new EmulatedEventHubOptions { Name = Hub, PartitionCount = 4, ConsumerGroups = ["analytics"] }],
        SharedAccessKeys = [new SharedAccessKeyOptions { Name = KeyName, Key = Key }],
    };

    public static async Task<TestEmulator> StartAsync(EventHubsEmulatorOptions? options = null, TimeProvider? time = null)
    {
        options ??= DefaultOptions();
        var server = new EventHubsEmulatorServer(options, timeProvider: time);
        await server.StartAsync();
        return new TestEmulator(server, options);
    }

    public EventHubProducerClient Producer(string? connectionString = null, string hub = Hub) =>
        Track(new EventHubProducerClient(connectionString ?? ConnectionString, hub, FastFailing<EventHubProducerClientOptions>()));

    public EventHubConsumerClient Consumer(string consumerGroup = EventHubConsumerClient.DefaultConsumerGroupName, string? connectionString = null, string hub = Hub) =>
        Track(new EventHubConsumerClient(consumerGroup, connectionString ?? ConnectionString, hub, FastFailing<EventHubConsumerClientOptions>()));

    /// <summary>Reads exactly <paramref name="count"/> events from a partition, or fails at the deadline.</summary>
    public async Task<List<EventData>> ReadAsync(string partitionId, EventPosition position, int count, string consumerGroup = EventHubConsumerClient.DefaultConsumerGroupName)
    {
        var consumer = Consumer(consumerGroup);
        using var deadline = new CancellationTokenSource(Deadline);
        var events = new List<EventData>();
        if (count == 0)
        {
            return events;
        }

        await foreach (var partitionEvent in consumer.ReadEventsFromPartitionAsync(partitionId, position, deadline.Token))
        {
            events.Add(partitionEvent.Data);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    /// <summary>Reads whatever a partition holds from <paramref name="position"/> until it has been quiet for a moment.</summary>
    public async Task<List<EventData>> ReadAllAsync(string partitionId, EventPosition position)
    {
        var consumer = Consumer();
        var properties = await consumer.GetPartitionPropertiesAsync(partitionId);
        if (properties.IsEmpty)
        {
            return [];
        }

        using var deadline = new CancellationTokenSource(Deadline);
        var events = new List<EventData>();
        await foreach (var partitionEvent in consumer.ReadEventsFromPartitionAsync(partitionId, position, deadline.Token))
        {
            events.Add(partitionEvent.Data);
            if (partitionEvent.Data.SequenceNumber >= properties.LastEnqueuedSequenceNumber)
            {
                break;
            }
        }

        return events;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Server.DisposeAsync();
    }

    private T Track<T>(T client)
        where T : IAsyncDisposable
    {
        _clients.Add(client);
        return client;
    }

    // Refusals are final; the default retry policy would only make failing tests slow. A refused reader still
    // surfaces its error only after one try timeout (the SDK's background receive), so that stays moderate.
    private static T FastFailing<T>()
        where T : new()
    {
        var options = new T();
        var retry = new EventHubsRetryOptions { MaximumRetries = 1, Delay = TimeSpan.FromMilliseconds(50), TryTimeout = TimeSpan.FromSeconds(20) };
        switch (options)
        {
            case EventHubProducerClientOptions producer:
                producer.RetryOptions = retry;
                break;
            case EventHubConsumerClientOptions consumer:
                consumer.RetryOptions = retry;
                break;
        }

        return options;
    }
}
