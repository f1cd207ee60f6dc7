using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Orleans.Inventory.Api.Audit;
using Orleans.Inventory.Api.Endpoints;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Api.Security;
using Orleans.Inventory.Audit;
using Orleans.Inventory.Webhooks;

namespace Orleans.Inventory.Api;

public static class WebhookApiExtensions
{
    /// <summary>Maps the webhook routes under <c>/api/webhooks</c> (registration, listing, removal, deliveries).</summary>
    public static IEndpointRouteBuilder MapWebhookApi(this IEndpointRouteBuilder endpoints)
    {
        var webhooks = endpoints.MapGroup("/api/webhooks").WithTags("Webhooks")
            .RequireAuthorization(InventoryPolicies.Manage);

        webhooks.MapPost("", (HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken) =>
                WebhookEndpoints.CreateAsync(request, grains, cancellationToken))
            .WithName("CreateWebhook")
            .WithSummary("Register a webhook: url (absolute http/https), secret (16 to 256 characters, never shown again), notification_types (empty or absent: all).")
            // Read as JSON whatever Content-Type says, like POST /api/events: `curl -d` sends form encoding by default.
            .Accepts<System.Text.Json.JsonElement>("application/json", "application/x-www-form-urlencoded", "text/plain")
            .Produces<WebhookInfo>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithAudit(AuditActions.WebhookCreate, _ => "webhook (new)");

        webhooks.MapGet("", (IGrainFactory grains) => WebhookEndpoints.ListAsync(grains))
            .WithName("ListWebhooks")
            .WithSummary("The registered webhooks, without their secrets.")
            .Produces<IReadOnlyList<WebhookInfo>>();

        webhooks.MapGet("/{id}", ([FromRoute] string id, IGrainFactory grains) => WebhookEndpoints.GetAsync(id, grains))
            .WithName("GetWebhook")
            .WithSummary("One webhook, without its secret.")
            .Produces<WebhookInfo>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        webhooks.MapDelete("/{id}", ([FromRoute] string id, IGrainFactory grains) => WebhookEndpoints.DeleteAsync(id, grains))
            .WithName("DeleteWebhook")
            .WithSummary("Remove a webhook; its pending deliveries are dropped.")
            .Produces(StatusCodes.Status204NoContent)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithAudit(AuditActions.WebhookDelete, AuditEndpointExtensions.RouteTarget("id"));

        webhooks.MapGet("/{id}/deliveries", ([FromRoute] string id, string? limit, IGrainFactory grains) =>
                WebhookEndpoints.GetDeliveriesAsync(id, limit, grains))
            .WithName("GetWebhookDeliveries")
            .WithSummary("A webhook's pending and kept deliveries, newest first (limit 1 to 1000, default 100).")
            .Produces<WebhookDeliveriesResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound);

        return endpoints;
    }
}
