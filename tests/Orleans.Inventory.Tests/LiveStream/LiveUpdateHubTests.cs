using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Api.LiveUpdates;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Tests.Infrastructure;
using static Orleans.Inventory.Tests.Notifications.TestStreams;

namespace Orleans.Inventory.Tests.LiveStream;

/// <summary>The hub on its own: numbering, the window and slow clients.</summary>
public sealed class LiveUpdateHubTests
{
    private static LiveUpdateHub Hub(int window = 100, int buffer = 3) =>
        new(Options.Create(new LiveStreamOptions { WindowSize = window, ClientBufferSize = buffer }), NullLogger<LiveUpdateHub>.Instance);

    [Fact]
    public async Task ASlowClientIsDroppedWithAReasonWhileTheOthersReceiveEverything()
    {
        var hub = Hub(buffer: 3);
        using var slow = hub.Subscribe(new LiveFilter(), null);
        using var fast = hub.Subscribe(new LiveFilter(), null);
        var received = new List<long>();

        var key = Infrastructure.Events.FreshKey();
        for (var sequence = 1; sequence <= 5; sequence++)
        {
            hub.Publish(Change(key, null, sequence));
            while (fast.Items.TryRead(out var item))
            {
                received.Add(item.Id);
            }
        }

        Assert.Equal([1L, 2L, 3L, 4L, 5L], received);
        Assert.NotNull(slow.DropReason);
        Assert.Contains("Last-Event-ID", slow.DropReason, StringComparison.Ordinal);
        var buffered = new List<long>();
        await foreach (var item in slow.Items.ReadAllAsync())
        {
            buffered.Add(item.Id);
        }

        Assert.Equal([1L, 2L, 3L], buffered);
        Assert.Null(fast.DropReason);
        Assert.Equal(1, hub.ClientCount);
    }

    [Fact]
    public void IdsIncreaseByOneAndTheWindowKeepsTheNewest()
    {
        var hub = Hub(window: 3);
        var key = Infrastructure.Events.FreshKey();
        var ids = Enumerable.Range(1, 5).Select(i => hub.Publish(Change(key, "r", i)).Id).ToList();

        using var resumed = hub.Subscribe(new LiveFilter(), lastEventId: 1);
        using var current = hub.Subscribe(new LiveFilter(), lastEventId: 4);

        Assert.Equal([1L, 2L, 3L, 4L, 5L], ids);
        Assert.Equal(new LiveReset(LiveReset.FellOutOfWindow, 1, 2, 2, 3), resumed.Reset);
        Assert.Equal([3L, 4L, 5L], resumed.Backlog.Select(i => i.Id));
        Assert.Null(current.Reset);
        Assert.Equal([5L], current.Backlog.Select(i => i.Id));
    }

    [Fact]
    public void ABacklogHoldsOnlyWhatMatchesTheFilter()
    {
        var hub = Hub();
        var (mine, other) = (Infrastructure.Events.FreshKey(), Infrastructure.Events.FreshKey());
        hub.Publish(Change(mine, "r", 1));
        hub.Publish(Change(other, "r", 2));
        hub.Publish(Notify(NotificationType.DelayedShipment, DateTimeOffset.UtcNow, "r", mine.WarehouseId));
        hub.Publish(Change(mine, "r", 3));

        using var subscription = hub.Subscribe(new LiveFilter(WarehouseId: mine.WarehouseId), lastEventId: 0);

        Assert.Null(subscription.Reset);
        Assert.Equal(["stock_changed", "delayed_shipment", "stock_changed"], subscription.Backlog.Select(i => i.EventName));
        Assert.Equal([1L, 3L, 4L], subscription.Backlog.Select(i => i.Id));
    }
}
