using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Orleans.Inventory.Events;
using Orleans.Inventory.EventHubsEmulator;
using Orleans.Inventory.Grains.DeviceStreams;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Tests.Stock;

namespace Orleans.Inventory.Tests.Durable;

/// <summary>
/// The whole path on the durable profile, with real processes: the Event Hubs emulator (file-backed) -> two silo
/// processes of the Local profile (Azure Table storage, clustering, ledger and checkpoints in Azurite) -> the HTTP API.
/// A silo is killed with SIGKILL while devices send, the emulator is restarted, a new silo joins; afterwards every
/// product matches the rule model, each event took effect exactly once, and every malformed item is one dead letter.
/// Then the checkpoint table is lost: a new silo reads every partition from the start and changes nothing twice.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DeviceStreamProcessTests(Azurite azurite) : IAsyncLifetime
{
    private const int Seed = 20261127;
    private static readonly TimeSpan Settle = TimeSpan.FromMinutes(4);

    private readonly string _emulatorDirectory = Directory.CreateTempSubdirectory("inventory-eventhubs-").FullName;
    private readonly int _emulatorPort = FreePort();
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<SiloProcess> _silos = [];
    private EventHubsEmulatorServer? _emulator;

    public Task InitializeAsync() => StartEmulatorAsync();

    [Fact]
    public async Task KilledSiloRestartedEmulatorAndLostCheckpointsLoseNothingAndDoubleNothing()
    {
        var warehouse = $"wh-{azurite.RunId}";
        var settings = SiloSettings($"streams-{azurite.RunId}");
        var first = await StartSiloAsync(settings);
        var second = await StartSiloAsync(settings);
        await RegisterWarehouseAsync(second, warehouse);

        var keys = Enumerable.Range(0, 24).Select(i => new StockKey(warehouse, $"SKU-{i:D2}")).ToList();
        var traffic = DeviceTraffic.Generate(Seed, keys, eventCount: 1500, malformedEvery: 25);
        var thirds = traffic.Messages.Chunk((traffic.Messages.Count + 2) / 3).ToList();

        await SendAsync(warehouse, thirds[0]);
        await first.KillAsync();                      // mid-stream, no goodbye
        await SendAsync(warehouse, thirds[1]);
        await RestartEmulatorAsync();                 // the log is on disk; nothing sent may be lost
        var third = await StartSiloAsync(settings);   // takes over the killed silo's partitions
        await SendAsync(warehouse, thirds[2]);

        await VerifyAsync(second, traffic, keys, replays: 1);
        var deadLetters = await DeadLetterTotalAsync(third);
        Assert.Equal(traffic.MalformedItems, deadLetters);

        // The checkpoint table is lost: a new cluster reads every partition from the start.
        foreach (var silo in _silos)
        {
            await silo.KillAsync();
        }

        await azurite.Tables.DeleteTableAsync(settings["Inventory__DeviceStreams__Checkpoint__TableName"]);
        var afterLoss = new Dictionary<string, string>(settings) { ["Orleans__ClusterId"] = $"replay-{azurite.RunId}" };
        var replaying = await StartSiloAsync(afterLoss);
        await VerifyAsync(replaying, traffic, keys, replays: 2);
        Assert.Equal(traffic.MalformedItems, await DeadLetterTotalAsync(replaying));
    }

    /// <summary>
    /// Waits until every delivery was ledgered <paramref name="replays"/> times over, then checks each product against
    /// the rule model and that each event took effect (or was superseded) exactly once.
    /// </summary>
    private async Task VerifyAsync(SiloProcess silo, DeviceTraffic traffic, IReadOnlyList<StockKey> keys, int replays)
    {
        foreach (var key in keys)
        {
            var deliveries = traffic.Deliveries(key) * replays;
            var ledger = await Eventually.WaitForAsync(() => LedgerAsync(silo, key), entries => entries.Count >= deliveries, Settle,
                $"{deliveries} deliveries of {key} ledgered (seed {Seed})");
            var events = traffic.Events.Where(e => e.Key == key).ToList();
            foreach (var e in events)
            {
                Assert.Single(ledger, entry => entry.EventId == e.EventId && entry.Outcome is "applied" or "superseded");
            }

            var expected = StockModel.Expect(events);
            using var stock = JsonDocument.Parse(await _http.GetStringAsync(new Uri(silo.BaseAddress, $"/api/stock/{key.WarehouseId}/{key.ProductId}")));
            Assert.Equal(expected.Available, stock.RootElement.GetProperty("available_quantity").GetInt64());
            Assert.Equal(expected.Discrepancy, stock.RootElement.GetProperty("discrepancy_quantity").GetInt64());
        }
    }

    private async Task<List<(string EventId, string Outcome)>> LedgerAsync(SiloProcess silo, StockKey key)
    {
        var entries = new List<(string, string)>();
        for (long after = 0; ;)
        {
            var page = await _http.GetFromJsonAsync<JsonElement>(new Uri(silo.BaseAddress, $"/api/stock/{key.WarehouseId}/{key.ProductId}/ledger?after={after}&limit=1000"));
            foreach (var entry in page.GetProperty("entries").EnumerateArray())
            {
                entries.Add((entry.GetProperty("event_id").GetString()!, entry.GetProperty("outcome").GetString()!));
            }

            if (page.GetProperty("next_after").ValueKind != JsonValueKind.Number)
            {
                return entries;
            }

            after = page.GetProperty("next_after").GetInt64();
        }
    }

    private async Task<long> DeadLetterTotalAsync(SiloProcess silo)
    {
        var page = await _http.GetFromJsonAsync<JsonElement>(new Uri(silo.BaseAddress, "/api/dead-letters?limit=1"));
        return page.GetProperty("total").GetInt64();
    }

    private async Task SendAsync(string warehouse, IEnumerable<DeviceTraffic.Message> messages)
    {
        await using var producer = new EventHubProducerClient(_emulator!.ConnectionString(), "inventory");
        foreach (var message in messages)
        {
            var data = new EventData(Encoding.UTF8.GetBytes(message.Body)) { ContentType = "application/json" };
            data.Properties[DeviceEventDataAdapter.DeviceIdProperty] = message.DeviceId;
            await producer.SendAsync([data], new SendEventOptions { PartitionKey = warehouse });
        }
    }

    private async Task RegisterWarehouseAsync(SiloProcess silo, string warehouse)
    {
        using var response = await _http.PutAsJsonAsync(new Uri(silo.BaseAddress, $"/api/warehouses/{warehouse}"), new { region_id = "region_local", name = "Stream test" });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
    }

    private Dictionary<string, string> SiloSettings(string clusterId) => new()
    {
        ["Orleans__ClusterId"] = clusterId,
        ["Orleans__Clustering__TableName"] = azurite.TableName("StreamSilos"),
        ["Orleans__GrainStorage__inventory__TableName"] = azurite.TableName("StreamState"),
        ["Orleans__GrainStorage__PubSubStore__TableName"] = azurite.TableName("StreamPubSub"),
        ["Orleans__Reminders__TableName"] = azurite.TableName("StreamReminders"),
        ["Inventory__Ledger__TableName"] = azurite.TableName("StreamLedger"),
        ["Inventory__DeviceStreams__ConnectionString"] = _emulator!.ConnectionString(),
        ["Inventory__DeviceStreams__CheckpointInterval"] = "00:00:01",
        ["Inventory__DeviceStreams__Checkpoint__PersistInterval"] = "00:00:01",
        ["Inventory__DeviceStreams__Checkpoint__TableName"] = azurite.TableName("StreamCheckpoints"),
    };

    private async Task<SiloProcess> StartSiloAsync(IReadOnlyDictionary<string, string> settings)
    {
        var silo = SiloProcess.Start(settings);
        _silos.Add(silo);
        await silo.WaitUntilReadyAsync(_http, TimeSpan.FromMinutes(3));
        return silo;
    }

    private async Task StartEmulatorAsync()
    {
        _emulator = new EventHubsEmulatorServer(new EventHubsEmulatorOptions
        {
            Host = "127.0.0.1",
            Port = _emulatorPort,
            DataDirectory = _emulatorDirectory,
            FlushToDisk = true,
            Hubs = [new EmulatedEventHubOptions { Name = "inventory", PartitionCount = 4 }],
            SharedAccessKeys = [new SharedAccessKeyOptions { Name = "RootManageSharedAccessKey", Key = "process-tests" }],
        });
        await _emulator.StartAsync();
    }

    private async Task RestartEmulatorAsync()
    {
        await _emulator!.DisposeAsync();
        await StartEmulatorAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var silo in _silos)
        {
            await silo.DisposeAsync();
        }

        if (_emulator is not null)
        {
            await _emulator.DisposeAsync();
        }

        _http.Dispose();
        Directory.Delete(_emulatorDirectory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
