using Orleans.Inventory.Notifications;
using Orleans.Inventory.Tests.Infrastructure;
using Orleans.Core.Internal;
using static Orleans.Inventory.Tests.Notifications.TestStreams;

namespace Orleans.Inventory.Tests.Notifications;

/// <summary>The notification history grain, fed through the real notification stream of an in-process cluster.</summary>
[Collection(ClusterCollection.Name)]
public sealed class NotificationHistoryTests(InventoryClusterFixture fixture)
{
    private INotificationHistoryGrain History => fixture.Grains.GetGrain<INotificationHistoryGrain>(InventoryStreams.AllKey);

    private Task<IReadOnlyList<Notification>> WaitForAsync(string notificationId) =>
        Eventually.WaitForAsync(() => History.QueryAsync(null, null, 1000), kept => kept.Any(n => n.Id == notificationId),
            what: $"notification {notificationId} in the history");

    [Fact]
    public async Task ANotificationPublishedAgainIsKeptOnceEvenAfterTheHistoryReloads()
    {
        var product = $"P-{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow;
        var alert = Notify(NotificationType.LowStock, now, "r1", productId: product);

        await fixture.Cluster.Client.PublishAsync(alert);
        await fixture.Cluster.Client.PublishAsync(alert);
        var sentinel = Notify(NotificationType.StockRecovered, now.AddSeconds(1), "r1", productId: product);
        await fixture.Cluster.Client.PublishAsync(sentinel);
        var kept = await WaitForAsync(sentinel.Id);
        Assert.Single(kept, n => n.Id == alert.Id);

        // A crash between publishing and acknowledging redelivers after the grain comes back from storage.
        await History.Cast<IGrainManagementExtension>().DeactivateOnIdle();
        await fixture.Cluster.Client.PublishAsync(alert);
        var secondSentinel = Notify(NotificationType.StockRecovered, now.AddSeconds(2), "r1", productId: product);
        await fixture.Cluster.Client.PublishAsync(secondSentinel);
        kept = await WaitForAsync(secondSentinel.Id);

        Assert.Equal([alert.Id, sentinel.Id, secondSentinel.Id], kept.Where(n => n.ProductId == product).Select(n => n.Id));
        Assert.Equal(alert, kept.Single(n => n.Id == alert.Id));
    }

    [Fact]
    public async Task TheHistoryFiltersBySinceAndTypeOldestFirst()
    {
        var product = $"P-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow;
        var first = Notify(NotificationType.LowStock, t0, "r1", productId: product);
        var second = Notify(NotificationType.StockRecovered, t0.AddMinutes(1), "r1", productId: product);
        var third = Notify(NotificationType.LowStock, t0.AddMinutes(2), "r1", productId: product);

        // Published out of occurrence order: the history orders by when it happened, not when it arrived.
        await fixture.Cluster.Client.PublishAsync(second);
        await fixture.Cluster.Client.PublishAsync(first);
        await fixture.Cluster.Client.PublishAsync(third);
        await WaitForAsync(third.Id);

        async Task<string[]> Query(DateTimeOffset? since, NotificationType? type) =>
            [.. (await History.QueryAsync(since, type, 1000)).Where(n => n.ProductId == product).Select(n => n.Id)];

        Assert.Equal([first.Id, second.Id, third.Id], await Query(null, null));
        Assert.Equal([second.Id, third.Id], await Query(t0.AddMinutes(1), null));
        Assert.Equal([third.Id], await Query(t0.AddMinutes(1), NotificationType.LowStock));
        Assert.Equal([first.Id, third.Id], await Query(null, NotificationType.LowStock));
        Assert.Empty(await Query(t0.AddMinutes(3), null));
    }

    [Fact]
    public async Task ALimitTakesTheNewestWithoutSinceAndTheFirstAfterSince()
    {
        var product = $"P-{Guid.NewGuid():N}";
        var t0 = DateTimeOffset.UtcNow.AddDays(1);
        var alerts = Enumerable.Range(0, 4).Select(i => Notify(NotificationType.StockDiscrepancy, t0.AddSeconds(i), productId: product)).ToList();
        foreach (var alert in alerts)
        {
            await fixture.Cluster.Client.PublishAsync(alert);
        }

        await WaitForAsync(alerts[^1].Id);

        var newest = await History.QueryAsync(null, NotificationType.StockDiscrepancy, 2);
        var afterSince = await History.QueryAsync(t0.AddSeconds(1), NotificationType.StockDiscrepancy, 2);

        Assert.Equal([alerts[2].Id, alerts[3].Id], newest.Select(n => n.Id));
        Assert.Equal([alerts[1].Id, alerts[2].Id], afterSince.Select(n => n.Id));
    }
}
