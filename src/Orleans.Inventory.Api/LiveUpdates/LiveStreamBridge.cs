using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
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
    TimeProvider clock,
    ILogger<LiveStreamBridge> logger) : BackgroundService
{
    private static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(10);

    private StreamSubscriptionHandle<StockChange>? _stockChanges;
    private StreamSubscriptionHandle<Notification>? _notifications;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                var provider = client.GetStreamProvider(InventoryStreams.ProviderName);
                _stockChanges ??= await provider.GetStream<StockChange>(InventoryStreams.StockChangeNamespace, InventoryStreams.AllKey)
                    .SubscribeAsync((change, _) =>
                    {
                        hub.Publish(change);
                        return Task.CompletedTask;
                    });
                _notifications ??= await provider.GetStream<Notification>(InventoryStreams.NotificationNamespace, InventoryStreams.AllKey)
                    .SubscribeAsync((notification, _) =>
                    {
                        hub.Publish(notification);
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

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);

        // A subscription left behind in pub-sub would have the cluster keep delivering to a client that is gone.
        try
        {
            if (_stockChanges is not null)
            {
                await _stockChanges.UnsubscribeAsync();
            }

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
