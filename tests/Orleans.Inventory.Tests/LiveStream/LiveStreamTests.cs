using System.Net;
using System.Text.Json.Nodes;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Tests.Notifications;
using static Orleans.Inventory.Tests.Notifications.TestStreams;

namespace Orleans.Inventory.Tests.LiveStream;

/// <summary>
/// <c>GET /api/stream</c> on a test server in front of a real in-process cluster; items are published on the cluster's
/// streams through its client, as the grains publish them.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class LiveStreamTests(InventoryClusterFixture fixture)
{
    private IClusterClient Client => fixture.Cluster.Client;

    private static long Sequence(SseMessage message) => (long)message.Json["sequence"]!;

    [Fact]
    public async Task AStockChangeArrivesAsAStockChangedEventWithAnIdAndSnakeCaseData()
    {
        var key = Infrastructure.Events.FreshKey();
        await using var sse = await SseClient.OpenAsync(fixture.Http, $"/api/stream?product_id={key.ProductId}");

        await Client.PublishAsync(Change(key, "region-east", sequence: 1, available: 7));
        var message = await sse.ReadAsync();

        Assert.Equal("stock_changed", message.Event);
        Assert.NotNull(message.Id);
        Assert.Equal(key.ProductId, (string?)message.Json["stock"]!["product_id"]);
        Assert.Equal(key.WarehouseId, (string?)message.Json["stock"]!["warehouse_id"]);
        Assert.Equal(7, (long?)message.Json["stock"]!["available_quantity"]);
        Assert.Equal("region-east", (string?)message.Json["region_id"]);
        Assert.Contains("connected", sse.Comments);
    }

    [Fact]
    public async Task AnEventAppliedByAStockGrainReachesTheStreamAndADiscrepancyBecomesAnAlert()
    {
        var region = $"R-{Guid.NewGuid():N}";
        var key = await fixture.NewKeyAsync(region);
        await using var sse = await SseClient.OpenAsync(fixture.Http, $"/api/stream?region_id={region}");

        await fixture.Grains.Stock(key).ApplyOneAsync(Infrastructure.Events.Added(key, 3, Infrastructure.Events.T0));
        await fixture.Grains.Stock(key).ApplyOneAsync(Infrastructure.Events.Removed(key, 5, Infrastructure.Events.T0.AddHours(1)));
        var messages = new List<SseMessage>();
        // The live feed is coalesced: changes that commit close together may arrive as one, the newest.
        while (!messages.Any(m => m.Event == "stock_discrepancy")
            || !messages.Any(m => m.Event == "stock_changed" && (long)m.Json["stock"]!["available_quantity"]! == 0))
        {
            messages.Add(await sse.ReadAsync());
        }

        var changes = messages.Where(m => m.Event == "stock_changed").ToList();
        Assert.Equal(0L, (long)changes[^1].Json["stock"]!["available_quantity"]!);
        Assert.All(changes, m => Assert.Contains((long)m.Json["stock"]!["available_quantity"]!, new[] { 3L, 0L }));
        Assert.All(changes, m => Assert.Equal(region, (string?)m.Json["region_id"]));
        var discrepancy = messages.Single(m => m.Event == "stock_discrepancy").Json;
        Assert.Equal(key.WarehouseId, (string?)discrepancy["warehouse_id"]);
        Assert.Equal(key.ProductId, (string?)discrepancy["product_id"]);

        // The same alert is kept in the history and answered by /api/alerts.
        var alertId = (string)discrepancy["id"]!;
        await Eventually.WaitForAsync(
            () => fixture.Grains.GetGrain<INotificationHistoryGrain>(InventoryStreams.AllKey).QueryAsync(null, NotificationType.StockDiscrepancy, 1000),
            kept => kept.Any(n => n.Id == alertId), what: "the discrepancy in the history");
        using var alerts = await fixture.Http.GetAsync("/api/alerts?type=stock_discrepancy&limit=1000");
        Assert.Contains(alertId, await alerts.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANotificationArrivesAsAnEventNamedAfterItsType()
    {
        var region = $"R-{Guid.NewGuid():N}";
        await using var sse = await SseClient.OpenAsync(fixture.Http, $"/api/stream?region_id={region}");

        var alert = Notify(NotificationType.LowStock, DateTimeOffset.UtcNow, region, quantity: 4);
        await Client.PublishAsync(alert);
        var message = await sse.ReadAsync();

        Assert.Equal("low_stock", message.Event);
        Assert.NotNull(message.Id);
        Assert.Equal(alert.Id, (string?)message.Json["id"]);
        Assert.Equal("low_stock", (string?)message.Json["type"]);
        Assert.Equal(region, (string?)message.Json["region_id"]);
        Assert.Equal(4, (long?)message.Json["quantity"]);
    }

    [Fact]
    public async Task EachClientSeesOnlyWhatMatchesItsWarehouseRegionAndProductFilters()
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var (w1, w2, r1, r2, p1, p2) = ($"W1-{suffix}", $"W2-{suffix}", $"R1-{suffix}", $"R2-{suffix}", $"P1-{suffix}", $"P2-{suffix}");
        await using var byWarehouse = await SseClient.OpenAsync(fixture.Http, $"/api/stream?warehouse_id={w1}");
        await using var byRegion = await SseClient.OpenAsync(fixture.Http, $"/api/stream?region_id={r2}");
        await using var byProduct = await SseClient.OpenAsync(fixture.Http, $"/api/stream?product_id={p2}");
        await using var byBoth = await SseClient.OpenAsync(fixture.Http, $"/api/stream?warehouse_id={w1}&product_id={p2}");

        var a = Change(new StockKey(w1, p1), r1, sequence: 1);
        var b = Change(new StockKey(w2, p2), r2, sequence: 2);
        var c = Notify(NotificationType.LowStock, DateTimeOffset.UtcNow, r2);
        var d = Change(new StockKey(w1, p2), r2, sequence: 4);
        var e = Notify(NotificationType.StockDiscrepancy, DateTimeOffset.UtcNow, r2, w1, p2);
        foreach (var change in new[] { a, b, d })
        {
            await Client.PublishAsync(change);
        }

        await Client.PublishAsync(c);
        await Client.PublishAsync(e);

        // Stock changes of different records travel on different live-feed shards, so no order holds between them: a
        // client reads until it has everything its filter should pass, and whatever else arrived by then is in the list.
        string Mark(SseMessage m) => m.Event == "stock_changed" ? $"s{Sequence(m)}" : (string)m.Json["id"]! == e.Id ? "e" : "n";
        async Task<string[]> ReadAllAsync(SseClient client, params string[] expected)
        {
            var marks = new List<string>();
            while (!expected.All(marks.Contains))
            {
                marks.Add(Mark(await client.ReadAsync()));
            }

            return [.. marks.Order()];
        }

        Assert.Equal(["e", "s1", "s4"], await ReadAllAsync(byWarehouse, "e", "s1", "s4"));
        Assert.Equal(["e", "n", "s2", "s4"], await ReadAllAsync(byRegion, "e", "n", "s2", "s4"));
        Assert.Equal(["e", "s2", "s4"], await ReadAllAsync(byProduct, "e", "s2", "s4"));
        Assert.Equal(["e", "s4"], await ReadAllAsync(byBoth, "e", "s4"));
    }

    [Fact]
    public async Task AClientThatReconnectsWithLastEventIdResumesWithoutAGap()
    {
        var key = Infrastructure.Events.FreshKey();
        var path = $"/api/stream?product_id={key.ProductId}";
        await using var watcher = await SseClient.OpenAsync(fixture.Http, path);
        long lastSeen;
        await using (var first = await SseClient.OpenAsync(fixture.Http, path))
        {
            await Client.PublishAsync(Change(key, null, sequence: 1));
            lastSeen = (await first.ReadAsync()).Id!.Value;
        }

        for (var sequence = 2; sequence <= 6; sequence++)
        {
            await Client.PublishAsync(Change(key, null, sequence));
        }

        var seenByWatcher = await watcher.ReadUntilAsync(m => Sequence(m) == 6);
        await using var resumed = await SseClient.OpenAsync(fixture.Http, path, lastSeen);
        var missed = new List<SseMessage>();
        for (var i = 0; i < 5; i++)
        {
            missed.Add(await resumed.ReadAsync());
        }

        Assert.Equal([2L, 3L, 4L, 5L, 6L], missed.Select(Sequence));
        Assert.Equal(seenByWatcher.Skip(1).Select(m => m.Id), missed.Select(m => m.Id));
        Assert.All(missed, m => Assert.True(m.Id > lastSeen));

        // ... and then it is live again.
        await Client.PublishAsync(Change(key, null, sequence: 7));
        Assert.Equal(7, Sequence(await resumed.ReadAsync()));
    }

    [Fact]
    public async Task AnIdNewerThanAnyThisProcessGaveOutIsToldItIsUnknown()
    {
        await using var sse = await SseClient.OpenAsync(fixture.Http, $"/api/stream?product_id=P-{Guid.NewGuid():N}", lastEventId: long.MaxValue / 2);

        var reset = await sse.ReadAsync();

        Assert.Equal("reset", reset.Event);
        Assert.Null(reset.Id);
        Assert.Equal("unknown_event_id", (string?)reset.Json["reason"]);
        Assert.Equal(long.MaxValue / 2, (long?)reset.Json["last_event_id"]);
        Assert.NotNull(reset.Json["resumes_from_id"]);
    }

    [Theory]
    [InlineData("/api/stream?warehouse_id=a/b", null, "warehouse_id")]
    [InlineData("/api/stream?region_id=", null, "region_id")]
    [InlineData("/api/stream?product_id=x%20y", null, "product_id")]
    [InlineData("/api/stream?last_event_id=-3", null, "last_event_id")]
    [InlineData("/api/stream", "abc", "Last-Event-ID")]
    public async Task ABadParameterIsAProblemThatNamesIt(string path, string? lastEventId, string parameter)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }

        using var response = await fixture.Http.SendAsync(request);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(parameter, (string?)body["parameter"]);
    }
}
