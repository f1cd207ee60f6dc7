using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Inventory.Api.Telemetry;
using Orleans.Inventory.Notifications;
using Orleans.Streams;

namespace Orleans.Inventory.Api.LiveUpdates;

/// <summary>
/// Subscribes the hub to the cluster's stock-change and notification streams through the Orleans client, retrying
/// until the cluster answers, and unsubscribes when the API stops.
/// </summary>
internal sealed partial class LiveStreamBridge(
    IClusterClient client,
    LiveUpdateHub hub,
    ApiMetrics metrics,
    TimeProvider clock,
    ILogger<LiveStreamBridge> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private readonly List<StreamSubscriptionHandle<StockChange>> _stockChanges = [];
    private StreamSubscriptionHandle<Notification>? _notifications;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var provider = client.GetStreamProvider(InventoryStreams.ProviderName);
                // Every shard of the stock-change feed; on a retry, the shards already subscribed are kept.
                foreach (var key in InventoryStreams.StockChangeKeys.Skip(_stockChanges.Count))
                {
                    _stockChanges.Add(await provider.GetStream<StockChange>(InventoryStreams.StockChangeNamespace, key)
                        .SubscribeAsync((change, _) =>
                        {
                            metrics.StockChangeArrived(clock.GetUtcNow() - change.RecordedAt);
                            metrics.LiveItem(hub.Publish(change).EventName);
                            return Task.CompletedTask;
                        }));
                }

                _notifications ??= await provider.GetStream<Notification>(InventoryStreams.NotificationNamespace, InventoryStreams.AllKey)
                    .SubscribeAsync((notification, _) =>
                    {
                        PublishNotification(notification);
                        return Task.CompletedTask;
                    });
                hub.MarkConnected();
                LogSubscribed();
                return;
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // A co-hosted silo may still be starting, or the gateway may be unreachable for a while.
                LogSubscribeFailed(delay, exception);
                await Task.Delay(delay, clock, stoppingToken);
                delay = delay * 2 < MaxRetryDelay ? delay * 2 : MaxRetryDelay;
            }
        }
    }

    /// <summary>
    /// Hands a notification to the live clients inside a <c>live push</c> span that continues the notification's trace
    /// (its <c>trace_parent</c>: the change that crossed the threshold), so the trace runs on to the operator's screen.
    /// </summary>
    private void PublishNotification(Notification notification)
    {
        ActivityContext.TryParse(notification.TraceParent, null, isRemote: true, out var parent);
        using var activity = InventoryTelemetry.ActivitySource.StartActivity("live push", ActivityKind.Producer, parent);
        var item = hub.Publish(notification);
        metrics.LiveItem(item.EventName);
        if (activity is not null)
        {
            activity.SetTag("inventory.notification.id", notification.Id);
            activity.SetTag("inventory.notification.type", item.EventName);
            activity.SetTag("inventory.region_id", notification.RegionId);
            activity.SetTag("inventory.product_id", notification.ProductId);
            activity.SetTag("inventory.live.item_id", item.Id);
            activity.SetTag("inventory.live.clients", hub.ClientCount);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // A subscription left behind in pub-sub would have the cluster keep delivering to a client that is gone.
        try
        {
            await Task.WhenAll(_stockChanges.Select(handle => handle.UnsubscribeAsync()));

            if (_notifications is not null)
            {
                await _notifications.UnsubscribeAsync();
            }
        }
        catch (Exception exception)
        {
            LogUnsubscribeFailed(exception);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Live updates receive the cluster's stock changes and notifications")]
    private partial void LogSubscribed();

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Subscribing live updates to the cluster's streams failed; retrying in {Delay}")]
    private partial void LogSubscribeFailed(TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Unsubscribing live updates from the cluster's streams failed")]
    private partial void LogUnsubscribeFailed(Exception exception);
}
