using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Inventory.EventHubsEmulator;
using Orleans.Inventory.Grains.DeviceStreams;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// The cluster reading device messages from a real (in-process) Event Hubs emulator through Orleans' Event Hubs
/// stream provider, configured exactly as the silo host does (<see cref="DeviceStreamSiloBuilderExtensions"/>);
/// checkpoints in grain storage, moved every 200 ms.
/// </summary>
public sealed class DeviceStreamClusterFixture : InventoryClusterFixture
{
    public const string Hub = "inventory";

    private EventHubsEmulatorServer _emulator = null!;

    public EventHubProducerClient Producer { get; private set; } = null!;

    public string ConnectionString => _emulator.ConnectionString();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inventory:DeviceStreams:ConnectionString"] = _emulator.ConnectionString(),
        ["Inventory:DeviceStreams:EventHub"] = Hub,
        ["Inventory:DeviceStreams:CheckpointInterval"] = "00:00:00.200",
        ["Inventory:DeviceStreams:Checkpoint:ProviderType"] = "Grain",
        ["Inventory:DeviceStreams:Checkpoint:PersistInterval"] = "00:00:00.200",
        // A stock call that keeps failing is given up on quickly here: 3 attempts, at least a second apart in all.
        ["Inventory:DeviceStreams:PoisonAfterAttempts"] = "3",
        ["Inventory:DeviceStreams:PoisonAfter"] = "00:00:01",
        ["Inventory:DeviceStreams:RetryDelay"] = "00:00:00.100",
        ["Inventory:DeviceStreams:MaxRetryDelay"] = "00:00:00.500",
        // Small enough that a test can fill it (DeviceStreamBatchTests), large enough for every other test's calls.
        ["Inventory:DeviceStreams:MaxEventsInFlight"] = "64",
        // The lag gauge's last enqueued numbers are asked for five times a second; warning 4121 past 5 messages.
        ["Inventory:DeviceStreams:LagPollInterval"] = "00:00:00.200",
        ["Inventory:DeviceStreams:LagWarningMessages"] = "5",
    };

    /// <summary>Stock calls that fail or wait on demand (in front of the stock grain).</summary>
    public StockCallFaults StockCalls => SiloService<StockCallFaults>();

    /// <summary>The silo's bound on device events in stock calls.</summary>
    public StockCallAdmission Admission => SiloService<StockCallAdmission>();

    /// <summary>What the silo has read from each partition and not yet seen done (the checkpoint waits on it).</summary>
    public PartitionReadLog ReadLog => SiloService<PartitionReadLog>();

    protected override async Task BeforeClusterAsync()
    {
        _emulator = new EventHubsEmulatorServer(new EventHubsEmulatorOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            FlushToDisk = false,
            Hubs = [new EmulatedEventHubOptions { Name = Hub, PartitionCount = 4 }],
            SharedAccessKeys = [new SharedAccessKeyOptions { Name = "RootManageSharedAccessKey", Key = "device-stream-tests" }],
        });
        await _emulator.StartAsync();
        Producer = new EventHubProducerClient(_emulator.ConnectionString(), Hub);
    }

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.AddActivityPropagation();
        silo.Services.AddSingleton<StockCallFaults>();
        silo.Services.AddSingleton<IIncomingGrainCallFilter>(services => services.GetRequiredService<StockCallFaults>());
        silo.AddInventoryDeviceStreams(silo.Configuration);
    }

    /// <summary>Publishes one message as a device does: partition key = warehouse, <c>device_id</c> property.</summary>
    public Task SendAsync(string warehouseId, string deviceId, string body, IReadOnlyDictionary<string, object>? properties = null) =>
        SendAsync(warehouseId, deviceId, Encoding.UTF8.GetBytes(body), properties);

    public async Task SendAsync(string warehouseId, string deviceId, byte[] body, IReadOnlyDictionary<string, object>? properties = null)
    {
        var message = new EventData(body) { ContentType = "application/json" };
        message.Properties[DeviceEventDataAdapter.DeviceIdProperty] = deviceId;
        foreach (var (name, value) in properties ?? new Dictionary<string, object>())
        {
            message.Properties[name] = value;
        }

        await Producer.SendAsync([message], new SendEventOptions { PartitionKey = warehouseId });
    }

    /// <summary>Publishes several devices' messages in one send (one Event Hubs batch, so they are read together).</summary>
    public Task SendBatchAsync(string warehouseId, IEnumerable<(string DeviceId, string Body)> messages) =>
        Producer.SendAsync(
            [.. messages.Select(m =>
            {
                var message = new EventData(Encoding.UTF8.GetBytes(m.Body)) { ContentType = "application/json" };
                message.Properties[DeviceEventDataAdapter.DeviceIdProperty] = m.DeviceId;
                return message;
            })],
            new SendEventOptions { PartitionKey = warehouseId });

    /// <summary>Messages read and not yet done, over every partition this silo reads.</summary>
    public int OpenMessages() => ReadLog.Partitions().Sum(partition => ReadLog.Status(partition).Open);

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Producer.DisposeAsync();
        await _emulator.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DeviceStreamClusterCollection : ICollectionFixture<DeviceStreamClusterFixture>
{
    public const string Name = "device stream cluster";
}
