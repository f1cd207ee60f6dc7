using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Orleans.Inventory.Api.Endpoints;
using Orleans.Inventory.Events;

namespace Orleans.Inventory.Api;

public static class InventoryApiExtensions
{
    /// <summary>
    /// Registers the HTTP API's services: JSON conventions, problem details, OpenAPI, its options (validated at
    /// start) and the readiness check. Needs an <see cref="IGrainFactory"/> (a co-hosted silo or an Orleans client).
    /// </summary>
    public static IServiceCollection AddInventoryApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddOpenApi();
        services.AddOptions<InventoryApiOptions>().BindConfiguration(InventoryApiOptions.SectionName)
            .Validate(o => o.MaxBodyBytes >= 1024, $"{InventoryApiOptions.SectionName}:MaxBodyBytes must be at least 1024.")
            .Validate(o => o.MaxBatchSize >= 1, $"{InventoryApiOptions.SectionName}:MaxBatchSize must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<EventValidationOptions>().BindConfiguration(EventValidationOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<EventIngestion>();
        services.AddHealthChecks().AddCheck<ClusterReadyHealthCheck>("cluster", tags: ["ready"]);
        return services;
    }

    /// <summary>Maps the inventory routes under <c>/api</c> and the OpenAPI document at <c>/openapi/v1.json</c>.</summary>
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi();
        var api = endpoints.MapGroup("/api");

        api.MapPost("/events", (HttpRequest request, EventIngestion ingestion, CancellationToken cancellationToken) =>
                ingestion.HandleAsync(request, cancellationToken))
            .WithName("PostEvents")
            .WithSummary("Apply one event or an array of events; answers per event: applied, duplicate, superseded or rejected.")
            // The body is read as JSON whatever Content-Type says: `curl -d` sends form encoding by default.
            .Accepts<System.Text.Json.JsonElement>("application/json", "application/x-www-form-urlencoded", "text/plain")
            .Produces<Models.IngestResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Produces<Models.IngestResponse>(StatusCodes.Status503ServiceUnavailable);

        api.MapGet("/stock/{warehouse_id}/{product_id}",
                ([Microsoft.AspNetCore.Mvc.FromRoute(Name = "warehouse_id")] string warehouseId,
                 [Microsoft.AspNetCore.Mvc.FromRoute(Name = "product_id")] string productId, IGrainFactory grains) =>
                    StockEndpoints.GetStockAsync(warehouseId, productId, grains))
            .WithName("GetStock")
            .WithSummary("The stock record of a product at a warehouse; never seen is zero at version 0.")
            .Produces<StockRecord>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/stock/{warehouse_id}/{product_id}/ledger",
                ([Microsoft.AspNetCore.Mvc.FromRoute(Name = "warehouse_id")] string warehouseId,
                 [Microsoft.AspNetCore.Mvc.FromRoute(Name = "product_id")] string productId,
                 string? from, string? to, string? after, string? limit, IGrainFactory grains) =>
                    StockEndpoints.GetLedgerAsync(warehouseId, productId, from, to, after, limit, grains))
            .WithName("GetLedger")
            .WithSummary("Ledger entries in sequence order; from/to filter by event time, after/limit page by sequence.")
            .Produces<Models.LedgerResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/products/{product_id}/stock",
                ([Microsoft.AspNetCore.Mvc.FromRoute(Name = "product_id")] string productId, IGrainFactory grains) =>
                    StockEndpoints.GetProductStockAsync(productId, grains))
            .WithName("GetProductStock")
            .WithSummary("A product's stock records at every warehouse that holds it, and the totals.")
            .Produces<Models.ProductStockResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        api.MapGet("/dead-letters", (string? limit, IGrainFactory grains) => DeadLetterEndpoints.GetRecentAsync(limit, grains))
            .WithName("GetDeadLetters")
            .WithSummary("Rejected events with their reasons, newest first (limit 1 to 1000, default 100).")
            .Produces<DeadLetters.DeadLetterPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

        endpoints.MapWebhookApi();
        return endpoints;
    }
}
