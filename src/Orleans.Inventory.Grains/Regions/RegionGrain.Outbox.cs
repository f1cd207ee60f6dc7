using Microsoft.Extensions.Logging;
using Orleans.Inventory.Grains.Notifications;
using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Grains.Regions;

/// <summary>
/// The outbox of a region grain: notifications whose rows were committed with their products, published after the
/// write, their rows deleted by a later one.
/// </summary>
internal sealed partial class RegionGrain
{
    private static readonly TimeSpan PublishRetryPeriod = TimeSpan.FromSeconds(10);

    /// <summary>Committed notifications not yet published (their outbox rows are in storage).</summary>
    private readonly List<Notification> _outbox = [];

    /// <summary>Published notifications whose outbox rows are not yet deleted.</summary>
    private readonly List<Notification> _published = [];

    /// <summary>A transaction failed ambiguously: its outbox rows may be stored, so read them again before publishing.</summary>
    private bool _rescanOutbox;

    private IGrainTimer? _publishRetry;

    private async Task TryPublishOutboxAsync()
    {
        await _commits.WaitAsync();
        try
        {
            await TryPublishOutboxLockedAsync();
            await DeletePublishedLockedAsync();
        }
        finally
        {
            _commits.Release();
        }
    }

    private async Task TryPublishOutboxLockedAsync()
    {
        if (_rescanOutbox)
        {
            try
            {
                var stored = await store.PendingNotificationsAsync(_regionId, Options.MaxPendingNotifications);
                var known = _outbox.Concat(_published).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
                _outbox.AddRange(stored.Where(n => !known.Contains(n.Id)));
                _rescanOutbox = false;
            }
            catch (Exception exception)
            {
                LogPublishFailed(_regionId, _outbox.Count, exception);
            }
        }

        if (_outbox.Count == 0)
        {
            return;
        }

        try
        {
            await this.PublishNotificationsAsync(_outbox);
            foreach (var notification in _outbox)
            {
                notificationMetrics.Published(notification.Type);
                LogNotified(_regionId, notification.ProductId, notification.Type, notification.Id);
            }

            _published.AddRange(_outbox);
            _outbox.Clear();
            _publishRetry?.Dispose();
            _publishRetry = null;
        }
        catch (Exception exception)
        {
            notificationMetrics.PublishFailed();
            LogPublishFailed(_regionId, _outbox.Count, exception);
            _publishRetry ??= this.RegisterGrainTimer(TryPublishOutboxAsync, PublishRetryPeriod, PublishRetryPeriod);
        }
    }

    /// <summary>Deletes the outbox rows of published notifications; a row that could not be deleted is tried again next write.</summary>
    private async Task DeletePublishedLockedAsync()
    {
        if (_published.Count == 0)
        {
            return;
        }

        var deletes = _published.Select(notification => (Notification: notification, Delete: store.DeletePublishedAsync(_regionId, notification))).ToList();
        _published.Clear();
        try
        {
            await Task.WhenAll(deletes.Select(delete => delete.Delete));
        }
        catch (Exception exception)
        {
            LogOutboxCleanupFailed(_regionId, deletes.Count(delete => !delete.Delete.IsCompletedSuccessfully), exception);
        }

        _published.AddRange(deletes.Where(delete => !delete.Delete.IsCompletedSuccessfully).Select(delete => delete.Notification));
    }

    [LoggerMessage(EventId = 5002, Level = LogLevel.Debug,
        Message = "Region {RegionId}: product {ProductId} crossed, {Type} notification {NotificationId} published")]
    private partial void LogNotified(string regionId, string? productId, NotificationType type, string notificationId);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning,
        Message = "Region {RegionId}: publishing {Count} committed notifications failed; retried on the next write or timer")]
    private partial void LogPublishFailed(string regionId, int count, Exception exception);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning,
        Message = "Region {RegionId}: {Count} published notifications keep their outbox rows for now; deleted on a later write (or published again, same id, after a restart)")]
    private partial void LogOutboxCleanupFailed(string regionId, int count, Exception exception);
}
