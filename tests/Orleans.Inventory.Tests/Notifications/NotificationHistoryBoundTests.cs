using Orleans.Inventory.Notifications;
using Orleans.Inventory.Tests.Infrastructure;
using Xunit.Abstractions;
using static Orleans.Inventory.Tests.Notifications.TestStreams;

namespace Orleans.Inventory.Tests.Notifications;

/// <summary>The history keeps only the newest notifications, with a capacity of five.</summary>
[Collection(SmallNotificationCollection.Name)]
public sealed class NotificationHistoryBoundTests(SmallNotificationFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task TheHistoryKeepsTheNewestByOccurrenceWhateverTheArrivalOrder()
    {
        const int seed = 20260216;
        output.WriteLine($"seed {seed}");
        var product = $"P-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.AddDays(1);
        var alerts = Enumerable.Range(0, 8).Select(i => Notify(NotificationType.LowStock, t0.AddSeconds(i), "r1", productId: product)).ToList();
        var arrival = alerts.Concat([alerts[6], alerts[1]]).OrderBy(_ => 0).ToArray();
        new Random(seed).Shuffle(arrival);
        var sentinel = Notify(NotificationType.StockRecovered, t0.AddMinutes(1), "r1", productId: product);

        foreach (var alert in arrival.Append(sentinel))
        {
            await fixture.Cluster.Client.PublishAsync(alert);
        }

        var history = fixture.Grains.GetGrain<INotificationHistoryGrain>(InventoryStreams.AllKey);
        var kept = await Eventually.WaitForAsync(() => history.QueryAsync(null, null, 1000), k => k.Any(n => n.Id == sentinel.Id), what: "the sentinel");

        Assert.Equal(SmallNotificationFixture.Capacity, kept.Count);
        Assert.Equal([alerts[4].Id, alerts[5].Id, alerts[6].Id, alerts[7].Id, sentinel.Id], kept.Select(n => n.Id));

        // One that was dropped for capacity and arrives again (a redelivery) stays out: it is not among the newest.
        await fixture.Cluster.Client.PublishAsync(alerts[0]);
        var last = Notify(NotificationType.StockRecovered, t0.AddMinutes(2), "r1", productId: product);
        await fixture.Cluster.Client.PublishAsync(last);
        kept = await Eventually.WaitForAsync(() => history.QueryAsync(null, null, 1000), k => k.Any(n => n.Id == last.Id), what: "the last sentinel");
        Assert.Equal([alerts[5].Id, alerts[6].Id, alerts[7].Id, sentinel.Id, last.Id], kept.Select(n => n.Id));
    }
}
