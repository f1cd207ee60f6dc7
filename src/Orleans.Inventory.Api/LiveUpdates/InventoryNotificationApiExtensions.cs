using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Inventory.Api.Endpoints;
using Orleans.Inventory.Api.LiveUpdates;
using Orleans.Inventory.Api.Security;

namespace Orleans.Inventory.Api;

public static class InventoryNotificationApiExtensions
{
    /// <summary>
    /// Registers the live-update hub and the hosted service that subscribes it to the cluster's streams (needs an
    /// <see cref="IClusterClient"/>: a co-hosted silo or an Orleans client), with <see cref="LiveStreamOptions"/> validated at start.
    /// </summary>
    public static IServiceCollection AddInventoryNotificationApi(this IServiceCollection services)
    {
        services.AddOptions<LiveStreamOptions>().BindConfiguration(LiveStreamOptions.SectionName)
            .Validate(o => o.WindowSize is >= 1 and <= 1_000_000, $"{LiveStreamOptions.SectionName}:WindowSize must be 1 to 1000000.")
            .Validate(o => o.ClientBufferSize is >= 1 and <= 100_000, $"{LiveStreamOptions.SectionName}:ClientBufferSize must be 1 to 100000.")
            .Validate(o => o.HeartbeatInterval >= TimeSpan.FromMilliseconds(100), $"{LiveStreamOptions.SectionName}:HeartbeatInterval must be at least 100 ms.")
            .Validate(o => o.RetryInterval >= TimeSpan.Zero, $"{LiveStreamOptions.SectionName}:RetryInterval must not be negative.")
            .Validate(o => o.MaxConnectionsPerPrincipal >= 1, $"{LiveStreamOptions.SectionName}:MaxConnectionsPerPrincipal must be at least 1.")
            .Validate(o => o.MaxConnections >= o.MaxConnectionsPerPrincipal, $"{LiveStreamOptions.SectionName}:MaxConnections must be at least MaxConnectionsPerPrincipal.")
            .ValidateOnStart();
        services.AddSingleton<LiveUpdateHub>();
        services.AddSingleton<LiveStreamAdmission>();
        services.AddHostedService<LiveStreamBridge>();
        return services;
    }

    /// <summary>Maps <c>GET alerts</c> (the notification history) and <c>GET stream</c> (server-sent live updates) on <paramref name="api"/>.</summary>
    public static IEndpointRouteBuilder MapInventoryNotificationApi(this IEndpointRouteBuilder api)
    {
        api.MapGet("/alerts", (string? since, string? type, string? limit, IGrainFactory grains) => AlertEndpoints.GetAlertsAsync(since, type, limit, grains))
            .WithName("GetAlerts")
            .WithSummary("Kept notifications, oldest first: the newest ones, or the first ones at or after 'since'; 'type' is low_stock, stock_recovered, ... (limit 1 to 1000, default 100).")
            .Produces<Models.AlertsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(InventoryPolicies.ReadStock);

        api.MapGet("/stream", LiveStreamEndpoint.HandleAsync)
            .WithName("GetLiveStream")
            .WithSummary("Server-sent events of stock changes and notifications; filter by warehouse_id, region_id, product_id; resume with Last-Event-ID.")
            .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RequireAuthorization(InventoryPolicies.ReadStock);

        return api;
    }
}
