using System.Globalization;
using Microsoft.AspNetCore.Http;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Notifications;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary><c>GET /api/alerts</c>: the kept notification history.</summary>
internal static class AlertEndpoints
{
    public const int DefaultLimit = 100;

    public const int MaxLimit = 1000;

    public static async Task<IResult> GetAlertsAsync(string? since, string? type, string? limit, IGrainFactory grains)
    {
        DateTimeOffset? sinceTime = null;
        if (since is not null)
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return Problems.InvalidParameter("since", $"'{since}' is not an ISO 8601 time with a zone, like 2026-02-16T10:00:00Z");
            }

            sinceTime = parsed.ToUniversalTime();
        }

        NotificationType? notificationType = null;
        if (type is not null)
        {
            if (!NotificationTypes.TryParse(type, out var parsed))
            {
                return Problems.InvalidParameter("type", $"'{type}' is not a notification type; use one of: {string.Join(", ", NotificationTypes.WireNames)}");
            }

            notificationType = parsed;
        }

        var count = DefaultLimit;
        if (limit is not null
            && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out count) || count is < 1 or > MaxLimit))
        {
            return Problems.InvalidParameter("limit", $"'{limit}' must be a whole number from 1 to {MaxLimit}");
        }

        var notifications = await grains.GetGrain<INotificationHistoryGrain>(InventoryStreams.AllKey).QueryAsync(sinceTime, notificationType, count);
        return Results.Ok(new AlertsResponse(notifications.Count, notifications));
    }
}
