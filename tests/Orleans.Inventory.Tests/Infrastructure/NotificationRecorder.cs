using System.Collections.Concurrent;
using Orleans.Inventory.Notifications;
using Orleans.Inventory.Regions;
using Orleans.Streams;

namespace Orleans.Inventory.Tests.Infrastructure;

/// <summary>
/// Subscribes to the notification stream through the cluster client and records every delivery, repeats included,
/// so a test can count exactly what a downstream consumer would receive.
/// </summary>
public sealed class NotificationRecorder : IAsyncDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private readonly ConcurrentQueue<Notification> _received = new();
    private readonly IClusterClient _client;
    private StreamSubscriptionHandle<Notification>? _subscription;

    private NotificationRecorder(IClusterClient client) => _client = client;

    public static async Task<NotificationRecorder> StartAsync(IClusterClient client)
    {
        var recorder = new NotificationRecorder(client);
        var stream = client.GetStreamProvider(InventoryStreams.ProviderName)
            .GetStream<Notification>(InventoryStreams.NotificationNamespace, InventoryStreams.AllKey);
        recorder._subscription = await stream.SubscribeAsync((notification, _) =>
        {
            recorder._received.Enqueue(notification);
            return Task.CompletedTask;
        });
        return recorder;
    }

    public IReadOnlyList<Notification> Received => [.. _received];

    /// <summary>Waits (with a deadline) until the deliveries so far satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<Notification>> WaitForAsync(Func<IReadOnlyList<Notification>, bool> condition)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            var received = Received;
            if (condition(received))
            {
                return received;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met within {Deadline}; received: {string.Join(", ", received.Select(n => n.Id))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>
    /// Returns once everything published before the call was delivered: publishes a marker notification (a fresh
    /// region crossing low) on the same ordered stream and waits for it. Lets a test assert that no repeat follows.
    /// </summary>
    public async Task FenceAsync()
    {
        var region = $"fence-{Guid.NewGuid():N}";
        await _client.GetGrain<IRegionGrain>(region).ApplySnapshotsAsync(
            [new StockSnapshot(region, "fence", "fence", 1, 0, 0, 0, DateTimeOffset.UtcNow)]);
        await WaitForAsync(received => received.Any(n => n.RegionId == region));
    }

    public async ValueTask DisposeAsync()
    {
        if (_subscription is not null)
        {
            await _subscription.UnsubscribeAsync();
        }
    }
}
