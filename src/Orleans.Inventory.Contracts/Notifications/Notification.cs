namespace Orleans.Inventory.Notifications;

/// <summary>
/// An alert for operators and subscribers. <see cref="Id"/> is deterministic (what crossed, where, which crossing),
/// so a notification published again after a crash is recognised downstream and kept once.
/// </summary>
/// <param name="Quantity">The quantity the alert is about: regional available, the shortfall, or the transfer's units.</param>
/// <param name="TraceParent">W3C trace context of the change that caused it, so a trace runs device to alert.</param>
[GenerateSerializer, Immutable, Alias("inventory.notification.v1")]
public sealed record Notification(
    [property: Id(0)] string Id,
    [property: Id(1)] NotificationType Type,
    [property: Id(2)] DateTimeOffset OccurredAt,
    [property: Id(3)] string? RegionId,
    [property: Id(4)] string? WarehouseId,
    [property: Id(5)] string? ProductId,
    [property: Id(6)] string? TransferId,
    [property: Id(7)] long Quantity,
    [property: Id(8)] long? Threshold,
    [property: Id(9)] string Message,
    [property: Id(10)] string? TraceParent = null);
