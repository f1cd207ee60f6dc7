using System.Diagnostics;
using Orleans.Inventory.DeadLetters;
using Orleans.Inventory.Events;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Devices.Verification;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.DeviceStreams;

/// <summary>Device -> Event Hubs (emulator) -> Orleans Event Hubs stream -> device stream grain -> stock grains.</summary>
[Collection(DeviceStreamClusterCollection.Name)]
public sealed class DeviceStreamTests(DeviceStreamClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task AMixedPalletMessageReachesEveryProductsGrain()
    {
        var first = await fixture.NewKeyAsync();
        var second = await fixture.RegisterAsync(new StockKey(first.WarehouseId, first.ProductId + "-b"));
        var third = await fixture.RegisterAsync(new StockKey(first.WarehouseId, first.ProductId + "-c"));

        await fixture.SendAsync(first.WarehouseId, "rfid-portal-1", Json(
            Added(first, 3, T0), Added(second, 5, T0), Added(third, 7, T0),
            Removed(first, 1, T0.AddSeconds(1))));

        await WaitForStockAsync(first, 2);
        await WaitForStockAsync(second, 5);
        await WaitForStockAsync(third, 7);
    }

    [Fact]
    public async Task DuplicatedAndReorderedMessagesEndInTheRuleDefinedState()
    {
        const int seed = 4711;
        var first = await fixture.NewKeyAsync();
        StockKey[] keys = [first, await fixture.RegisterAsync(new StockKey(first.WarehouseId, first.ProductId + "-b"))];
        var traffic = DeviceTraffic.Generate(seed, keys, eventCount: 60);
        foreach (var message in traffic.Messages)
        {
            await fixture.SendAsync(first.WarehouseId, message.DeviceId, message.Body);
        }

        foreach (var key in keys)
        {
            // The state can look final while repeats are still on their way: first wait until every delivery is ledgered.
            var delivered = traffic.Deliveries(key);
            var ledger = (await Eventually.WaitForAsync(
                () => fixture.Grains.Stock(key).GetLedgerAsync(new Ledger.LedgerQuery(Limit: Ledger.LedgerQuery.MaxLimit)),
                page => page.Entries.Count >= delivered, Deadline, $"{delivered} deliveries of {key} ledgered (seed {seed})")).Entries;
            Assert.Equal(delivered, ledger.Count);
            foreach (var e in traffic.Events.Where(e => e.Key == key))
            {
                var decisions = ledger.Where(entry => entry.EventId == e.EventId).ToList();
                Assert.Single(decisions, entry => entry.Outcome is EventOutcome.Applied or EventOutcome.Superseded);
                Assert.All(decisions, entry => Assert.NotEqual(EventOutcome.Rejected, entry.Outcome));
            }

            var expected = StockModel.Expect([.. traffic.Events.Where(e => e.Key == key)]);
            var record = await fixture.Grains.Stock(key).GetAsync();
            Assert.Equal(expected.Available, record.AvailableQuantity);
            Assert.Equal(expected.Discrepancy, record.DiscrepancyQuantity);
            Assert.Equal(expected.LastUpdated, record.LastUpdated);
        }
    }

    [Fact]
    public async Task MalformedMessagesAreDeadLetteredWithPartitionAndOffsetAndLaterEventsStillApply()
    {
        var key = await fixture.NewKeyAsync();
        var before = await fixture.Grains.GetDeadLettersAsync(1000);

        await fixture.SendAsync(key.WarehouseId, "barcode-7", "{not json");
        await fixture.SendAsync(key.WarehouseId, "barcode-7", "[]");
        var valid = Added(key, 4, T0);
        var invalidElement = $$"""{"event":"item_added","location":"{{key.WarehouseId}}","quantity":2,"timestamp":"2026-02-16T10:00:00Z"}""";
        await fixture.SendAsync(key.WarehouseId, "barcode-7", $"[{InventoryEventJson.Serialize(valid)},{invalidElement}]");
        await fixture.SendAsync(key.WarehouseId, "barcode-7", Json(Added(key, 6, T0.AddSeconds(1))));

        await WaitForStockAsync(key, 10);
        var after = await Eventually.WaitForAsync(() => fixture.Grains.GetDeadLettersAsync(1000), page => page.Total >= before.Total + 3, Deadline, "three dead letters");
        Assert.Equal(before.Total + 3, after.Total);
        var ours = after.Items.Where(l => l.Id.StartsWith("eh:", StringComparison.Ordinal) && l.Source.StartsWith("eventhubs:", StringComparison.Ordinal))
            .Where(l => l.Payload.Contains("{not json", StringComparison.Ordinal) || l.Payload == "[]" || l.Payload == invalidElement)
            .ToList();
        Assert.Equal(3, ours.Count);
        Assert.Equal(2, ours.Count(l => l.Code == RejectionCodes.MalformedMessage));
        var element = Assert.Single(ours, l => l.Code == RejectionCodes.MissingField);
        Assert.Equal("product_id", element.Field);
        Assert.Matches(@"^eventhubs:[0-3]@\d+#1$", element.Source);
        Assert.All(ours.Where(l => l.Code == RejectionCodes.MalformedMessage), l => Assert.Matches(@"^eventhubs:[0-3]@\d+$", l.Source));
    }

    [Fact]
    public async Task TheStockGrainSpanContinuesTheTraceTheDeviceStarted()
    {
        var key = await fixture.NewKeyAsync();
        var traceId = ActivityTraceId.CreateRandom();
        var deviceSpan = ActivitySpanId.CreateRandom();
        var seen = new List<Activity>();
        using var listener = new ActivityListener
        {
            // Orleans carries the trace across grain calls only when its own sources are listened to, as a tracer
            // provider that exports traces does (ServiceDefaults adds them with the OTLP exporter).
            ShouldListenTo = source => source.Name is InventoryTelemetry.Name or "Microsoft.Orleans.Runtime" or "Microsoft.Orleans.Application",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    lock (seen)
                    {
                        seen.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        await fixture.SendAsync(key.WarehouseId, "rfid-9", Json(Added(key, 1, T0)),
            new Dictionary<string, object> { ["Diagnostic-Id"] = $"00-{traceId}-{deviceSpan}-01" });
        await WaitForStockAsync(key, 1);

        await Eventually.WaitForAsync(() => Task.FromResult(Snapshot(seen)), spans => spans.Any(s => s.OperationName == "stock.apply") && spans.Any(s => s.OperationName == "device_message process"),
            Deadline, "stock.apply and the consumer span (which ends after it) in the device's trace");
        var spans = Snapshot(seen);
        var consumer = Assert.Single(spans, s => s.OperationName == "device_message process");
        Assert.Equal(deviceSpan, consumer.ParentSpanId);
        Assert.Equal(ActivityKind.Consumer, consumer.Kind);
    }

    private static List<Activity> Snapshot(List<Activity> activities)
    {
        lock (activities)
        {
            return [.. activities];
        }
    }

    [Fact]
    public async Task AStreamedEventIsRecordedForItsDeviceThroughTheStream()
    {
        var key = await fixture.NewKeyAsync();

        await fixture.SendAsync(key.WarehouseId, "scanner-31", Json(Make(key, InventoryEventType.ItemAdded, 4, T0, deviceId: "scanner-31")));
        await WaitForStockAsync(key, 4);

        var entry = Assert.Single((await fixture.Grains.Stock(key).GetLedgerAsync(new Orleans.Inventory.Ledger.LedgerQuery())).Entries);
        Assert.Equal(("device:scanner-31", "stream"), (entry.Actor, entry.Channel));
        Assert.True((await fixture.Grains.Stock(key).VerifyLedgerAsync()).Intact);
    }

    private Task<StockRecord> WaitForStockAsync(StockKey key, long available, string? context = null) =>
        Eventually.WaitForAsync(() => fixture.Grains.Stock(key).GetAsync().AsTask(), record => record.AvailableQuantity == available, Deadline,
            $"{key} reaches {available} {context}");

    private static string Json(params InventoryEvent[] events) => $"[{string.Join(",", events.Select(InventoryEventJson.Serialize))}]";
}
