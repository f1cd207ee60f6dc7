using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Api.Models;

/// <summary>
/// A page of a region's active alerts (the <c>low_stock</c> notification of each product now low), newest first;
/// <see cref="Next"/>, when set, is the <c>after</c> that asks for the next page.
/// </summary>
public sealed record RegionAlertsResponse(string RegionId, IReadOnlyList<Notification> Alerts, string? Next);
