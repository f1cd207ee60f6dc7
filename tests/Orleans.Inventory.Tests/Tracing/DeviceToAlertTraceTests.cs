using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Orleans.Inventory.Devices.Telemetry;
using Orleans.Inventory.Events;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Tests.LiveStream;
using Orleans.Inventory.Tests.Webhooks;
using static Orleans.Inventory.Tests.Infrastructure.Events;

namespace Orleans.Inventory.Tests.Tracing;

/// <summary>
/// Issue 11 item 4: one device event that crosses a threshold is one trace, from the device's send span through the
/// stream consumer, the stock grain's apply and commit, the region feed and the region's write, to the live push and
/// the webhook delivery of the alert. Exported by the OpenTelemetry in-memory exporter, as an SRE's backend would get
/// them, through the real device path (Event Hubs emulator -> Orleans Event Hubs stream provider).
/// </summary>
[Collection(DeviceStreamClusterCollection.Name)]
public sealed class DeviceToAlertTraceTests(DeviceStreamClusterFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>Every span of the chain, device first.</summary>
    private static readonly string[] Chain =
    [
        DevicesTelemetry.SendActivityName, "device_message process", "stock.apply", "stock.commit", "stock.region_feed",
        "region.apply_snapshots", "live push", "webhook.deliver",
    ];

    [Fact]
    public async Task OneDeviceEventThatCrossesTheThresholdIsOneTraceFromTheSendToTheLivePushAndTheWebhookDelivery()
    {
        var region = $"R-{Guid.NewGuid():N}";
        var key = await fixture.NewKeyAsync(region);
        var regionGrain = fixture.Grains.GetGrain<IRegionGrain>(region);
        // Stocked, counted by the region and given a threshold before the traced event, so that one event crosses it.
        await fixture.Grains.Stock(key).ApplyOneAsync(Added(key, 30, T0));
        await Eventually.WaitForAsync(() => regionGrain.GetProductAsync(key.ProductId), stock => stock.AvailableQuantity == 30, Deadline,
            "the region to count the first 30");
        await regionGrain.SetThresholdAsync(key.ProductId, new StockThreshold(10, 20));
        await using var receiver = new WebhookReceiver(WebhookTestKit.Secret);
        await receiver.StartAsync();
        var webhookId = await fixture.RegisterAsync(receiver.Url, "low_stock");
        await using var live = await SseClient.OpenAsync(fixture.Http, $"/api/stream?region_id={region}");
        var exported = new ExportedSpans();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(DevicesTelemetry.SourceName, InventoryTelemetry.Name, "Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application")
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(exported)
            .Build();
        try
        {
            ActivityTraceId traceId;
            ActivitySpanId sendSpan;
            using (var send = DevicesTelemetry.Source.StartActivity(DevicesTelemetry.SendActivityName, ActivityKind.Producer))
            {
                Assert.NotNull(send);
                (traceId, sendSpan) = (send.TraceId, send.SpanId);
                await fixture.SendAsync(key.WarehouseId, "shelf-sensor-7", $"[{InventoryEventJson.Serialize(Removed(key, 25, T0.AddMinutes(1)))}]",
                    new Dictionary<string, object> { ["Diagnostic-Id"] = send.Id! });
            }

            var alert = (await live.ReadUntilAsync(message => message.Event == "low_stock"))[^1];
            Assert.Equal(key.ProductId, (string?)alert.Json["product_id"]);
            await Eventually.WaitForAsync(() => Task.FromResult<object?>(receiver.Received.FirstOrDefault()), received => received is not null, Deadline,
                "the webhook receiver to get the alert");

            var trace = await WaitForChainAsync(exported, traceId);
            var missing = Chain.Where(name => !trace.Any(span => span.OperationName == name)).ToList();
            Assert.True(missing.Count == 0,
                $"missing from trace {traceId}: {string.Join(", ", missing)}; found: {string.Join(", ", trace.Select(span => span.OperationName).Distinct())}");
            var byId = trace.ToDictionary(span => span.SpanId);
            foreach (var span in trace.Where(span => Chain.Contains(span.OperationName)))
            {
                Assert.True(ReachesRoot(span, byId, sendSpan), $"{span.OperationName} does not lead back to the device's send span through exported spans");
            }

            Activity Only(string name) => Assert.Single(trace, span => span.OperationName == name);
            var commit = Only("stock.commit");
            var apply = Only("stock.apply");
            var feed = Only("stock.region_feed");
            var regionWrite = Only("region.apply_snapshots");
            var push = Only("live push");
            var delivery = Only("webhook.deliver");
            // A commit that carries one caller is its child and links it; the batched steps link what they carry.
            Assert.Equal(apply.SpanId, commit.ParentSpanId);
            Assert.Contains(commit.Links, link => link.Context.SpanId == apply.SpanId);
            Assert.Contains(feed.Links, link => link.Context.SpanId == commit.SpanId);
            Assert.Contains(regionWrite.Links, link => link.Context.SpanId == feed.SpanId);
            // The notification's trace_parent is the change that crossed (the feed that carried it); live push and delivery continue it.
            Assert.Equal(feed.SpanId, regionWrite.ParentSpanId);
            Assert.Equal(feed.SpanId, push.ParentSpanId);
            Assert.Equal(feed.SpanId, delivery.ParentSpanId);
            Assert.Equal(ActivityKind.Client, delivery.Kind);
            Assert.Equal(200, Convert.ToInt32(delivery.GetTagItem("http.response.status_code"), System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(webhookId, delivery.GetTagItem("inventory.webhook.id"));
            Assert.Equal((string?)alert.Json["id"], delivery.GetTagItem("inventory.notification.id"));
        }
        finally
        {
            await fixture.DeleteAsync(webhookId);
        }
    }

    [Fact]
    public async Task ACommitThatCarriesSeveralCallersLinksEachOfThemAndOneThatCarriesOneIsItsChild()
    {
        var key = await fixture.NewKeyAsync();
        var grain = fixture.Grains.Stock(key);
        await grain.ApplyOneAsync(Added(key, 100, T0));
        var exported = new ExportedSpans();
        using var tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(InventoryTelemetry.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(exported)
            .Build();
        var table = fixture.StockTableOf(key);
        table.SubmitDelay = TimeSpan.FromMilliseconds(500);
        try
        {
            // While the first call's write is in storage, the next two are decided into the next write (group commit).
            var before = table.Transactions;
            var first = grain.ApplyOneAsync(Removed(key, 1, T0.AddMinutes(1)));
            await Eventually.WaitForAsync(() => Task.FromResult(table.Transactions), count => count > before, Deadline, "the first write to be in storage");
            await Task.WhenAll(first,
                grain.ApplyOneAsync(Removed(key, 2, T0.AddMinutes(2))),
                grain.ApplyOneAsync(Removed(key, 3, T0.AddMinutes(3))));
        }
        finally
        {
            table.SubmitDelay = TimeSpan.Zero;
        }

        var ours = exported.Snapshot().Where(span => (string?)span.GetTagItem("inventory.product_id") == key.ProductId).ToList();
        var applies = ours.Where(span => span.OperationName == "stock.apply").ToList();
        var commits = ours.Where(span => span.OperationName == "stock.commit" && span.Links.Any()).ToList();
        Assert.Equal(3, applies.Count);
        foreach (var apply in applies)
        {
            // Each caller's activity is carried by exactly one commit.
            Assert.Single(commits, commit => commit.Links.Any(link => link.Context.SpanId == apply.SpanId));
        }

        var batched = Assert.Single(commits, commit => commit.Links.Count() > 1);
        var carried = applies.Where(apply => batched.Links.Any(link => link.Context.SpanId == apply.SpanId)).ToList();
        Assert.True(carried.Count >= 2, $"the batched commit links {carried.Count} of the calls");
        Assert.Equal(carried.Count, batched.GetTagItem("inventory.trace.causes"));
        Assert.All(carried, apply => Assert.NotEqual(apply.TraceId, batched.TraceId));
        Assert.Equal(default, batched.ParentSpanId);
        foreach (var single in commits.Where(commit => commit != batched))
        {
            Assert.Contains(applies, apply => apply.SpanId == single.ParentSpanId && apply.TraceId == single.TraceId);
        }
    }

    /// <summary>The trace's exported spans once every span of the chain is in and leads back to the send, or what is in at the deadline.</summary>
    private static async Task<IReadOnlyList<Activity>> WaitForChainAsync(ExportedSpans exported, ActivityTraceId traceId)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var trace = exported.Snapshot().Where(span => span.TraceId == traceId).ToList();
            var byId = trace.GroupBy(span => span.SpanId).ToDictionary(group => group.Key, group => group.First());
            var root = trace.FirstOrDefault(span => span.OperationName == DevicesTelemetry.SendActivityName);
            var complete = root is not null && Chain.All(name => trace.Any(span => span.OperationName == name))
                && trace.Where(span => Chain.Contains(span.OperationName)).All(span => ReachesRoot(span, byId, root.SpanId));
            if (complete || deadline.Elapsed > Deadline)
            {
                return trace;
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Whether following parents from <paramref name="span"/> arrives at the root through spans that were exported.</summary>
    private static bool ReachesRoot(Activity span, IReadOnlyDictionary<ActivitySpanId, Activity> byId, ActivitySpanId root)
    {
        for (var current = span; ; )
        {
            if (current.SpanId == root)
            {
                return true;
            }

            if (!byId.TryGetValue(current.ParentSpanId, out var parent))
            {
                return false;
            }

            current = parent;
        }
    }
}
