using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Grains.Notifications;

[GenerateSerializer, Alias("inventory.notification-history-state.v1")]
public sealed class NotificationHistoryState
{
    /// <summary>Oldest first, ordered by occurrence time then id; at most the configured capacity.</summary>
    [Id(0)] public List<Notification> Notifications { get; set; } = [];

    /// <summary>How many distinct notifications were ever kept, including those since dropped for capacity.</summary>
    [Id(1)] public long Total { get; set; }
}
