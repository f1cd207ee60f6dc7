using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Inventory.Api.Audit;
using Orleans.Inventory.Api.Endpoints;
using Orleans.Inventory.Api.Security;
using Orleans.Inventory.Api.SystemPanel;
using Orleans.Inventory.Api.Telemetry;
using Orleans.Inventory.Audit;
using Orleans.Inventory.Events;
using Orleans.Inventory.Telemetry;

namespace Orleans.Inventory.Api;

public static class InventoryApiExtensions
{
    /// <summary>
    /// Registers the HTTP API's services: JSON conventions, problem details, OpenAPI, its options (validated at
    /// start), authentication, authorization and rate limits (<see cref="InventorySecurityExtensions.AddInventorySecurity"/>),
    /// the audit feed's write-behind (<see cref="AuditOptions"/>) and the readiness check. Needs an <see cref="IGrainFactory"/> (a co-hosted silo or an Orleans client).
    /// </summary>
    public static IServiceCollection AddInventoryApi(this IServiceCollection services)
    {
        services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        services.AddProblemDetails();
        services.AddInventorySecurity();
        services.AddOpenApi();
        services.AddOptions<InventoryApiOptions>().BindConfiguration(InventoryApiOptions.SectionName)
            .Validate(o => o.MaxBodyBytes >= 1024, $"{InventoryApiOptions.SectionName}:MaxBodyBytes must be at least 1024.")
            .Validate(o => o.MaxBatchSize >= 1, $"{InventoryApiOptions.SectionName}:MaxBatchSize must be at least 1.")
            .ValidateOnStart();
        services.AddOptions<EventValidationOptions>().BindConfiguration(EventValidationOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        // The silo registers the same gate on its clock when it hosts the API; a separate API host gets its own.
        services.TryAddSingleton(provider => new WarningGate(provider.GetRequiredService<TimeProvider>()));
        services.AddScoped<EventIngestion>();
        services.AddSingleton<WarehouseDirectory>();
        services.AddScoped<DeadLetterReplay>();
        services.AddInventoryAudit();
        services.AddHealthChecks().AddCheck<ClusterReadyHealthCheck>("cluster", tags: ["ready"]);
        services.AddInventoryNotificationApi();
        services.AddSingleton<ApiMetrics>();
        services.AddSingleton<InstrumentSampler>();
        services.AddHostedService(provider => provider.GetRequiredService<InstrumentSampler>());
        return services;
    }

    /// <summary>
    /// Maps the inventory routes under <c>/api</c> and the OpenAPI document at <c>/openapi/v1.json</c>, each under a named
    /// policy of <see cref="InventoryPolicies"/>, and every <c>/api</c> route behind the <see cref="WarehouseScopeFilter"/>.
    /// </summary>
    public static IEndpointRouteBuilder MapInventoryApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi().RequireAuthorization(InventoryPolicies.Operate);
        var api = endpoints.MapGroup("/api").AddEndpointFilter<WarehouseScopeFilter>();

        api.MapPost("/events", (HttpRequest request, EventIngestion ingestion, CancellationToken cancellationToken) =>
                ingestion.HandleAsync(request, cancellationToken))
            .WithName("PostEvents")
            .WithSummary("Apply one event or an array of events; answers per event: applied, duplicate, superseded or rejected.")
            // The body is read as JSON whatever Content-Type says: `curl -d` sends form encoding by default.
            .Accepts<System.Text.Json.JsonElement>("application/json", "application/x-www-form-urlencoded", "text/plain")
            .Produces<Models.IngestResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .Produces<Models.IngestResponse>(StatusCodes.Status503ServiceUnavailable)
            .RequireAuthorization(InventoryPolicies.PostEvents);

        api.MapGet("/stock/{warehouse_id}/{product_id}",
                ([FromRoute(Name = "warehouse_id")] string warehouseId, [FromRoute(Name = "product_id")] string productId,
                 [FromQuery(Name = "as_of")] string? asOf, IGrainFactory grains) =>
                    StockEndpoints.GetStockAsync(warehouseId, productId, asOf, grains))
            .WithName("GetStock")
            .WithSummary("The stock record of a product at a warehouse (never seen: zero at version 0); as_of answers it as of that event time, from the ledger.")
            .Produces<StockRecord>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(InventoryPolicies.ReadStock);

        api.MapGet("/stock/{warehouse_id}/{product_id}/ledger",
                ([FromRoute(Name = "warehouse_id")] string warehouseId,
                 [FromRoute(Name = "product_id")] string productId,
                 string? from, string? to, string? after, string? limit, IGrainFactory grains) =>
                    StockEndpoints.GetLedgerAsync(warehouseId, productId, from, to, after, limit, grains))
            .WithName("GetLedger")
            .WithSummary("Ledger entries in sequence order; from/to filter by event time, after/limit page by sequence.")
            .Produces<Models.LedgerResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(InventoryPolicies.Audit);

        api.MapGet("/stock/{warehouse_id}/{product_id}/ledger/verify",
                ([FromRoute(Name = "warehouse_id")] string warehouseId,
                 [FromRoute(Name = "product_id")] string productId,
                 string? after, string? hash, IGrainFactory grains) =>
                    StockEndpoints.VerifyLedgerAsync(warehouseId, productId, after, hash, grains))
            .WithName("VerifyLedger")
            .WithSummary("Checks the ledger's hash chain: intact, or the first entry whose link does not hold; after/hash continue a check cut by its limit.")
            .Produces<Orleans.Inventory.Ledger.LedgerVerification>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(InventoryPolicies.Audit);

        api.MapGet("/products/{product_id}/stock",
                ([FromRoute(Name = "product_id")] string productId, HttpContext context, IGrainFactory grains) =>
                    StockEndpoints.GetProductStockAsync(productId, WarehouseScope.Of(context.User), grains))
            .WithName("GetProductStock")
            .WithSummary("A product's stock records at every warehouse that holds it, and the totals.")
            .Produces<Models.ProductStockResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(InventoryPolicies.ReadStock);

        var reservations = api.MapGroup("/stock/{warehouse_id}/{product_id}/reservations").AddEndpointFilter<ReservationMetricsFilter>()
            .RequireAuthorization(InventoryPolicies.Reserve);
        reservations.MapPost("/", ([FromRoute(Name = "warehouse_id")] string warehouseId, [FromRoute(Name = "product_id")] string productId,
                HttpRequest request, IGrainFactory grains) => ReservationEndpoints.CreateAsync(warehouseId, productId, request, grains))
            .WithName("CreateReservation")
            .WithSummary("Hold available units for an order (reservation_id, quantity, ttl_seconds); idempotent by reservation_id. 201, or 409 when available is short.")
            .Produces<Models.ReservationView>(StatusCodes.Status201Created)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status400BadRequest);
        reservations.MapDelete("/{reservation_id}", ([FromRoute(Name = "warehouse_id")] string warehouseId, [FromRoute(Name = "product_id")] string productId,
                [FromRoute(Name = "reservation_id")] string reservationId, IGrainFactory grains) =>
                    ReservationEndpoints.ReleaseAsync(warehouseId, productId, reservationId, grains))
            .WithName("ReleaseReservation")
            .WithSummary("Release a reservation; repeats answer its final state.")
            .Produces<Models.ReservationView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        reservations.MapPost("/{reservation_id}/commit", ([FromRoute(Name = "warehouse_id")] string warehouseId, [FromRoute(Name = "product_id")] string productId,
                [FromRoute(Name = "reservation_id")] string reservationId, IGrainFactory grains) =>
                    ReservationEndpoints.CommitAsync(warehouseId, productId, reservationId, grains))
            .WithName("CommitReservation")
            .WithSummary("Fulfil a reservation: its units leave (on hand and reserved go down); repeats answer its final state.")
            .Produces<Models.ReservationView>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        reservations.MapGet("/{reservation_id}", ([FromRoute(Name = "warehouse_id")] string warehouseId, [FromRoute(Name = "product_id")] string productId,
                [FromRoute(Name = "reservation_id")] string reservationId, IGrainFactory grains) =>
                    ReservationEndpoints.GetAsync(warehouseId, productId, reservationId, grains))
            .WithName("GetReservation")
            .WithSummary("A reservation as it stands.")
            .Produces<Models.ReservationView>()
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/dead-letters/replay", (string? code, [FromQuery(Name = "warehouse_id")] string? warehouseId,
                [FromQuery(Name = "product_id")] string? productId, HttpContext context, DeadLetterReplay replay) =>
                    WarehouseScope.Of(context.User).IsAll || warehouseId is not null
                        ? replay.HandleAsync(code, warehouseId, productId, AuditNote.For(context))
                        : Task.FromResult(WarehouseScopeFilter.MustNameAWarehouse()))
            .WithName("ReplayDeadLetters")
            .WithSummary("Re-submit kept dead letters (all, or filtered by code, warehouse_id, product_id) once their cause is fixed; idempotent.")
            .Produces<Models.DeadLetterReplayResponse>()
            .WithAudit(AuditActions.DeadLetterReplay, ReplayTarget)
            .RequireAuthorization(InventoryPolicies.Manage);

        api.MapGet("/dead-letters", (string? limit, IGrainFactory grains) => DeadLetterEndpoints.GetRecentAsync(limit, grains))
            .WithName("GetDeadLetters")
            .WithSummary("Rejected events with their reasons, newest first (limit 1 to 1000, default 100).")
            .Produces<DeadLetters.DeadLetterPage>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(InventoryPolicies.Audit);

        api.MapGet("/audit", (string? day, string? from, string? to, string? action, string? actor, string? after, string? limit,
                IGrainFactory grains, IOptions<AuditOptions> options, TimeProvider clock) =>
                    AuditEndpoints.GetAsync(day, from, to, action, actor, after, limit, grains, options.Value, clock))
            .WithName("GetAudit")
            .WithSummary("Administrative actions and denied attempts in time order: day (UTC date) or from/to (default the last 24 h), action, actor; limit 1 to 1000 (100), after = the next of the page before.")
            .Produces<Models.AuditResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(InventoryPolicies.Audit);
        api.MapInventoryNotificationApi();

        api.MapRegionsAndTransfers();
        api.MapSystemPanelApi();
        endpoints.MapWebhookApi();
        return endpoints;
    }

    /// <summary>What a replay was asked to re-submit: its filters (none: every kept letter).</summary>
    private static string ReplayTarget(HttpContext context)
    {
        var filters = new[] { "code", "warehouse_id", "product_id" }
            .Where(name => context.Request.Query[name].ToString() is { Length: > 0 })
            .Select(name => $"{name}={context.Request.Query[name]}");
        return $"dead-letters {(filters.Any() ? string.Join(' ', filters) : "all")}";
    }
}
