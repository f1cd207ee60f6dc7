using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Orleans.Inventory.Api.Audit;
using Orleans.Inventory.Api.Endpoints;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Api.Security;
using Orleans.Inventory.Audit;
using Orleans.Inventory.Regions;
using Orleans.Inventory.Transfers;
using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Api;

public static class RegionsApiExtensions
{
    /// <summary>Maps the warehouse, region and transfer routes onto <paramref name="api"/> (the <c>/api</c> group).</summary>
    public static IEndpointRouteBuilder MapRegionsAndTransfers(this IEndpointRouteBuilder api)
    {
        api.MapPut("/warehouses/{warehouse_id}",
                ([FromRoute(Name = "warehouse_id")] string warehouseId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken) =>
                    WarehouseEndpoints.PutAsync(warehouseId, request, grains, cancellationToken))
            .WithName("PutWarehouse")
            .WithSummary("Registers a warehouse or changes its region or name; answers the stored record. Body: region_id, name (optional).")
            .WithMetadata(new RequestSizeLimitAttribute(JsonObjectBody.MaxBytes))
            .Accepts<WarehouseInfo>("application/json")
            .Produces<WarehouseInfo>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithAudit(AuditActions.WarehousePut, AuditEndpointExtensions.RouteTarget("warehouse_id"))
            .RequireAuthorization(InventoryPolicies.Manage);

        api.MapGet("/warehouses/{warehouse_id}",
                ([FromRoute(Name = "warehouse_id")] string warehouseId, IGrainFactory grains) => WarehouseEndpoints.GetAsync(warehouseId, grains))
            .WithName("GetWarehouse")
            .WithSummary("One registered warehouse.")
            .Produces<WarehouseInfo>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(InventoryPolicies.ReadRegistry);

        api.MapGet("/warehouses", (IGrainFactory grains) => WarehouseEndpoints.ListAsync(grains))
            .WithName("GetWarehouses")
            .WithSummary("Every registered warehouse and its region, by id.")
            .Produces<WarehouseListResponse>()
            .RequireAuthorization(InventoryPolicies.ReadRegistry);

        api.MapGet("/regions/{region_id}/stock/{product_id}",
                ([FromRoute(Name = "region_id")] string regionId, [FromRoute(Name = "product_id")] string productId, IGrainFactory grains) =>
                    RegionEndpoints.GetStockAsync(regionId, productId, grains))
            .WithName("GetRegionStock")
            .WithSummary("A product's stock across a region: totals, in transit, per warehouse, threshold and whether it is low.")
            .Produces<RegionStock>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(InventoryPolicies.ReadStock);

        api.MapPut("/regions/{region_id}/thresholds/{product_id}",
                ([FromRoute(Name = "region_id")] string regionId, [FromRoute(Name = "product_id")] string productId, HttpRequest request,
                 IGrainFactory grains, CancellationToken cancellationToken) =>
                    RegionEndpoints.PutThresholdAsync(regionId, productId, request, grains, cancellationToken))
            .WithName("PutRegionThreshold")
            .WithSummary("Sets a product's low-stock threshold and recovery level in a region; answers the regional stock.")
            .WithMetadata(new RequestSizeLimitAttribute(JsonObjectBody.MaxBytes))
            .Accepts<StockThreshold>("application/json")
            .Produces<RegionStock>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .WithAudit(AuditActions.ThresholdSet, AuditEndpointExtensions.RouteTarget("region_id", "product_id"))
            .RequireAuthorization(InventoryPolicies.Manage);

        api.MapGet("/regions/{region_id}/alerts",
                ([FromRoute(Name = "region_id")] string regionId, [FromQuery(Name = "limit")] int? limit, [FromQuery(Name = "after")] string? after,
                    IGrainFactory grains) => RegionEndpoints.GetAlertsAsync(regionId, limit, after, grains))
            .WithName("GetRegionAlerts")
            .WithSummary("The region's active low-stock alerts, newest first, a page at a time (limit, after = the next of the page before).")
            .Produces<RegionAlertsResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(InventoryPolicies.ReadStock);

        api.MapGet("/transfers/{transfer_id}",
                ([FromRoute(Name = "transfer_id")] string transferId, IGrainFactory grains) => TransferEndpoints.GetAsync(transferId, grains))
            .WithName("GetTransfer")
            .WithSummary("One transfer: its lines (shipped, received, outstanding per product), unmatched reports, totals and status.")
            .Produces<TransferRecord>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .RequireAuthorization(InventoryPolicies.Transfers);

        api.MapGet("/transfers", (string? status, string? limit, IGrainFactory grains) => TransferEndpoints.ListAsync(status, limit, grains))
            .WithName("GetTransfers")
            .WithSummary("Transfers, most recently changed first; status in_transit, partially_received, delayed, received or received_late (entries carry totals, not lines); limit 1 to 1000 (100).")
            .Produces<TransferListResponse>()
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .RequireAuthorization(InventoryPolicies.Transfers);

        return api;
    }
}
