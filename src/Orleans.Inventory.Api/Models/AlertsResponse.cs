using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Api.Models;

/// <summary>Kept notifications, oldest first.</summary>
public sealed record AlertsResponse(int Count, IReadOnlyList<Notification> Notifications);
