using Microsoft.AspNetCore.Http;
using Orleans.Inventory.Api.Audit;
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

            var stock = await grains.GetGrain<IRegionGrain>(regionId).SetThresholdAsync(productId, new StockThreshold(threshold, recovery));
            AuditNote.For(request.HttpContext).Detail = $"low_stock_threshold={threshold}, recovery_level={recovery}";
            return Results.Ok(stock);
        }
    }

    /// <summary>The most alerts one page answers (the region grain lowers a larger limit to its own bound).</summary>
    public const int MaxAlertsPerPage = 1000;

    public static async Task<IResult> GetAlertsAsync(string regionId, int? limit, string? after, IGrainFactory grains)
    {
        if (!IdRules.IsValid(regionId))
        {
            return WarehouseEndpoints.InvalidId("region_id", regionId);
        }

        if (limit is < 1 or > MaxAlertsPerPage)
        {
            return Problems.InvalidParameter("limit", $"must be 1 to {MaxAlertsPerPage}, not {limit}");
        }

        try
        {
            var page = await grains.GetGrain<IRegionGrain>(regionId).ListActiveAlertsAsync(limit ?? MaxAlertsPerPage, after);
            return Results.Ok(new RegionAlertsResponse(regionId, page.Alerts, page.Next));
        }
        catch (ArgumentException)
        {
            return Problems.InvalidParameter("after", "is not a cursor of this region's alerts; pass the 'next' of the page before, or none for the first page");
        }
    }

    private static IResult? CheckIds(string regionId, string productId) =>
        !IdRules.IsValid(regionId) ? WarehouseEndpoints.InvalidId("region_id", regionId)
        : !IdRules.IsValid(productId) ? WarehouseEndpoints.InvalidId("product_id", productId)
        : null;
}
