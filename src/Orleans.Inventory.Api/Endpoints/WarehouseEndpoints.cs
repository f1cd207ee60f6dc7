using Microsoft.AspNetCore.Http;
using Orleans.Inventory.Api.Audit;
using Orleans.Inventory.Api.Models;
using Orleans.Inventory.Events;
using Orleans.Inventory.Warehouses;

namespace Orleans.Inventory.Api.Endpoints;

/// <summary>The warehouse registry: which warehouses exist and which region each feeds.</summary>
internal static class WarehouseEndpoints
{
    public static async Task<IResult> PutAsync(string warehouseId, HttpRequest request, IGrainFactory grains, CancellationToken cancellationToken)
    {
        if (!IdRules.IsValid(warehouseId))
        {
            return InvalidId("warehouse_id", warehouseId);
        }

        var (body, problem) = await JsonObjectBody.ReadAsync(request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        using (body)
        {
            if (body.ReadId("region_id", out var regionId) is { } invalidRegion)
            {
                return invalidRegion;
            }

            if (body.ReadOptionalText("name", WarehouseInfo.MaxNameLength, out var name) is { } invalidName)
            {
                return invalidName;
            }

            var registry = Registry(grains);
            var before = await registry.GetAsync(warehouseId);
            var stored = await registry.PutAsync(new WarehouseInfo(warehouseId, regionId, string.IsNullOrEmpty(name) ? warehouseId : name));
            // What changed, for the audit feed (an informative read before the write: a concurrent change may fall between).
            AuditNote.For(request.HttpContext).Detail = before is null
                ? $"registered: region_id={stored.RegionId}, name={stored.Name}"
                : $"region_id={before.RegionId} -> {stored.RegionId}, name={before.Name} -> {stored.Name}";
            return Results.Ok(stored);
        }
    }

    public static async Task<IResult> GetAsync(string warehouseId, IGrainFactory grains)
    {
        if (!IdRules.IsValid(warehouseId))
        {
            return InvalidId("warehouse_id", warehouseId);
        }

        return await Registry(grains).GetAsync(warehouseId) is { } warehouse
            ? Results.Ok(warehouse)
            : Results.Problem(title: "Warehouse not found", detail: $"No warehouse '{warehouseId}' is registered.", statusCode: StatusCodes.Status404NotFound);
    }

    public static async Task<IResult> ListAsync(IGrainFactory grains) =>
        Results.Ok(new WarehouseListResponse(await Registry(grains).ListAsync()));

    internal static IResult InvalidId(string name, string value) =>
        Problems.InvalidParameter(name, $"'{value}' is not a valid id: 1 to {IdRules.MaxLength} of {IdRules.Alphabet}");

    private static IWarehouseRegistryGrain Registry(IGrainFactory grains) =>
        grains.GetGrain<IWarehouseRegistryGrain>(IWarehouseRegistryGrain.Key);
}
