using System.Net.Http.Json;
using System.Text.Json;
using Orleans.Inventory.Events;
using Orleans.Inventory.EventHubsEmulator;
using Orleans.Inventory.Tests.Infrastructure;

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
    private readonly string _sentFile = Path.Combine(Path.GetTempPath(), $"inventory-sent-{Guid.NewGuid():N}.jsonl");
    private readonly int _emulatorPort = FreePorts.Next();
    private readonly HttpClient _http = SiloProcess.AdminClient();
    private readonly List<SiloProcess> _silos = [];
    private EventHubsEmulatorServer? _emulator;

    public Task InitializeAsync() => StartEmulatorAsync();

    [Fact]
    public async Task KilledSiloRestartedEmulatorAndLostCheckpointsLoseNothingAndDoubleNothing()
    {
        var settings = SiloSettings($"streams-{azurite.RunId}");
        var first = await StartSiloAsync(settings);
        var second = await StartSiloAsync(settings);

        // The simulator streams for about 20 s: repeats, late timestamps and malformed messages mixed in.
        var simulator = DevicesCli.Start(
            new Dictionary<string, string> { ["INVENTORY_EVENTHUBS_CONNECTION_STRING"] = _emulator!.ConnectionString() },
            "simulate", "--events", "6000", "--rate", "300",
            "--products", "40", "--duplicate-rate", "0.05", "--out-of-order-rate", "0.05", "--malformed-rate", "0.02",
            "--seed", $"{Seed}", "--max-retries", "10", "--out", _sentFile);

        await WaitForStreamingAsync(second, "events reach the stock grains");
        await first.KillAsync();                                    // SIGKILL mid-stream
        await RestartEmulatorAsync();                               // mid-stream too; its log is on disk, nothing sent may be lost
        var third = await StartSiloAsync(settings);                 // takes over the killed silo's partitions
        Assert.True(await simulator.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, simulator.Output);

        await VerifyAsync(third, replays: 1);

        // The checkpoint table is lost: a new cluster reads every partition from the start, and changes nothing twice.
        foreach (var silo in _silos)
        {
            await silo.KillAsync();
        }

        await azurite.Tables.DeleteTableAsync(settings["Inventory__DeviceStreams__Checkpoint__TableName"]);
        var replaying = await StartSiloAsync(new Dictionary<string, string>(settings) { ["Orleans__ClusterId"] = $"replay-{azurite.RunId}" });
        await VerifyAsync(replaying, replays: 2);
    }

    /// <summary>
    /// Waits until every delivery the sent file lists was ledgered <paramref name="replays"/> times over; then the
    /// simulator's <c>verify</c> must find no mismatch and one dead letter per malformed item, and the ledger must show
    /// each event taking effect (or being superseded) exactly once.
    /// </summary>
    private async Task VerifyAsync(SiloProcess silo, int replays)
    {
        var sent = SentEvents();
        foreach (var product in sent.GroupBy(e => e.Key))
        {
            // Each copy of each event is delivered at least once per read of the partitions (more after a kill).
            var copies = product.GroupBy(e => e.EventId).ToDictionary(g => g.Key, g => g.Count() * replays);
            var ledger = (await Eventually.WaitForAsync(() => WhileRecoveringAsync(() => LedgerAsync(silo, product.Key)),
                entries => entries is not null && copies.All(c => entries.Count(entry => entry.EventId == c.Key) >= c.Value), Settle,
                $"every delivery of {product.Key} ledgered {replays} time(s)"))!;
            foreach (var eventId in copies.Keys)
            {
                var effects = ledger.Count(entry => entry.EventId == eventId && entry.Outcome is "applied" or "superseded");
                Assert.True(effects == 1, $"{product.Key} event {eventId} took effect {effects} times");
            }
        }

        var verify = DevicesCli.Start("verify", "--sent", _sentFile, "--api", silo.BaseAddress.ToString(), "--wait", "120s", "--ca-certificate", SiloProcess.Certificates.AuthorityPath);
        var exitCode = await verify.WaitForExitAsync(TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, verify.Output);
        Assert.Contains(" 0 mismatches", verify.Output, StringComparison.Ordinal);
    }

    /// <summary>The valid event copies the sent file lists (the simulator's record of what it sent).</summary>
    private List<(StockKey Key, string EventId)> SentEvents() =>
        [.. File.ReadLines(_sentFile)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(line => line.GetProperty("type").GetString() == "event")
            .Select(line => line.GetProperty("event"))
            .Select(e => (new StockKey(e.GetProperty("location").GetString()!, e.GetProperty("product_id").GetString()!), e.GetProperty("event_id").GetString()!))];

    /// <summary>Waits until some stock record changes: events are flowing through the stream into the grains.</summary>
    private async Task WaitForStreamingAsync(SiloProcess silo, string what)
    {
        var before = await StockVersionAsync(silo);
        await Eventually.WaitForAsync(() => WhileRecoveringAsync(() => StockVersionAsync(silo)), now => now > before, Settle, what);
    }

    private async Task<long> StockVersionAsync(SiloProcess silo)
    {
        using var stock = JsonDocument.Parse(await _http.GetStringAsync(new Uri(silo.BaseAddress, "/api/stock/warehouse_A/SKU00001")));
        return stock.RootElement.GetProperty("version").GetInt64();
    }

    /// <summary>
    /// Reads through the API; while the cluster recovers from the killed silo a read may fail (a call to a grain that
    /// lived there times out), which means "not yet", not a failed test.
    /// </summary>
    private static async Task<T?> WhileRecoveringAsync<T>(Func<Task<T>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
        {
            return default;
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

    private Dictionary<string, string> SiloSettings(string clusterId) => new()
    {
        ["Orleans__ClusterId"] = clusterId,
        ["Orleans__Clustering__TableName"] = azurite.TableName("StreamSilos"),
        ["Orleans__GrainStorage__inventory__TableName"] = azurite.TableName("StreamState"),
        ["Orleans__GrainStorage__PubSubStore__TableName"] = azurite.TableName("StreamPubSub"),
        ["Orleans__Reminders__TableName"] = azurite.TableName("StreamReminders"),
        ["Inventory__Tables__StockTable"] = azurite.TableName("StreamStock"),
        ["Inventory__Tables__RegionTable"] = azurite.TableName("StreamRegions"),
        ["Inventory__DeviceStreams__ConnectionString"] = _emulator!.ConnectionString(),
        ["Inventory__DeviceStreams__CheckpointInterval"] = "00:00:01",
        ["Inventory__DeviceStreams__Checkpoint__PersistInterval"] = "00:00:01",
        ["Inventory__DeviceStreams__Checkpoint__TableName"] = azurite.TableName("StreamCheckpoints"),
    };

    private async Task<SiloProcess> StartSiloAsync(IReadOnlyDictionary<string, string> settings)
    {
        // As the profile runs: mutual TLS between the silos, the API on HTTPS (verify trusts the test CA).
        var silo = SiloProcess.Start(settings, https: true);
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
        File.Delete(_sentFile);
    }

}
