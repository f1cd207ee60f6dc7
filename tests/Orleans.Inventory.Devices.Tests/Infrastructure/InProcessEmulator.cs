using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Consumer;
using Orleans.Inventory.EventHubsEmulator;

namespace Orleans.Inventory.Devices.Tests.Infrastructure;

/// <summary>
/// The project's Event Hubs emulator, started in process on a free 127.0.0.1 port through its public library API
/// (as its README shows), with the hub the simulator publishes to.
/// </summary>
internal sealed class InProcessEmulator : IAsyncDisposable
{
    public const string Hub = "inventory";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private InProcessEmulator(EventHubsEmulatorServer server) => Server = server;

    public EventHubsEmulatorServer Server { get; }

    /// <summary>The root key's (Manage): what the tests read with.</summary>
    public string ConnectionString => Server.ConnectionString();

    /// <summary>The devices' policy (Send only), as the simulator is given it: it mints each device's publisher token with it.</summary>
    public string DevicesConnectionString => Server.ConnectionString(keyName: "devices");

    /// <param name="time">The emulator's clock (token expiry is judged on it); the system's unless a test moves it.</param>
    public static async Task<InProcessEmulator> StartAsync(TimeProvider? time = null)
    {
        var server = new EventHubsEmulatorServer(new EventHubsEmulatorOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            DataDirectory = string.Empty,
            FlushToDisk = false,
            Hubs = [new EmulatedEventHubOptions { Name = Hub, PartitionCount = 4 }],
            SharedAccessKeys =
            [
                new SharedAccessKeyOptions { Name = "RootManageSharedAccessKey", Key = "devices-test-key-0123456789" },
                new SharedAccessKeyOptions { Name = "devices", Key = "devices-test-send-key", Rights = [SharedAccessRight.Send] },
            ],
        }, timeProvider: time);
        await server.StartAsync();
        return new InProcessEmulator(server);
    }

    /// <summary>Reads exactly <paramref name="count"/> events across all partitions from the start, or fails at the deadline.</summary>
    public async Task<List<PartitionEvent>> ReadAsync(long count)
    {
        await using var consumer = new EventHubConsumerClient(EventHubConsumerClient.DefaultConsumerGroupName, ConnectionString, Hub);
        using var deadline = new CancellationTokenSource(Deadline);
        var events = new List<PartitionEvent>();
        await foreach (var partitionEvent in consumer.ReadEventsAsync(startReadingAtEarliestEvent: true, cancellationToken: deadline.Token))
        {
            events.Add(partitionEvent);
            if (events.Count == count)
            {
                break;
            }
        }

        return events;
    }

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
