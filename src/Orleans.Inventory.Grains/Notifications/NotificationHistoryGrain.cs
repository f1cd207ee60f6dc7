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
/// When the history is full, a notification older than everything kept is not among the newest and is ignored; that
/// also keeps a re-published notification that was already dropped for capacity from coming back.
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

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _keptIds.UnionWith(history.State.Notifications.Select(n => n.Id));
        return Task.CompletedTask;
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

    private async Task KeepAsync(Notification notification)
    {
        if (!TryInsert(notification))
        {
            return;
        }

        try
        {
            await history.WriteStateAsync();
        }
        catch (Exception exception)
        {
            // Memory now holds what storage does not; start over from storage. The stream redelivers the notification.
            LogWriteFailed(notification.Id, exception);
            DeactivateOnIdle();
            throw;
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
        Message = "Writing the notification history after {NotificationId} failed; reloading it from storage")]
    private partial void LogWriteFailed(string notificationId, Exception exception);
}
