using Microsoft.AspNetCore.Http;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Events;
using Orleans.Inventory.Regions;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>Regional totals, low-stock thresholds and active alerts.</summary>
internal static class RegionEndpoints
{
    public static async Task<IResult> GetStockAsync(string regionId, string productId, IGrainFactory grains) =>
        CheckIds(regionId, productId) ?? Results.Ok(await grains.GetGrain<IRegionGrain>(regionId).GetProductAsync(productId));

    public static async Task<IResult> PutThresholdAsync(
        string regionId, string productId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (CheckIds(regionId, productId) is { } invalidId)
        {
            return invalidId;
        }

        var (body, problem) = await JsonObjectBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        using (body)
        {
            if (body.ReadWholeNumber("low_stock_threshold", 0, out var threshold) is { } invalidThreshold)
            {
                return invalidThreshold;
            }

            if (body.ReadWholeNumber("recovery_level", 0, out var recovery) is { } invalidRecovery)
            {
                return invalidRecovery;
            }

            if (recovery <= threshold)
            {
                return JsonObjectBody.Invalid("recovery_level", $"must be greater than low_stock_threshold ({threshold}), not {recovery}");
            }

            return Results.Ok(await grains.GetGrain<IRegionGrain>(regionId).SetThresholdAsync(productId, new StockThreshold(threshold, recovery)));
        }
    }

    public static async Task<IResult> GetAlertsAsync(string regionId, IGrainFactory grains) =>
        !IdRules.IsValid(regionId)
            ? WarehouseEndpoints.InvalidId("region_id", regionId)
            : Results.Ok(new RegionAlertsResponse(regionId, await grains.GetGrain<IRegionGrain>(regionId).GetActiveAlertsAsync()));

    private static IResult? CheckIds(string regionId, string productId) =>
        !IdRules.IsValid(regionId) ? WarehouseEndpoints.InvalidId("region_id", regionId)
        : !IdRules.IsValid(productId) ? WarehouseEndpoints.InvalidId("product_id", productId)
        : null;
}
