using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Api.Models;

/// <summary>A region's active alerts (the <c>low_stock</c> notification of each product now low), newest first.</summary>
public sealed record RegionAlertsResponse(string RegionId, IReadOnlyList<Notification> Alerts);
