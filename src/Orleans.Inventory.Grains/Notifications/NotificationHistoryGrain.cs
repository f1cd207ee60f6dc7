using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Notifications;
using Orleans.Streams;
using Orleans.Streams.Core;

namespace Orleans.Inventory.Grains.Notifications;

/// <summary>
/// The newest notifications, fed by an implicit subscription to the notification stream. Kept in occurrence order;
/// a notification whose id is already kept changes nothing, so a notification re-published after a crash (ids are
/// deterministic) is kept once.
/// </summary>
/// <remarks>
/// <para>When the history is full, a notification older than everything kept is not among the newest and is ignored;
/// that also keeps a re-published notification that was already dropped for capacity from coming back.</para>
/// <para>Written behind, at most once per <see cref="NotificationHistoryOptions.WriteDelay"/> and when the grain
/// deactivates: the state is the whole list (up to <see cref="NotificationHistoryOptions.Capacity"/> notifications,
/// hundreds of KB), and writing it once per notification made the history the largest writer to storage under a burst
/// of alerts (every new product starts low). The history is a view of notifications whose source of truth is the
/// region's alert rows and the stock ledgers; a silo killed within the delay loses at most that much of the view (the
/// notification stream itself is a memory stream, so in-flight notifications were never crash-proof here).</para>
/// </remarks>
[ImplicitStreamSubscription(InventoryStreams.NotificationNamespace)]
internal sealed partial class NotificationHistoryGrain(
    [PersistentState("notification-history", StorageNames.Inventory)] IPersistentState<NotificationHistoryState> history,
    IOptions<NotificationHistoryOptions> options,
    ILogger<NotificationHistoryGrain> logger) : Grain, INotificationHistoryGrain, IStreamSubscriptionObserver
{
    private static readonly IComparer<Notification> Order = Comparer<Notification>.Create((a, b) =>
    {
        var byTime = a.OccurredAt.CompareTo(b.OccurredAt);
        return byTime != 0 ? byTime : string.CompareOrdinal(a.Id, b.Id);
    });

    private readonly HashSet<string> _keptIds = new(StringComparer.Ordinal);
    private IGrainTimer? _flush;
    private bool _dirty;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _keptIds.UnionWith(history.State.Notifications.Select(n => n.Id));
        return Task.CompletedTask;
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_dirty)
        {
            await FlushAsync();
        }
    }

    public async Task OnSubscribed(IStreamSubscriptionHandleFactory handleFactory) =>
        await handleFactory.Create<Notification>().ResumeAsync((notification, _) => KeepAsync(notification));

    public Task<IReadOnlyList<Notification>> QueryAsync(DateTimeOffset? since, NotificationType? type, int limit)
    {
        var matching = history.State.Notifications
            .Where(n => (since is null || n.OccurredAt >= since) && (type is null || n.Type == type));
        var count = Math.Max(0, limit);

        // Without 'since' the caller asks for what is recent; with it, for what followed a point it already has.
        IReadOnlyList<Notification> page = since is null ? [.. matching.TakeLast(count)] : [.. matching.Take(count)];
        return Task.FromResult(page);
    }

    private Task KeepAsync(Notification notification)
    {
        if (TryInsert(notification))
        {
            _dirty = true;
            ScheduleFlush();
        }

        return Task.CompletedTask;
    }

    /// <summary>Arms the one write-behind timer, unless it is armed already.</summary>
    private void ScheduleFlush() =>
        _flush ??= this.RegisterGrainTimer(FlushAsync, new GrainTimerCreationOptions(options.Value.WriteDelay, Timeout.InfiniteTimeSpan));

    /// <summary>Writes what changed since the last write; a failed write is retried after the delay (memory holds the newer list).</summary>
    private async Task FlushAsync()
    {
        _flush?.Dispose();
        _flush = null;
        if (!_dirty)
        {
            return;
        }

        _dirty = false;
        try
        {
            await history.WriteStateAsync();
        }
        catch (Orleans.Storage.InconsistentStateException exception)
        {
            // Another activation wrote meanwhile: start over from what storage holds.
            LogWriteFailed(history.State.Notifications.Count, exception);
            DeactivateOnIdle();
        }
        catch (Exception exception)
        {
            _dirty = true;
            LogWriteFailed(history.State.Notifications.Count, exception);
            ScheduleFlush();
        }
    }

    private bool TryInsert(Notification notification)
    {
        var kept = history.State.Notifications;
        var capacity = options.Value.Capacity;
        if (_keptIds.Contains(notification.Id) || (kept.Count >= capacity && Order.Compare(notification, kept[0]) < 0))
        {
            return false;
        }

        var index = kept.BinarySearch(notification, Order);
        kept.Insert(index < 0 ? ~index : index, notification);
        _keptIds.Add(notification.Id);
        history.State.Total++;
        while (kept.Count > capacity)
        {
            _keptIds.Remove(kept[0].Id);
            kept.RemoveAt(0);
        }

        return true;
    }

    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning,
        Message = "Writing the notification history ({Count} notifications) failed; retried after the write delay, or reloaded if another activation wrote it")]
    private partial void LogWriteFailed(int count, Exception exception);
}
