namespace Orleans.Inventory.Notifications;

/// <summary>
/// The kept history of notifications (key: <see cref="InventoryStreams.AllKey"/>): bounded, newest kept, each id
/// once. Fed from the notification stream.
/// </summary>
public interface INotificationHistoryGrain : IGrainWithStringKey
{
    /// <summary>
    /// Notifications at or after <paramref name="since"/>, of one type if given, oldest first, at most
    /// <paramref name="limit"/>: the first ones after <paramref name="since"/> (to page forward), or the newest ones
    /// when <paramref name="since"/> is null.
    /// </summary>
    Task<IReadOnlyList<Notification>> QueryAsync(DateTimeOffset? since, NotificationType? type, int limit);
}
