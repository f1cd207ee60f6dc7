namespace Orleans.Inventory.Notifications;

/// <summary>
/// The kept history of notifications (key: <see cref="InventoryStreams.AllKey"/>): bounded, newest kept, each id
/// once. Fed from the notification stream.
/// </summary>
public interface INotificationHistoryGrain : IGrainWithStringKey
{
    /// <summary>Notifications at or after <paramref name="since"/>, of one type if given, oldest first, at most <paramref name="limit"/>.</summary>
    Task<IReadOnlyList<Notification>> QueryAsync(DateTimeOffset? since, NotificationType? type, int limit);
}
