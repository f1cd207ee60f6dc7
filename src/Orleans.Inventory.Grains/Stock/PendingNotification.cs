using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Grains.Stock;

/// <summary>A notification waiting to be published, with the ledger sequence of the change that made it.</summary>
[GenerateSerializer, Immutable, Alias("inventory.pending-notification.v1")]
public sealed record PendingNotification(
    [property: Id(0)] long Sequence,
    [property: Id(1)] Notification Notification);
