using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Inventory.EventHubsEmulator;
using Orleans.Inventory.Grains.DeviceStreams;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// The device stream with devices bound to warehouses (<c>Inventory:Devices</c>) and per-device identity on Event Hubs,
/// as a deployment has it: the silo reads with a Listen-only key, devices hold SAS tokens for their own publisher
/// endpoint (signed with a Send-only key they never see), and only an authenticated publisher counts as a device.
/// Bindings: <see cref="OneWarehouseDevice"/> -> <see cref="WarehouseA"/>; <see cref="TwoWarehouseDevice"/> -> A and
/// <see cref="WarehouseB"/>; <see cref="RoamingDevice"/> -> every warehouse; no entry for anyone else.
/// </summary>
public sealed class DeviceBindingClusterFixture : InventoryClusterFixture
{
    public const string Hub = "inventory";
    public const string WarehouseA = "wh-bound-a";
    public const string WarehouseB = "wh-bound-b";
    public const string OneWarehouseDevice = "rfid-a";
    public const string TwoWarehouseDevice = "rfid-ab";
    public const string RoamingDevice = "roamer";

    private const string RootKey = "binding-tests-root";
    private const string SendKeyName = "devices";
    private const string SendKey = "binding-tests-send";
    private const string ListenKeyName = "silo";

    private readonly List<EventHubProducerClient> _producers = [];
    private EventHubsEmulatorServer _emulator = null!;

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Inventory:DeviceStreams:ConnectionString"] = _emulator.ConnectionString(keyName: ListenKeyName),
        ["Inventory:DeviceStreams:EventHub"] = Hub,
        ["Inventory:DeviceStreams:CheckpointInterval"] = "00:00:00.200",
        ["Inventory:DeviceStreams:Checkpoint:ProviderType"] = "Grain",
        ["Inventory:DeviceStreams:Checkpoint:PersistInterval"] = "00:00:00.200",
        ["Inventory:DeviceStreams:RetryDelay"] = "00:00:00.100",
        ["Inventory:DeviceStreams:MaxRetryDelay"] = "00:00:00.500",
        [$"Inventory:Devices:Warehouses:{OneWarehouseDevice}:0"] = WarehouseA,
        [$"Inventory:Devices:Warehouses:{TwoWarehouseDevice}:0"] = WarehouseA,
        [$"Inventory:Devices:Warehouses:{TwoWarehouseDevice}:1"] = WarehouseB,
        [$"Inventory:Devices:Warehouses:{RoamingDevice}:0"] = "*",
        ["Inventory:Devices:RequireAuthenticatedPublisher"] = "true",
    };

    /// <summary>Stock calls that fail on demand (in front of the stock grain), to make Orleans deliver a batch again.</summary>
    public StockCallFaults StockCalls => SiloService<StockCallFaults>();

    protected override async Task BeforeClusterAsync()
    {
        _emulator = new EventHubsEmulatorServer(new EventHubsEmulatorOptions
        {
            Host = "127.0.0.1",
            Port = 0,
            FlushToDisk = false,
            Hubs = [new EmulatedEventHubOptions { Name = Hub, PartitionCount = 4 }],
            SharedAccessKeys =
            [
                new SharedAccessKeyOptions { Name = "RootManageSharedAccessKey", Key = RootKey },
                new SharedAccessKeyOptions { Name = SendKeyName, Key = SendKey, Rights = [SharedAccessRight.Send] },
                new SharedAccessKeyOptions { Name = ListenKeyName, Key = "binding-tests-listen", Rights = [SharedAccessRight.Listen] },
            ],
        });
        await _emulator.StartAsync();
    }

    protected override void ConfigureSilo(ISiloBuilder silo)
    {
        silo.Services.AddSingleton<StockCallFaults>();
        silo.Services.AddSingleton<IIncomingGrainCallFilter>(services => services.GetRequiredService<StockCallFaults>());
        silo.AddInventoryDeviceStreams(silo.Configuration);
    }

    /// <summary>Publishes one message as <paramref name="device"/> itself: to its publisher endpoint, with its own token.</summary>
    public Task SendAsDeviceAsync(string device, string body, IReadOnlyDictionary<string, object>? properties = null) =>
        Track(new EventHubProducerClient(DeviceConnectionString(device), $"{Hub}/Publishers/{device}"))
            .SendAsync([Message(body, properties)], new SendEventOptions { PartitionKey = device });

    /// <summary>Publishes one message to the hub itself with a key that may send anything: what a device sharing a key could do.</summary>
    public Task SendToHubAsync(string body, IReadOnlyDictionary<string, object>? properties = null, Action<EventData>? tamper = null)
    {
        var message = Message(body, properties);
        tamper?.Invoke(message);
        return Track(new EventHubProducerClient(_emulator.ConnectionString(keyName: SendKeyName), Hub)).SendAsync([message]);
    }

    /// <summary>A device's connection string: a SAS token for its own publisher endpoint only.</summary>
    public string DeviceConnectionString(string device)
    {
        var resource = WebUtility.UrlEncode($"sb://127.0.0.1:{_emulator.Port}/{Hub}/publishers/{device}");
        var expiry = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(SendKey), Encoding.UTF8.GetBytes(resource + "\n" + expiry)));
        var token = $"SharedAccessSignature sr={resource}&sig={WebUtility.UrlEncode(signature)}&se={expiry}&skn={SendKeyName}";
        return $"Endpoint=sb://127.0.0.1:{_emulator.Port};SharedAccessSignature={token};UseDevelopmentEmulator=true";
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        foreach (var producer in _producers)
        {
            await producer.DisposeAsync();
        }

        await _emulator.DisposeAsync();
    }

    private static EventData Message(string body, IReadOnlyDictionary<string, object>? properties)
    {
        var message = new EventData(Encoding.UTF8.GetBytes(body)) { ContentType = "application/json" };
        foreach (var (name, value) in properties ?? new Dictionary<string, object>())
        {
            message.Properties[name] = value;
        }

        return message;
    }

    private EventHubProducerClient Track(EventHubProducerClient producer)
    {
        lock (_producers)
        {
            _producers.Add(producer);
        }

        return producer;
    }
}

[CollectionDefinition(Name)]
public sealed class DeviceBindingClusterCollection : ICollectionFixture<DeviceBindingClusterFixture>
{
    public const string Name = "device binding cluster";
}
