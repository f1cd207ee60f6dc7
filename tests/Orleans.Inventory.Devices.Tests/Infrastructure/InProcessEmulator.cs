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

    public string ConnectionString => Server.ConnectionString();

    public static async Task<InProcessEmulator> StartAsync()
    {
        var server = new EventHubsEmulatorServer(new EventHubsEmulatorOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            DataDirectory = string.Empty,
            FlushToDisk = false,
            Hubs = [new EmulatedEventHubOptions { Name = Hub, PartitionCount = 4 }],
            SharedAccessKeys = [new SharedAccessKeyOptions { Name = "RootManageSharedAccessKey", Key = "devices-test-key-0123456789" }],
        });
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
