using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Inventory.Tests.Notifications;
using static Orleans.Inventory.Tests.Notifications.TestStreams;

namespace Orleans.Inventory.Tests.LiveStream;

/// <summary>Reconnecting to <c>GET /api/stream</c> when the window of five kept items has moved on.</summary>
[Collection(SmallNotificationCollection.Name)]
public sealed class LiveStreamWindowTests(SmallNotificationFixture fixture)
{
    private static long Sequence(SseMessage message) => (long)message.Json["sequence"]!;

    [Fact]
    public async Task AClientWhoseLastEventIdFellOutOfTheWindowIsToldWhatItMissedThenGetsTheOldestKept()
    {
        var key = Infrastructure.Events.FreshKey();
        var path = $"/api/stream?product_id={key.ProductId}";
        await using var watcher = await SseClient.OpenAsync(fixture.Http, path);
        long lastSeen;
        await using (var first = await SseClient.OpenAsync(fixture.Http, path))
        {
            await fixture.Cluster.Client.PublishAsync(Change(key, null, sequence: 1));
            lastSeen = (await first.ReadAsync()).Id!.Value;
        }

        for (var sequence = 2; sequence <= 9; sequence++)
        {
            await fixture.Cluster.Client.PublishAsync(Change(key, null, sequence));
        }

        var seen = await watcher.ReadUntilAsync(m => Sequence(m) == 9);
        await using var resumed = await SseClient.OpenAsync(fixture.Http, path, lastSeen);

        var reset = await resumed.ReadAsync();
        Assert.Equal("reset", reset.Event);
        Assert.Equal("fell_out_of_window", (string?)reset.Json["reason"]);
        Assert.Equal(lastSeen, (long?)reset.Json["last_event_id"]);
        Assert.Equal(lastSeen + 1, (long?)reset.Json["missed_from_id"]);
        var resumesFrom = (long)reset.Json["resumes_from_id"]!;
        Assert.Equal(resumesFrom - 1, (long?)reset.Json["missed_to_id"]);

        // The window holds the newest five: sequences 5 to 9, which the watcher saw with the same ids.
        var kept = new List<SseMessage>();
        for (var i = 0; i < SmallNotificationFixture.Capacity; i++)
        {
            kept.Add(await resumed.ReadAsync());
        }

        Assert.Equal([5L, 6L, 7L, 8L, 9L], kept.Select(Sequence));
        Assert.Equal(resumesFrom, kept[0].Id);
        Assert.Equal(seen.TakeLast(5).Select(m => m.Id), kept.Select(m => m.Id));
    }

    [Fact]
    public async Task AnIdleConnectionGetsHeartbeatComments()
    {
        await using var sse = await SseClient.OpenAsync(fixture.Http, $"/api/stream?product_id=P-{Guid.NewGuid():N}");

        // Nothing matches this filter, so the read can only end by the deadline; heartbeats arrive meanwhile (every 200 ms).
        await Assert.ThrowsAsync<TimeoutException>(() => sse.ReadAsync(TimeSpan.FromSeconds(1)));

        Assert.Contains("heartbeat", sse.Comments);
    }
}
